use sea_orm::entity::prelude::*;

/// Keyed hashes of a stored resource's identifiers (`Type|system|value`), so a later import's
/// conditional reference (`Practitioner?identifier=…`) finds it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "record_identifier")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub identifier_hash: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub resource_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
