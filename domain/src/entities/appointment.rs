use sea_orm::entity::prelude::*;

/// A visit (FHIR Appointment), or a patient's request for one.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appointment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub patient_id: String,
    pub visit_type_id: String,
    pub clinician_id: Option<String>,
    pub location_id: Option<String>,
    /// The first slot it holds.
    pub slot_id: Option<String>,
    pub start_at: Option<DateTimeUtc>,
    pub end_at: Option<DateTimeUtc>,
    /// `requested`, `booked`, `arrived`, `fulfilled`, `cancelled`, `noshow` or `declined`.
    pub status: String,
    /// Sealed.
    pub reason: Option<String>,
    /// A request's preferred times, sealed.
    pub preferred: Option<String>,
    pub booked_by: Option<String>,
    pub booked_by_clinic: bool,
    pub created_at: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub cancelled_by: Option<String>,
    /// Sealed.
    pub cancel_reason: Option<String>,
    /// Cancelled after the cut-off.
    pub late: bool,
    pub rescheduled_from: Option<String>,
    pub rescheduled_to: Option<String>,
    pub checked_in_at: Option<DateTimeUtc>,
    pub arrived_at: Option<DateTimeUtc>,
    /// The id it had in an imported FHIR file.
    pub fhir_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
