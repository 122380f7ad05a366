//! Schema migrations, applied in order at every start-up. A migration, once released, is never
//! edited: a change to the schema is a new migration.

use sea_orm_migration::prelude::*;

mod m20261122_000001_clinic_setting;
mod m20261122_000002_identity;
mod m20261122_000003_access;
mod m20261122_000004_data_key;
mod m20261123_000005_records;
mod m20261123_000006_sealed_identity;
mod m20261202_000007_recovery_approval;
mod m20261202_000008_record_projection;
mod m20261202_000009_import_job;
mod m20261203_000010_scheduling;
mod m20261206_000011_notice_preference;
mod m20261206_000012_check_in;
mod m20261206_000013_messaging;
mod m20261207_000014_renewals;
mod m20261207_000015_dispense_order;
mod m20261207_000016_billing;
mod m20261207_000017_billing_plan;
mod m20261207_000018_insurance_card;
mod m20261207_000019_security_watch;
mod m20261207_000020_account_language;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_clinic_setting::Migration),
            Box::new(m20261122_000002_identity::Migration),
            Box::new(m20261122_000003_access::Migration),
            Box::new(m20261122_000004_data_key::Migration),
            Box::new(m20261123_000005_records::Migration),
            Box::new(m20261123_000006_sealed_identity::Migration),
            Box::new(m20261202_000007_recovery_approval::Migration),
            Box::new(m20261202_000008_record_projection::Migration),
            Box::new(m20261202_000009_import_job::Migration),
            Box::new(m20261203_000010_scheduling::Migration),
            Box::new(m20261206_000011_notice_preference::Migration),
            Box::new(m20261206_000012_check_in::Migration),
            Box::new(m20261206_000013_messaging::Migration),
            Box::new(m20261207_000014_renewals::Migration),
            Box::new(m20261207_000015_dispense_order::Migration),
            Box::new(m20261207_000016_billing::Migration),
            Box::new(m20261207_000017_billing_plan::Migration),
            Box::new(m20261207_000018_insurance_card::Migration),
            Box::new(m20261207_000019_security_watch::Migration),
            Box::new(m20261207_000020_account_language::Migration),
        ]
    }
}
