use sea_orm_migration::{prelude::*, schema::*};

/// A clinic code that re-enrols an existing account is an account recovery: it works only once a
/// second staff member (or the operator at the server's command line) has approved it. These
/// columns record who approved it and when. Codes re-issued by earlier versions and still pending
/// have neither, so they stop working until someone approves them.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(ActivationCode::Table)
                    .add_column(string_len_null(ActivationCode::ApprovedBy, 36))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ActivationCode::Table)
                    .add_column(timestamp_with_time_zone_null(ActivationCode::ApprovedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [ActivationCode::ApprovedAt, ActivationCode::ApprovedBy] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ActivationCode::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ActivationCode {
    Table,
    ApprovedBy,
    ApprovedAt,
}
