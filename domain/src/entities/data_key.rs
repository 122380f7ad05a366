use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_key")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `encryption` (AEAD for values) or `index` (keyed hashes for searchable columns).
    pub purpose: String,
    /// Which key-encryption key wraps it.
    pub kek_id: String,
    /// Base64 of nonce and ciphertext.
    #[sea_orm(column_type = "Text")]
    pub wrapped: String,
    pub created_at: DateTimeUtc,
    pub rewrapped_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
