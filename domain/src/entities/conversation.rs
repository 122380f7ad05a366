use sea_orm::entity::prelude::*;

/// A conversation between a patient's side and a pool of clinic staff (FHIR Communication
/// threads in export).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conversation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub patient_id: String,
    /// `medical`, `private`, `appointment`, `billing` or `prescription`.
    pub topic: String,
    /// The staff pool that works it: `clinicians`, `front-desk`, `billing` or `renewals`.
    pub pool: String,
    /// On a confidential topic: never shown to a guardian of an adolescent.
    pub confidential: bool,
    /// Sealed.
    pub subject: String,
    /// `open`, `waiting` (on the patient) or `closed`.
    pub status: String,
    pub assigned_to: Option<String>,
    pub started_by: Option<String>,
    pub created_at: DateTimeUtc,
    pub last_message_at: DateTimeUtc,
    /// The latest message from the patient's side (for "read by the care team").
    pub last_patient_message_at: Option<DateTimeUtc>,
    /// When the patient's side was last e-mailed about news here (at most once an hour).
    pub notified_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
