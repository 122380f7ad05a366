use sea_orm_migration::{prelude::*, schema::*};

/// The language a person chose for Portico (pages and e-mails). No row: their browser's, else
/// the clinic's default.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AccountLanguage::Table)
                    .col(string_len(AccountLanguage::AccountId, 36).primary_key())
                    .col(string_len(AccountLanguage::Locale, 16))
                    .col(timestamp_with_time_zone(AccountLanguage::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AccountLanguage::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AccountLanguage {
    Table,
    AccountId,
    Locale,
    UpdatedAt,
}
