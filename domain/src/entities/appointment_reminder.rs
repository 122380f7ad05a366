use sea_orm::entity::prelude::*;

/// A reminder due before an appointment; sent once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appointment_reminder")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub appointment_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub lead_minutes: i32,
    pub due_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
