use sea_orm_migration::{prelude::*, schema::*};

/// Clinic-wide settings that admins change at run time (the clinic's name and contact details now;
/// age rules for minors and result-release delays later). Key-value, so a new setting needs no
/// migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ClinicSetting::Table)
                    .if_not_exists()
                    .col(string_len(ClinicSetting::Key, 64).primary_key())
                    .col(text(ClinicSetting::Value))
                    .col(timestamp_with_time_zone(ClinicSetting::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ClinicSetting::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ClinicSetting {
    Table,
    Key,
    Value,
    UpdatedAt,
}
