#![recursion_limit = "256"]

//! The Portico web server: configuration, start-up, HTTP middleware and the CLI. `main.rs` only
//! calls [`cli::main`].

/// Prints a line of a command's answer on stdout, as `println!` does, except that a reader that
/// has gone away (`portico admin … | head -1`) ends the command quietly instead of a panic.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::print_line(format_args!($($arg)*))
    };
}

pub mod backup;
pub mod cli;
pub mod config;
pub mod files;
pub mod health;
pub mod mail;
pub mod middleware;
pub mod offline;
mod schedule_admin;
pub mod startup;
pub mod telemetry;
pub mod tls;
pub mod webhooks;
