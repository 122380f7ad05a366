use sea_orm_migration::{prelude::*, schema::*};

/// Prescription renewal requests (with the new prescription an approval records, sealed) and the
/// pharmacies a patient saved; files sent with messages (sealed); when each member of staff last had the inbox digest; and when the patient's side was last told of news in a
/// conversation (the message notices are sent at most once an hour per conversation).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Pharmacy::Table)
                    .col(string_len(Pharmacy::Id, 36).primary_key())
                    .col(string_len(Pharmacy::PatientId, 36))
                    .col(text(Pharmacy::Details))
                    .col(timestamp_with_time_zone(Pharmacy::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_pharmacy_patient")
                    .table(Pharmacy::Table)
                    .col(Pharmacy::PatientId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RenewalRequest::Table)
                    .col(string_len(RenewalRequest::Id, 36).primary_key())
                    .col(string_len(RenewalRequest::PatientId, 36))
                    .col(string_len(RenewalRequest::MedicationId, 36))
                    // The medication's entry while the request is open, else null: one open
                    // request per prescription, held by the database.
                    .col(string_len_null(RenewalRequest::OpenKey, 36).unique_key())
                    .col(string_len(RenewalRequest::Kind, 20))
                    .col(string_len(RenewalRequest::Status, 20))
                    .col(string_len(RenewalRequest::PharmacyId, 36))
                    .col(boolean(RenewalRequest::Confidential).default(false))
                    .col(text(RenewalRequest::Details))
                    .col(string_len_null(RenewalRequest::RequestedBy, 36))
                    .col(timestamp_with_time_zone(RenewalRequest::RequestedAt))
                    .col(string_len_null(RenewalRequest::DecidedBy, 36))
                    .col(timestamp_with_time_zone_null(RenewalRequest::DecidedAt))
                    .col(text_null(RenewalRequest::Decision))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_renewal_patient")
                    .table(RenewalRequest::Table)
                    .col(RenewalRequest::PatientId)
                    .col(RenewalRequest::RequestedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_renewal_status")
                    .table(RenewalRequest::Table)
                    .col(RenewalRequest::Status)
                    .col(RenewalRequest::RequestedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MessageAttachment::Table)
                    .col(string_len(MessageAttachment::Id, 36).primary_key())
                    .col(string_len(MessageAttachment::ConversationId, 36))
                    .col(string_len(MessageAttachment::MessageId, 36))
                    .col(string_len(MessageAttachment::ContentType, 40))
                    .col(big_integer(MessageAttachment::Size))
                    .col(text(MessageAttachment::Name))
                    .col(text(MessageAttachment::Data))
                    .col(timestamp_with_time_zone(MessageAttachment::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_message_attachment_message")
                    .table(MessageAttachment::Table)
                    .col(MessageAttachment::MessageId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StaffDigest::Table)
                    .col(string_len(StaffDigest::AccountId, 36).primary_key())
                    .col(timestamp_with_time_zone(StaffDigest::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Conversation::Table)
                    .add_column(timestamp_with_time_zone_null(Conversation::NotifiedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Conversation::Table)
                    .drop_column(Conversation::NotifiedAt)
                    .to_owned(),
            )
            .await?;
        for table in [
            StaffDigest::Table.into_iden(),
            MessageAttachment::Table.into_iden(),
            RenewalRequest::Table.into_iden(),
            Pharmacy::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Pharmacy {
    Table,
    Id,
    PatientId,
    Details,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RenewalRequest {
    Table,
    Id,
    PatientId,
    MedicationId,
    OpenKey,
    Kind,
    Status,
    PharmacyId,
    Confidential,
    Details,
    RequestedBy,
    RequestedAt,
    DecidedBy,
    DecidedAt,
    Decision,
}

#[derive(DeriveIden)]
enum MessageAttachment {
    Table,
    Id,
    ConversationId,
    MessageId,
    ContentType,
    Size,
    Name,
    Data,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StaffDigest {
    Table,
    AccountId,
    SentAt,
}

#[derive(DeriveIden)]
enum Conversation {
    Table,
    NotifiedAt,
}
