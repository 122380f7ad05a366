use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "patient")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Sealed (`crate::phi`).
    #[sea_orm(column_type = "Text")]
    pub given_name: String,
    /// Sealed (`crate::phi`).
    #[sea_orm(column_type = "Text")]
    pub family_name: String,
    /// Sealed `YYYY-MM-DD` (`crate::phi`).
    #[sea_orm(column_type = "Text")]
    pub birth_date: String,
    /// Sealed (`crate::phi`).
    #[sea_orm(column_type = "Text")]
    pub email: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
