//! Widgets shared by several pages.

pub mod download;
pub mod error_page;
pub mod form;
pub mod issued_code;
pub mod layout;
pub mod passkey_check;
pub mod query;
pub mod recovery_codes;
pub mod session;
pub mod step_up;
pub mod trend_chart;
