use sea_orm_migration::{prelude::*, schema::*};

/// Staff imports run as jobs: the upload page hands the files over and follows the job, which
/// goes on when the browser closes. A row per job says who started it, from which source, how big
/// it was, and how it ended: the counts it stored (no PHI) or why it failed (sealed, since a
/// message names the file and entry).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImportJob::Table)
                    .col(string_len(ImportJob::Id, 36).primary_key())
                    .col(string_len_null(ImportJob::RequestedBy, 36))
                    .col(string_len(ImportJob::Source, 64))
                    .col(string_len(ImportJob::Status, 16))
                    .col(integer(ImportJob::Files))
                    .col(big_integer(ImportJob::Bytes))
                    .col(big_integer(ImportJob::Total))
                    .col(text_null(ImportJob::Summary))
                    .col(text_null(ImportJob::Error))
                    .col(timestamp_with_time_zone(ImportJob::CreatedAt))
                    .col(timestamp_with_time_zone_null(ImportJob::FinishedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_import_job_created")
                    .table(ImportJob::Table)
                    .col(ImportJob::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportJob::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ImportJob {
    Table,
    Id,
    RequestedBy,
    Source,
    Status,
    Files,
    Bytes,
    Total,
    Summary,
    Error,
    CreatedAt,
    FinishedAt,
}
