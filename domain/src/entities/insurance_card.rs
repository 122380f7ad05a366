use sea_orm::entity::prelude::*;

/// A picture of one side of a patient's insurance card (see `billing::cards`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "insurance_card")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub patient_id: String,
    /// `front` or `back`; one of each per patient.
    pub side: String,
    /// `image/jpeg` or `image/png`: what the stored bytes are.
    pub content_type: String,
    pub size: i64,
    /// Sealed: the bytes, base64.
    #[sea_orm(column_type = "Text")]
    pub data: String,
    pub uploaded_by: Option<String>,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
