use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activation_code")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub code_hash: String,
    pub role: String,
    pub patient_id: Option<String>,
    pub account_id: Option<String>,
    /// Sealed (`crate::phi`).
    #[sea_orm(column_type = "Text")]
    pub display_name: String,
    /// Sealed (`crate::phi`).
    #[sea_orm(column_type = "Text")]
    pub email: Option<String>,
    pub issued_by: Option<String>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub failed_attempts: i32,
    /// For a caregiver's invitation: the grant the code accepts.
    pub proxy_grant_id: Option<String>,
    /// For a code that re-enrols an existing account (an account recovery): the second staff
    /// member who approved it, or `None` with `approved_at` set when the operator approved it
    /// at the server's command line. Until `approved_at` is set such a code does not work.
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
