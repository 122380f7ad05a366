use sea_orm_migration::{prelude::*, schema::*};

/// Data keys for PHI at rest: random 256-bit keys, stored only wrapped (encrypted) by a
/// key-encryption key that lives outside the database (a key file or environment variable).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DataKey::Table)
                    .col(string_len(DataKey::Id, 36).primary_key())
                    .col(string_len(DataKey::Purpose, 16))
                    .col(string_len(DataKey::KekId, 64))
                    .col(text(DataKey::Wrapped))
                    .col(timestamp_with_time_zone(DataKey::CreatedAt))
                    .col(timestamp_with_time_zone(DataKey::RewrappedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DataKey::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DataKey {
    Table,
    Id,
    Purpose,
    KekId,
    Wrapped,
    CreatedAt,
    RewrappedAt,
}
