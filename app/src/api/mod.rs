//! Server functions, one module per area. Each is a public HTTP endpoint: it finds the caller,
//! parses input into domain types, calls one domain service and maps the error. No SQL here.

pub mod account;
pub mod admin;
pub mod auth;
pub mod care;
pub mod clinic;
mod error;
pub mod records;
#[cfg(feature = "ssr")]
pub mod server_context;
pub mod staff;

pub use error::{ApiError, ApiErrorKind};
