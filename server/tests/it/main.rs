//! HTTP-level tests: the real application on port 0, a real HTTP client. The database is SQLite,
//! or PostgreSQL when `PORTICO_TEST_POSTGRES_URL` is set. Tests run on a multi-thread runtime, as
//! the server does in production: on a single thread the client and the server share one worker,
//! and a test once hung there under load.

mod authorization;
mod body_limit;
mod cli;
mod crash;
mod csrf;
mod errors;
mod forms;
mod health;
mod helpers;
mod imports;
mod instances;
mod insurance_cards;
mod language;
mod mail;
mod message_files;
mod rate_limit;
mod routes;
mod security_headers;
mod sessions;
mod takeover;
mod tls;
mod webhooks;
