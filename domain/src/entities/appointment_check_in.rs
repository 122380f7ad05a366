use sea_orm::entity::prelude::*;

/// A visit's online check-in.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appointment_check_in")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub appointment_id: String,
    pub patient_id: String,
    /// The account that checked in (the patient or someone acting for them).
    pub submitted_by: Option<String>,
    pub submitted_at: DateTimeUtc,
    /// The parts of the record confirmed as right, comma-separated
    /// (`contact,insurance,medications,allergies`).
    pub confirmed: String,
    /// What the patient says has changed, sealed.
    pub changes: Option<String>,
    /// The answers: a JSON array of FHIR QuestionnaireResponses, sealed.
    pub answers: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
