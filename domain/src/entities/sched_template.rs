use sea_orm::entity::prelude::*;

/// A weekly block of a clinician's hours at a location, in the clinic's time zone.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sched_template")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub clinician_id: String,
    pub location_id: String,
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: i32,
    /// Minutes after local midnight.
    pub start_minute: i32,
    pub end_minute: i32,
    pub slot_minutes: i32,
    /// Visit type ids, comma-separated.
    pub visit_types: String,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
