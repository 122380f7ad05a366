#![recursion_limit = "256"]

//! The Portico web server: configuration, start-up, HTTP middleware and the CLI. `main.rs` only
//! calls [`cli::main`].

pub mod cli;
pub mod config;
pub mod files;
pub mod health;
pub mod mail;
pub mod middleware;
mod schedule_admin;
pub mod startup;
pub mod telemetry;
pub mod tls;
pub mod webhooks;
