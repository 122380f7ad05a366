use sea_orm::entity::prelude::*;

/// A change to a clinician's template on one day: time off (`closed`) or extra hours (`extra`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sched_exception")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub clinician_id: String,
    /// Where extra hours are held; for time off, none means every location.
    pub location_id: Option<String>,
    pub day: Date,
    pub start_minute: i32,
    pub end_minute: i32,
    pub kind: String,
    pub slot_minutes: Option<i32>,
    pub visit_types: Option<String>,
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
