use sea_orm::entity::prelude::*;

/// A payment plan: `total_minor` in `instalments` monthly parts, the first due on `first_due`.
/// `open_key` is the patient's id while it runs (one running plan each), null once it ends.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "billing_plan")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub patient_id: String,
    #[sea_orm(unique)]
    pub open_key: Option<String>,
    pub total_minor: i64,
    pub currency: String,
    pub instalments: i32,
    pub first_due: Date,
    pub status: String,
    pub created_by: Option<String>,
    pub created_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
