use sea_orm::entity::prelude::*;

/// A request to refill or renew a prescription, and the clinician's decision.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "renewal_request")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub patient_id: String,
    /// The prescription's record entry (`record_resource` id).
    pub medication_id: String,
    /// `medication_id` while the request waits, else none (one open request per prescription).
    pub open_key: Option<String>,
    /// `refill` or `renewal`.
    pub kind: String,
    /// `pending`, `approved`, `denied` or `visit` (needs a visit).
    pub status: String,
    pub pharmacy_id: String,
    /// The prescription is in a confidential category: never shown to a guardian of an
    /// adolescent.
    pub confidential: bool,
    /// Sealed JSON: the medication's name and dosage, the patient's note.
    #[sea_orm(column_type = "Text")]
    pub details: String,
    pub requested_by: Option<String>,
    pub requested_at: DateTimeUtc,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    /// Sealed JSON: the reason given, the refills granted and the new FHIR MedicationRequest.
    #[sea_orm(column_type = "Text", nullable)]
    pub decision: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
