use sea_orm_migration::{prelude::*, schema::*};

/// Pictures of a patient's insurance card, front and back (one of each kept): JPEG or PNG as the
/// upload rules of messages leave them (re-encoded, without metadata), sealed.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(InsuranceCard::Table)
                    .col(string_len(InsuranceCard::Id, 36).primary_key())
                    .col(string_len(InsuranceCard::PatientId, 36))
                    .col(string_len(InsuranceCard::Side, 10))
                    .col(string_len(InsuranceCard::ContentType, 40))
                    .col(big_integer(InsuranceCard::Size))
                    .col(text(InsuranceCard::Data))
                    .col(string_len_null(InsuranceCard::UploadedBy, 36))
                    .col(timestamp_with_time_zone(InsuranceCard::UploadedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_insurance_card_side")
                    .table(InsuranceCard::Table)
                    .col(InsuranceCard::PatientId)
                    .col(InsuranceCard::Side)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(InsuranceCard::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum InsuranceCard {
    Table,
    Id,
    PatientId,
    Side,
    ContentType,
    Size,
    Data,
    UploadedBy,
    UploadedAt,
}
