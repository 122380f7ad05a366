//! One module per page, grouped by area.

pub mod account;
pub mod admin;
pub mod appointments;
pub mod auth;
pub mod billing;
pub mod contact;
pub mod home;
pub mod messages;
pub mod not_found;
pub mod patient;
pub mod renewals;
pub mod staff;
