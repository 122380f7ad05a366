//! Server functions, one module per area, mirroring the domain's areas: identity (`auth`,
//! `account`, `staff` invitations), access (`access`, `admin` audit search) and records
//! (`records`, and `imports` for the staff upload) and scheduling (`scheduling`, and `schedule_admin` for its settings). Each function is a public HTTP endpoint: it gets the policy's answer, parses
//! input into domain types, calls one domain service and maps the error. No SQL here.
//!
//! Shared by all of them and depending on none: `patient` (the banner of every patient page)
//! and `display` (dates, times, sizes as people read them).

pub mod access;
pub mod account;
pub mod admin;
pub mod auth;
pub mod billing;
pub mod clinic;
#[cfg(feature = "ssr")]
pub mod display;
mod error;
#[cfg(feature = "ssr")]
mod form_parts;
pub mod imports;
pub mod messaging;
pub mod patient;
pub mod records;
pub mod renewals;
pub mod schedule_admin;
pub mod scheduling;
#[cfg(feature = "ssr")]
pub mod server_context;
pub mod staff;

pub use error::{ApiError, ApiErrorKind};
