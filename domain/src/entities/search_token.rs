use sea_orm::entity::prelude::*;

/// A keyed hash of one searchable word (or word prefix) of a sealed name (`crate::phi::search`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_token")]
pub struct Model {
    /// The table whose row the name belongs to (`patient`, `account`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub owner_table: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub owner_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
