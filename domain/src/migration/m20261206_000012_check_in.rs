use sea_orm_migration::{prelude::*, schema::*};

/// Online check-in before a visit: what the patient (or the person acting for them) confirmed of
/// the record, the changes they asked the clinic to make (sealed), and their answers to the visit
/// type's questionnaires as FHIR QuestionnaireResponses (sealed). One row per visit. Each visit
/// type names the questionnaires it asks (`general` unless the clinic chose otherwise).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AppointmentCheckIn::Table)
                    .col(string_len(AppointmentCheckIn::AppointmentId, 36).primary_key())
                    .col(string_len(AppointmentCheckIn::PatientId, 36))
                    .col(string_len_null(AppointmentCheckIn::SubmittedBy, 36))
                    .col(timestamp_with_time_zone(AppointmentCheckIn::SubmittedAt))
                    .col(string_len(AppointmentCheckIn::Confirmed, 200))
                    .col(text_null(AppointmentCheckIn::Changes))
                    .col(text(AppointmentCheckIn::Answers))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_appointment_check_in_patient")
                    .table(AppointmentCheckIn::Table)
                    .col(AppointmentCheckIn::PatientId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(VisitType::Table)
                    .add_column(string_len(VisitType::Questionnaires, 200).default("general"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(VisitType::Table)
                    .drop_column(VisitType::Questionnaires)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(AppointmentCheckIn::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AppointmentCheckIn {
    Table,
    AppointmentId,
    PatientId,
    SubmittedBy,
    SubmittedAt,
    Confirmed,
    Changes,
    Answers,
}

#[derive(DeriveIden)]
enum VisitType {
    Table,
    Questionnaires,
}
