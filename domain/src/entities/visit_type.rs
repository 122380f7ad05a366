use sea_orm::entity::prelude::*;

/// A kind of visit and the clinic's rules for booking it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "visit_type")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub name: String,
    pub minutes: i32,
    /// `anyone`, `established` (seen within `established_months`) or `staff` (call to book).
    pub booking: String,
    pub established_months: i32,
    pub min_lead_minutes: i32,
    pub horizon_days: i32,
    pub cancel_cutoff_hours: i32,
    /// What to bring.
    pub instructions: Option<String>,
    pub active: bool,
    /// The questionnaires asked at online check-in, comma-separated (`general,phq-2`).
    pub questionnaires: String,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
