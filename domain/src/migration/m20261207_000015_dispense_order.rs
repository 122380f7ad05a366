use sea_orm_migration::{prelude::*, schema::*};

/// A dispense row names the prescription it was given under (the keyed hash of that
/// MedicationRequest's source key), so that counting a prescription's refills reads the index,
/// not every dispense of the patient. Dispenses stored earlier go back to projection version 0,
/// so that start-up fills the column in (the hash needs the vault's key); no other row is read.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RecordResource::Table)
                    .add_column(string_len_null(RecordResource::OrderHash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_record_resource_order")
                    .table(RecordResource::Table)
                    .col(RecordResource::PatientId)
                    .col(RecordResource::OrderHash)
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(RecordResource::Table)
                    .value(RecordResource::ProjectionVersion, 0)
                    .and_where(Expr::col(RecordResource::ResourceType).eq("MedicationDispense"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_record_resource_order")
                    .table(RecordResource::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RecordResource::Table)
                    .drop_column(RecordResource::OrderHash)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum RecordResource {
    Table,
    PatientId,
    ResourceType,
    ProjectionVersion,
    OrderHash,
}
