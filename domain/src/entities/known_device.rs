use sea_orm::entity::prelude::*;

/// A browser an account has signed in from: the SHA-256 of its device cookie, never the cookie.
/// `announced` says whether the first sign-in from it was a new one the owner was told about.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "known_device")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub device_hash: String,
    /// "Chrome on Android", from the user agent.
    pub device: String,
    pub announced: bool,
    pub first_seen_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
