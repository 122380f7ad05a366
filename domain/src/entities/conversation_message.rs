use sea_orm::entity::prelude::*;

/// One message of a conversation, or a staff member's internal note on it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conversation_message")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub conversation_id: String,
    pub author_id: Option<String>,
    pub from_clinic: bool,
    /// An internal note: staff only, never in a patient's or caregiver's answer or export.
    pub internal: bool,
    /// Sealed.
    pub body: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
