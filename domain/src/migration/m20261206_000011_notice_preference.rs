use sea_orm_migration::{prelude::*, schema::*};

/// What a person chose about the e-mails Portico sends them beyond the account's security
/// notices (which always go): a row per account and kind of notice they turned off or on again.
/// No row means the clinic's default (on).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NoticePreference::Table)
                    .col(string_len(NoticePreference::AccountId, 36))
                    .col(string_len(NoticePreference::Kind, 40))
                    .col(boolean(NoticePreference::Enabled))
                    .col(timestamp_with_time_zone(NoticePreference::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(NoticePreference::AccountId)
                            .col(NoticePreference::Kind),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(NoticePreference::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum NoticePreference {
    Table,
    AccountId,
    Kind,
    Enabled,
    UpdatedAt,
}
