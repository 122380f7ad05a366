use sea_orm_migration::{prelude::*, schema::*};

/// Record pages read what they show (issue 12): each resource row gains its section, a sealed
/// compact projection of what lists and charts display (title, value, range, flag), whether a
/// report holds it, the keyed hash of the visit it belongs to, and whether it is its test's newest
/// result; with the indexes the pages query by; and a table of how many entries each section
/// lists per patient, kept by imports. `source` names the system a resource came from (empty for
/// the default source): the same `Type/id` from two sources are two resources. Rows stored by earlier versions have
/// `projection_version` 0 and are filled in at start-up (the projection needs the vault's key).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        let columns = [
            string_len_null(RecordResource::Section, 20),
            text(RecordResource::Projection).default("").take(),
            integer(RecordResource::ProjectionVersion).default(0).take(),
            boolean(RecordResource::InReport).default(false).take(),
            string_len_null(RecordResource::EncounterHash, 64),
            boolean(RecordResource::IsLatest).default(false).take(),
            string_len(RecordResource::Source, 64).default("").take(),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(RecordResource::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        let indexes = [
            (
                // Lists by section, newest first; and, covering what a reader's visibility asks,
                // counts of what a reader may not see.
                "idx_record_resource_section",
                vec![
                    RecordResource::PatientId,
                    RecordResource::Section,
                    RecordResource::InReport,
                    RecordResource::EffectiveAt,
                    RecordResource::Category,
                    RecordResource::Sensitivity,
                    RecordResource::ResourceType,
                ],
            ),
            (
                // Each test's newest result: more equalities than the section index, so the
                // planner picks it and never walks the results.
                "idx_record_resource_latest",
                vec![
                    RecordResource::PatientId,
                    RecordResource::IsLatest,
                    RecordResource::Section,
                    RecordResource::ResourceType,
                ],
            ),
            (
                "idx_record_resource_test",
                vec![
                    RecordResource::PatientId,
                    RecordResource::CodeHash,
                    RecordResource::EffectiveAt,
                ],
            ),
            (
                "idx_record_resource_encounter",
                vec![RecordResource::PatientId, RecordResource::EncounterHash],
            ),
            (
                "idx_record_resource_projection",
                vec![RecordResource::ProjectionVersion],
            ),
        ];
        for (name, columns) in indexes {
            let mut index = Index::create();
            index.name(name).table(RecordResource::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(RecordCount::Table)
                    .col(string_len(RecordCount::PatientId, 36))
                    .col(string_len(RecordCount::Section, 20))
                    .col(big_integer(RecordCount::Listed))
                    .primary_key(
                        Index::create()
                            .col(RecordCount::PatientId)
                            .col(RecordCount::Section),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RecordCount::Table).to_owned())
            .await?;
        for name in [
            "idx_record_resource_section",
            "idx_record_resource_latest",
            "idx_record_resource_test",
            "idx_record_resource_encounter",
            "idx_record_resource_projection",
        ] {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(RecordResource::Table)
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            RecordResource::Source,
            RecordResource::IsLatest,
            RecordResource::EncounterHash,
            RecordResource::InReport,
            RecordResource::ProjectionVersion,
            RecordResource::Projection,
            RecordResource::Section,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(RecordResource::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum RecordResource {
    Table,
    PatientId,
    Section,
    EffectiveAt,
    CodeHash,
    Projection,
    ProjectionVersion,
    InReport,
    EncounterHash,
    IsLatest,
    Category,
    Sensitivity,
    ResourceType,
    Source,
}

#[derive(DeriveIden)]
enum RecordCount {
    Table,
    PatientId,
    Section,
    Listed,
}
