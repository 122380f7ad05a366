//! Portico's domain and storage: database connection and migrations, entities, and the services
//! that the web app and the CLI call.
//!
//! This crate never depends on Leptos or axum: everything here is testable without a browser or a
//! web server, and the same tests run against SQLite and PostgreSQL.

pub mod access;
pub mod audit;
pub mod billing;
pub mod clinic;
pub mod clock;
pub mod core;
pub mod db;
pub mod entities;
pub mod error;
pub mod fhir;
pub mod i18n;
pub mod identity;
pub mod lease;
pub mod messaging;
pub mod migration;
pub mod money;
pub mod notify;
pub mod phi;
pub mod records;
pub mod renewals;
pub mod scheduling;
pub mod secrets;
#[cfg(feature = "test-util")]
pub mod test_passkeys;
#[cfg(feature = "test-util")]
pub mod test_util;
mod text;
pub mod vault;

pub use self::core::{Core, Services};
pub use error::{DomainError, DomainResult};
pub use sea_orm::DatabaseConnection;
