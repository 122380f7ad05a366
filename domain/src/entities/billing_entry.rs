use sea_orm::entity::prelude::*;

/// One line of a patient's ledger. `amount_minor` is signed: what the patient owes goes up with a
/// charge or a refund and down with a payment, an insurance payment or a write-off. The balance
/// is the sum, never stored. `details` (description, reason) is sealed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "billing_entry")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub patient_id: String,
    pub kind: String,
    pub amount_minor: i64,
    pub currency: String,
    pub posted_on: DateTimeUtc,
    pub visit_key: Option<String>,
    #[sea_orm(unique)]
    pub source_key: String,
    pub payment_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub details: String,
    pub created_by: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
