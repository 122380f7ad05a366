use sea_orm_migration::{prelude::*, schema::*};

/// What anomaly detection and a second instance need: the browsers each account has signed in
/// from (by a hash of a long-lived device cookie), and leases that let one instance at a time run
/// the background work (sweeps, reminders, digests).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(KnownDevice::Table)
                    .col(string_len(KnownDevice::AccountId, 36))
                    .col(string_len(KnownDevice::DeviceHash, 64))
                    .col(string_len(KnownDevice::Device, 80))
                    .col(boolean(KnownDevice::Announced))
                    .col(timestamp_with_time_zone(KnownDevice::FirstSeenAt))
                    .col(timestamp_with_time_zone(KnownDevice::LastSeenAt))
                    .primary_key(
                        Index::create()
                            .col(KnownDevice::AccountId)
                            .col(KnownDevice::DeviceHash),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WorkerLease::Table)
                    .col(string_len(WorkerLease::Name, 40).primary_key())
                    .col(string_len(WorkerLease::Holder, 64))
                    .col(timestamp_with_time_zone(WorkerLease::ExpiresAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WorkerLease::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(KnownDevice::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum KnownDevice {
    Table,
    AccountId,
    DeviceHash,
    Device,
    Announced,
    FirstSeenAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
enum WorkerLease {
    Table,
    Name,
    Holder,
    ExpiresAt,
}
