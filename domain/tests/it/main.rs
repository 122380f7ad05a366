//! Domain integration tests: each test gets its own migrated database, SQLite by default and
//! PostgreSQL when `PORTICO_TEST_POSTGRES_URL` is set.

mod access;
mod anomalies;
mod audit;
mod billing;
mod clinic;
mod clinic_recovery;
mod db;
mod fhir;
mod fuzz;
mod i18n;
mod identity;
mod messaging;
mod phi;
mod records;
mod renewals;
mod scheduling;
mod support;
mod vault;
