use sea_orm_migration::{prelude::*, schema::*};

/// Secure messaging: conversations between a patient (or someone acting for them) and a pool of
/// clinic staff, their messages (sealed; internal notes only staff see), and who has read each
/// conversation up to when.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Conversation::Table)
                    .col(string_len(Conversation::Id, 36).primary_key())
                    .col(string_len(Conversation::PatientId, 36))
                    .col(string_len(Conversation::Topic, 40))
                    .col(string_len(Conversation::Pool, 40))
                    .col(boolean(Conversation::Confidential).default(false))
                    .col(text(Conversation::Subject))
                    .col(string_len(Conversation::Status, 20))
                    .col(string_len_null(Conversation::AssignedTo, 36))
                    .col(string_len_null(Conversation::StartedBy, 36))
                    .col(timestamp_with_time_zone(Conversation::CreatedAt))
                    .col(timestamp_with_time_zone(Conversation::LastMessageAt))
                    .col(timestamp_with_time_zone_null(
                        Conversation::LastPatientMessageAt,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conversation_patient")
                    .table(Conversation::Table)
                    .col(Conversation::PatientId)
                    .col(Conversation::LastMessageAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conversation_pool")
                    .table(Conversation::Table)
                    .col(Conversation::Pool)
                    .col(Conversation::Status)
                    .col(Conversation::LastMessageAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ConversationMessage::Table)
                    .col(string_len(ConversationMessage::Id, 36).primary_key())
                    .col(string_len(ConversationMessage::ConversationId, 36))
                    .col(string_len_null(ConversationMessage::AuthorId, 36))
                    .col(boolean(ConversationMessage::FromClinic))
                    .col(boolean(ConversationMessage::Internal).default(false))
                    .col(text(ConversationMessage::Body))
                    .col(timestamp_with_time_zone(ConversationMessage::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conversation_message_conversation")
                    .table(ConversationMessage::Table)
                    .col(ConversationMessage::ConversationId)
                    .col(ConversationMessage::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ConversationRead::Table)
                    .col(string_len(ConversationRead::ConversationId, 36))
                    .col(string_len(ConversationRead::AccountId, 36))
                    .col(boolean(ConversationRead::ClinicSide))
                    .col(timestamp_with_time_zone(ConversationRead::ReadAt))
                    .primary_key(
                        Index::create()
                            .col(ConversationRead::ConversationId)
                            .col(ConversationRead::AccountId),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ConversationRead::Table.into_iden(),
            ConversationMessage::Table.into_iden(),
            Conversation::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Conversation {
    Table,
    Id,
    PatientId,
    Topic,
    Pool,
    Confidential,
    Subject,
    Status,
    AssignedTo,
    StartedBy,
    CreatedAt,
    LastMessageAt,
    LastPatientMessageAt,
}

#[derive(DeriveIden)]
enum ConversationMessage {
    Table,
    Id,
    ConversationId,
    AuthorId,
    FromClinic,
    Internal,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ConversationRead {
    Table,
    ConversationId,
    AccountId,
    ClinicSide,
    ReadAt,
}
