//! SeaORM entities, one module per table.

pub mod account;
pub mod activation_code;
pub mod audit_event;
pub mod audit_head;
pub mod clinic_setting;
pub mod data_key;
pub mod email_outbox;
pub mod import_job;
pub mod passkey;
pub mod patient;
pub mod proxy_grant;
pub mod record_count;
pub mod record_identifier;
pub mod record_resource;
pub mod recovery_code;
pub mod search_token;
pub mod session;
pub mod throttle;
pub mod webauthn_ceremony;
