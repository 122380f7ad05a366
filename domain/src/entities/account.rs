use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub role: String,
    /// Sealed (`crate::phi`).
    #[sea_orm(column_type = "Text")]
    pub display_name: String,
    /// Sealed (`crate::phi`).
    #[sea_orm(column_type = "Text")]
    pub email: Option<String>,
    pub patient_id: Option<String>,
    pub webauthn_user_id: String,
    pub status: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
