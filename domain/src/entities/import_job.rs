use sea_orm::entity::prelude::*;

/// A staff import run as a job (see `records::jobs`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_job")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The staff account that started it.
    pub requested_by: Option<String>,
    pub source: String,
    /// `running`, `done`, `failed` or `interrupted` (the server stopped while it ran).
    pub status: String,
    pub files: i32,
    pub bytes: i64,
    /// Resources it had to store, once its files were read.
    pub total: i64,
    /// JSON of what it stored, by type (counts only), once done.
    pub summary: Option<String>,
    /// Why it failed, sealed.
    pub error: Option<String>,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
