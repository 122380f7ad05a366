use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proxy_grant")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub patient_id: String,
    /// Empty until the caregiver accepts the invitation.
    pub grantee_account_id: Option<String>,
    /// Sealed (`crate::phi`).
    #[sea_orm(column_type = "Text")]
    pub grantee_name: String,
    /// Sealed (`crate::phi`).
    #[sea_orm(column_type = "Text")]
    pub grantee_email: Option<String>,
    /// Sealed (`crate::phi`).
    #[sea_orm(column_type = "Text")]
    pub relationship: String,
    /// `personal` (granted by the patient) or `guardian` (set up by the clinic for a minor).
    pub kind: String,
    /// Comma-separated scope names.
    pub scopes: String,
    pub expires_at: Option<DateTimeUtc>,
    pub created_by: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    pub ended_by: Option<String>,
    /// `revoked`, `age_of_majority`.
    pub end_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
