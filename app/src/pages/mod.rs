//! One module per page, grouped by area as the app grows.

pub mod contact;
pub mod home;
pub mod not_found;
