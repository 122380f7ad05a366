//! Widgets shared by several pages.

pub mod error_page;
pub mod layout;
pub mod passkey_check;
pub mod recovery_codes;
pub mod session;
