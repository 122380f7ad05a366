use sea_orm::entity::prelude::*;

/// A clinician patients book with (see `scheduling`); linked to a staff account when they sign in.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sched_clinician")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub name: String,
    /// What patients read under the name ("Family physician"); never in reminders.
    pub title: Option<String>,
    pub account_id: Option<String>,
    pub active: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
