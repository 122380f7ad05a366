use sea_orm::entity::prelude::*;

/// A payment through the card processor: one per idempotency key (a double click makes one) and
/// per PaymentIntent. The ledger changes only when the processor says it succeeded.
/// `client_secret` is sealed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "billing_payment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub patient_id: String,
    pub paid_by: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    pub status: String,
    #[sea_orm(unique)]
    pub idempotency_key: String,
    #[sea_orm(unique)]
    pub intent_id: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub client_secret: Option<String>,
    pub refunded_minor: i64,
    pub failure: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
