use sea_orm::entity::prelude::*;

/// A bookable stretch of a clinician's time (FHIR Slot).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sched_slot")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub clinician_id: String,
    pub location_id: String,
    pub template_id: Option<String>,
    pub exception_id: Option<String>,
    pub start_at: DateTimeUtc,
    pub end_at: DateTimeUtc,
    pub visit_types: String,
    /// `free`, `busy` (an appointment holds it) or `blocked` (time off).
    pub status: String,
    pub appointment_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
