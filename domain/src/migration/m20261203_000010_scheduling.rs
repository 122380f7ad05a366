use sea_orm_migration::{prelude::*, schema::*};

/// Scheduling, shaped like FHIR's Schedule, Slot and Appointment: clinicians and locations, the
/// visit types the clinic offers and its rules for booking them online, weekly templates per
/// clinician and location with exceptions, the slots generated from them, appointments (with
/// their history: who cancelled, why, what a reschedule replaced) and the reminders due for them.
///
/// A slot is taken by a guarded `UPDATE … WHERE status = 'free'` that must change every slot the
/// visit needs; a unique partial index on an active appointment's first slot backs it up.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SchedClinician::Table)
                    .col(string_len(SchedClinician::Id, 36).primary_key())
                    .col(string_len(SchedClinician::Name, 120))
                    .col(string_len_null(SchedClinician::Title, 120))
                    .col(string_len_null(SchedClinician::AccountId, 36))
                    .col(boolean(SchedClinician::Active))
                    .col(timestamp_with_time_zone(SchedClinician::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SchedLocation::Table)
                    .col(string_len(SchedLocation::Id, 36).primary_key())
                    .col(string_len(SchedLocation::Name, 120))
                    .col(text(SchedLocation::Address))
                    .col(string_len_null(SchedLocation::Phone, 40))
                    .col(text_null(SchedLocation::Directions))
                    .col(timestamp_with_time_zone(SchedLocation::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VisitType::Table)
                    .col(string_len(VisitType::Id, 40).primary_key())
                    .col(string_len(VisitType::Name, 120))
                    .col(integer(VisitType::Minutes))
                    .col(string_len(VisitType::Booking, 16))
                    .col(integer(VisitType::EstablishedMonths))
                    .col(integer(VisitType::MinLeadMinutes))
                    .col(integer(VisitType::HorizonDays))
                    .col(integer(VisitType::CancelCutoffHours))
                    .col(text_null(VisitType::Instructions))
                    .col(boolean(VisitType::Active))
                    .col(integer(VisitType::Position))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SchedTemplate::Table)
                    .col(string_len(SchedTemplate::Id, 36).primary_key())
                    .col(string_len(SchedTemplate::ClinicianId, 36))
                    .col(string_len(SchedTemplate::LocationId, 36))
                    .col(integer(SchedTemplate::Weekday))
                    .col(integer(SchedTemplate::StartMinute))
                    .col(integer(SchedTemplate::EndMinute))
                    .col(integer(SchedTemplate::SlotMinutes))
                    .col(text(SchedTemplate::VisitTypes))
                    .col(date(SchedTemplate::ValidFrom))
                    .col(date_null(SchedTemplate::ValidUntil))
                    .col(timestamp_with_time_zone(SchedTemplate::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SchedException::Table)
                    .col(string_len(SchedException::Id, 36).primary_key())
                    .col(string_len(SchedException::ClinicianId, 36))
                    .col(string_len_null(SchedException::LocationId, 36))
                    .col(date(SchedException::Day))
                    .col(integer(SchedException::StartMinute))
                    .col(integer(SchedException::EndMinute))
                    .col(string_len(SchedException::Kind, 16))
                    .col(integer_null(SchedException::SlotMinutes))
                    .col(text_null(SchedException::VisitTypes))
                    .col(string_len_null(SchedException::Note, 200))
                    .col(timestamp_with_time_zone(SchedException::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SchedSlot::Table)
                    .col(string_len(SchedSlot::Id, 36).primary_key())
                    .col(string_len(SchedSlot::ClinicianId, 36))
                    .col(string_len(SchedSlot::LocationId, 36))
                    .col(string_len_null(SchedSlot::TemplateId, 36))
                    .col(string_len_null(SchedSlot::ExceptionId, 36))
                    .col(timestamp_with_time_zone(SchedSlot::StartAt))
                    .col(timestamp_with_time_zone(SchedSlot::EndAt))
                    .col(text(SchedSlot::VisitTypes))
                    .col(string_len(SchedSlot::Status, 16))
                    .col(string_len_null(SchedSlot::AppointmentId, 36))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_sched_slot_clinician_start")
                    .table(SchedSlot::Table)
                    .col(SchedSlot::ClinicianId)
                    .col(SchedSlot::StartAt)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sched_slot_open")
                    .table(SchedSlot::Table)
                    .col(SchedSlot::Status)
                    .col(SchedSlot::StartAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Appointment::Table)
                    .col(string_len(Appointment::Id, 36).primary_key())
                    .col(string_len(Appointment::PatientId, 36))
                    .col(string_len(Appointment::VisitTypeId, 40))
                    .col(string_len_null(Appointment::ClinicianId, 36))
                    .col(string_len_null(Appointment::LocationId, 36))
                    .col(string_len_null(Appointment::SlotId, 36))
                    .col(timestamp_with_time_zone_null(Appointment::StartAt))
                    .col(timestamp_with_time_zone_null(Appointment::EndAt))
                    .col(string_len(Appointment::Status, 16))
                    .col(text_null(Appointment::Reason))
                    .col(text_null(Appointment::Preferred))
                    .col(string_len_null(Appointment::BookedBy, 36))
                    .col(boolean(Appointment::BookedByClinic))
                    .col(timestamp_with_time_zone(Appointment::CreatedAt))
                    .col(timestamp_with_time_zone_null(Appointment::ConfirmedAt))
                    .col(timestamp_with_time_zone_null(Appointment::CancelledAt))
                    .col(string_len_null(Appointment::CancelledBy, 36))
                    .col(text_null(Appointment::CancelReason))
                    .col(boolean(Appointment::Late))
                    .col(string_len_null(Appointment::RescheduledFrom, 36))
                    .col(string_len_null(Appointment::RescheduledTo, 36))
                    .col(timestamp_with_time_zone_null(Appointment::CheckedInAt))
                    .col(timestamp_with_time_zone_null(Appointment::ArrivedAt))
                    .col(string_len_null(Appointment::FhirId, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_appointment_patient_start")
                    .table(Appointment::Table)
                    .col(Appointment::PatientId)
                    .col(Appointment::StartAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_appointment_start")
                    .table(Appointment::Table)
                    .col(Appointment::StartAt)
                    .to_owned(),
            )
            .await?;
        // One active appointment per slot, whatever the code above it does (the same SQL on
        // SQLite and PostgreSQL).
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_appointment_active_slot ON appointment (slot_id) \
                 WHERE status IN ('booked', 'arrived', 'fulfilled')",
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AppointmentReminder::Table)
                    .col(string_len(AppointmentReminder::AppointmentId, 36))
                    .col(integer(AppointmentReminder::LeadMinutes))
                    .col(timestamp_with_time_zone(AppointmentReminder::DueAt))
                    .col(timestamp_with_time_zone_null(AppointmentReminder::SentAt))
                    .primary_key(
                        Index::create()
                            .col(AppointmentReminder::AppointmentId)
                            .col(AppointmentReminder::LeadMinutes),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_appointment_reminder_due")
                    .table(AppointmentReminder::Table)
                    .col(AppointmentReminder::SentAt)
                    .col(AppointmentReminder::DueAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AppointmentReminder::Table.into_iden(),
            Appointment::Table.into_iden(),
            SchedSlot::Table.into_iden(),
            SchedException::Table.into_iden(),
            SchedTemplate::Table.into_iden(),
            VisitType::Table.into_iden(),
            SchedLocation::Table.into_iden(),
            SchedClinician::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SchedClinician {
    Table,
    Id,
    Name,
    Title,
    AccountId,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SchedLocation {
    Table,
    Id,
    Name,
    Address,
    Phone,
    Directions,
    CreatedAt,
}

#[derive(DeriveIden)]
enum VisitType {
    Table,
    Id,
    Name,
    Minutes,
    Booking,
    EstablishedMonths,
    MinLeadMinutes,
    HorizonDays,
    CancelCutoffHours,
    Instructions,
    Active,
    Position,
}

#[derive(DeriveIden)]
enum SchedTemplate {
    Table,
    Id,
    ClinicianId,
    LocationId,
    Weekday,
    StartMinute,
    EndMinute,
    SlotMinutes,
    VisitTypes,
    ValidFrom,
    ValidUntil,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SchedException {
    Table,
    Id,
    ClinicianId,
    LocationId,
    Day,
    StartMinute,
    EndMinute,
    Kind,
    SlotMinutes,
    VisitTypes,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SchedSlot {
    Table,
    Id,
    ClinicianId,
    LocationId,
    TemplateId,
    ExceptionId,
    StartAt,
    EndAt,
    VisitTypes,
    Status,
    AppointmentId,
}

#[derive(DeriveIden)]
enum Appointment {
    Table,
    Id,
    PatientId,
    VisitTypeId,
    ClinicianId,
    LocationId,
    SlotId,
    StartAt,
    EndAt,
    Status,
    Reason,
    Preferred,
    BookedBy,
    BookedByClinic,
    CreatedAt,
    ConfirmedAt,
    CancelledAt,
    CancelledBy,
    CancelReason,
    Late,
    RescheduledFrom,
    RescheduledTo,
    CheckedInAt,
    ArrivedAt,
    FhirId,
}

#[derive(DeriveIden)]
enum AppointmentReminder {
    Table,
    AppointmentId,
    LeadMinutes,
    DueAt,
    SentAt,
}
