//! Portico's developer commands: `cargo xtask <command>`.
//!
//! - `setup`: installs what building and testing need, and only what is missing.
//! - `run`: sets up, builds the release site and serves Portico on SQLite with demo data.
//! - `test`: sets up and runs every test: unit, integration and browser, on SQLite and, when
//!   PostgreSQL is reachable (or `--postgres` demands it), on PostgreSQL too.
//! - `size`: builds the release site and reports what a first page load downloads.

mod process;
mod serve;
mod setup;
mod size;
mod test;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <setup | run | test [--postgres] | size>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::ensure_all(),
        Some("run") => serve::run_demo(),
        Some("test") => test::run_all(&args[1..]),
        Some("size") => size::report(),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
