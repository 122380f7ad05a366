use sea_orm::entity::prelude::*;

/// A file sent with a message (see `messaging::attachments`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_attachment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub conversation_id: String,
    pub message_id: String,
    /// `application/pdf`, `image/jpeg` or `image/png`: what the file's bytes are.
    pub content_type: String,
    pub size: i64,
    /// Sealed: the name shown and used when saving.
    #[sea_orm(column_type = "Text")]
    pub name: String,
    /// Sealed: the bytes, base64.
    #[sea_orm(column_type = "Text")]
    pub data: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
