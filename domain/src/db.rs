//! Opening the database. SQLite (embedded, the default) and PostgreSQL (production) are both
//! first-class: the URL decides which, and everything above this module is backend-neutral.

use std::{path::Path, time::Duration};

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};
use sea_orm_migration::MigratorTrait;

use crate::{DomainError, DomainResult, i18n::Said, migration::Migrator};

/// A database URL that has been checked to name a backend Portico supports.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> DomainResult<Self> {
        let raw = raw.trim();
        if raw.starts_with("sqlite:")
            || raw.starts_with("postgres://")
            || raw.starts_with("postgresql://")
        {
            Ok(Self(raw.to_owned()))
        } else {
            Err(DomainError::validation(
                "DATABASE_URL",
                Said::plain(
                    "must start with sqlite: or postgres:// (for example sqlite:///var/lib/portico/portico.db)",
                ),
            ))
        }
    }

    /// The URL of a SQLite file, created on first use.
    pub fn sqlite_file(path: &Path) -> Self {
        Self(format!("sqlite://{}?mode=rwc", path.display()))
    }

    pub fn backend(&self) -> Backend {
        if self.0.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file of a SQLite URL (`sqlite://path?…` or `sqlite:path`); `None` for PostgreSQL and
    /// for an in-memory database.
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        let rest = self.0.strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let path = rest.split('?').next().unwrap_or_default();
        (!path.is_empty() && !path.starts_with(":memory:")).then(|| path.into())
    }
}

/// Never print credentials that a PostgreSQL URL may carry.
impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.backend() {
            Backend::Sqlite => write!(f, "DatabaseUrl({})", self.0),
            Backend::Postgres => f.write_str("DatabaseUrl(postgres://…)"),
        }
    }
}

/// Opens a connection pool. SQLite runs in WAL mode with foreign keys enforced, so readers never
/// block the single writer and a crash never leaves a half-written page.
pub async fn connect(url: &DatabaseUrl) -> DomainResult<DatabaseConnection> {
    let mut options = ConnectOptions::new(url.as_str());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5));
    if url.backend() == Backend::Sqlite {
        options.map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
        });
    }
    Database::connect(options)
        .await
        .map_err(|e| DomainError::Unavailable(format!("cannot open the database: {e}")))
}

/// Brings the schema up to date. Run at every start-up; already-applied migrations are skipped.
pub async fn migrate(db: &DatabaseConnection) -> DomainResult<()> {
    Migrator::up(db, None).await?;
    Ok(())
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once (`BEGIN
/// IMMEDIATE`): a deferred transaction that reads first and writes later fails with "database is
/// locked" when another writer committed in between, instead of waiting its turn.
pub async fn begin_write(db: &DatabaseConnection) -> DomainResult<DatabaseTransaction> {
    Ok(db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        })
        .await?)
}

/// Answers whether the database can run a query right now.
pub async fn ping(db: &DatabaseConnection) -> DomainResult<()> {
    db.execute_unprepared("SELECT 1").await?;
    Ok(())
}

/// Writes a consistent copy of a SQLite database to `to` (a new file) while others keep using
/// it: `VACUUM INTO` reads in one transaction, so the copy is a snapshot, compacted.
pub async fn snapshot_sqlite(db: &DatabaseConnection, to: &Path) -> DomainResult<()> {
    let target = to.display().to_string().replace('\'', "''");
    db.execute_unprepared(&format!("VACUUM INTO '{target}'"))
        .await?;
    Ok(())
}

/// How many audit events and data keys a database holds: a restore target must hold no events,
/// and a restored database with events must have its data keys.
pub async fn contents(db: &DatabaseConnection) -> DomainResult<(u64, u64)> {
    use sea_orm::{EntityTrait, PaginatorTrait};
    let events = crate::entities::audit_event::Entity::find()
        .count(db)
        .await?;
    let keys = crate::entities::data_key::Entity::find().count(db).await?;
    Ok((events, keys))
}

/// Moves everything in a SQLite database's write-ahead log into its main file, so the file alone
/// is the whole database (before it is moved). A no-op on PostgreSQL.
pub async fn checkpoint(db: &DatabaseConnection) -> DomainResult<()> {
    if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_sqlite_and_postgres_urls() {
        assert_eq!(
            DatabaseUrl::parse("sqlite::memory:").unwrap().backend(),
            Backend::Sqlite
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u@localhost/db")
                .unwrap()
                .backend(),
            Backend::Postgres
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://u@localhost/db")
                .unwrap()
                .backend(),
            Backend::Postgres
        );
    }

    #[test]
    fn rejects_other_schemes_with_a_named_field() {
        let err = DatabaseUrl::parse("mysql://root@localhost/db").unwrap_err();
        assert!(matches!(
            err,
            DomainError::Validation {
                field: "DATABASE_URL",
                ..
            }
        ));
    }

    #[test]
    fn debug_hides_postgres_credentials() {
        let url = DatabaseUrl::parse("postgres://admin:s3cret@db/portico").unwrap();
        assert!(!format!("{url:?}").contains("s3cret"));
    }
}
