//! Cross-cutting HTTP layers. Each module owns one concern and is applied to every route in
//! `startup::router`.

pub mod body_limit;
pub mod csrf;
pub mod language;
pub mod panic_page;
pub mod rate_limit;
pub mod request_id;
pub mod security_headers;
pub mod session;
