use sea_orm_migration::{prelude::*, schema::*};

/// Clinical records: one row per stored FHIR R4 resource. The resource itself (after import has
/// resolved its references) is sealed in `resource`; only what lists must sort and filter on stays
/// in the clear (type, coarse category, status, date) or as a keyed hash (source key, code,
/// identifiers).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RecordResource::Table)
                    .col(string_len(RecordResource::Id, 36).primary_key())
                    .col(string_len_null(RecordResource::PatientId, 36))
                    .col(string_len(RecordResource::ResourceType, 40))
                    .col(string_len(RecordResource::SourceKeyHash, 64).unique_key())
                    .col(text(RecordResource::SourceKey))
                    .col(string_len(RecordResource::Category, 64))
                    .col(string_len(RecordResource::Sensitivity, 255))
                    .col(string_len_null(RecordResource::CodeHash, 64))
                    .col(string_len_null(RecordResource::Status, 40))
                    .col(timestamp_with_time_zone_null(RecordResource::EffectiveAt))
                    .col(text(RecordResource::Resource))
                    .col(string_len(RecordResource::ImportId, 36))
                    .col(timestamp_with_time_zone(RecordResource::CreatedAt))
                    .col(timestamp_with_time_zone(RecordResource::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_record_resource_patient_type")
                    .table(RecordResource::Table)
                    .col(RecordResource::PatientId)
                    .col(RecordResource::ResourceType)
                    .col(RecordResource::EffectiveAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_record_resource_patient_code")
                    .table(RecordResource::Table)
                    .col(RecordResource::PatientId)
                    .col(RecordResource::CodeHash)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecordIdentifier::Table)
                    .col(string_len(RecordIdentifier::IdentifierHash, 64))
                    .col(string_len(RecordIdentifier::ResourceId, 36))
                    .primary_key(
                        Index::create()
                            .col(RecordIdentifier::IdentifierHash)
                            .col(RecordIdentifier::ResourceId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_record_identifier_resource")
                    .table(RecordIdentifier::Table)
                    .col(RecordIdentifier::ResourceId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RecordIdentifier::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(RecordResource::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RecordResource {
    Table,
    Id,
    PatientId,
    ResourceType,
    SourceKeyHash,
    SourceKey,
    Category,
    Sensitivity,
    CodeHash,
    Status,
    EffectiveAt,
    Resource,
    ImportId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RecordIdentifier {
    Table,
    IdentifierHash,
    ResourceId,
}
