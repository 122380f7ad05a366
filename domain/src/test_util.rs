//! A fresh, migrated database per test: a SQLite file in a temporary directory by default, or a
//! new PostgreSQL database when `PORTICO_TEST_POSTGRES_URL` names a server (any database on it that
//! the user may connect to, typically `postgres://postgres@127.0.0.1:5432/postgres`). PostgreSQL
//! test databases are dropped when the guard is dropped.

use sea_orm::{ConnectionTrait, DatabaseConnection};
use sea_orm_migration::MigratorTrait;

use crate::{
    db::{self, Backend, DatabaseUrl},
    migration::Migrator,
};

pub const POSTGRES_ENV: &str = "PORTICO_TEST_POSTGRES_URL";

const SQLITE_FILE: &str = "portico.db";

/// The key-file line of [`TestDatabase::key_ring`] (for building rings that also hold it).
pub const TEST_KEY_LINE: &str = "test-kek:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

pub struct TestDatabase {
    pub url: DatabaseUrl,
    pub db: DatabaseConnection,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn new() -> Self {
        Self::migrated_to(None).await
    }

    /// A database with only the first `steps` migrations applied (all with `None`), to test
    /// what later migrations and upgrade steps do to data written under an older schema.
    /// [`db::migrate`] applies the rest.
    pub async fn migrated_to(steps: Option<u32>) -> Self {
        match std::env::var(POSTGRES_ENV).ok().filter(|v| !v.is_empty()) {
            Some(admin_url) => Self::postgres(admin_url, steps).await,
            None => Self::sqlite(steps).await,
        }
    }

    /// The SQLite database file (its `-wal` and `-journal` files sit beside it); None on
    /// PostgreSQL.
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        self._dir.as_ref().map(|dir| dir.path().join(SQLITE_FILE))
    }

    pub fn backend(&self) -> Backend {
        self.url.backend()
    }

    /// The test key ring: one fixed key-encryption key.
    pub fn key_ring() -> crate::vault::KeyRing {
        crate::vault::KeyRing::parse(TEST_KEY_LINE).expect("test key")
    }

    /// This database's vault, unlocked with [`Self::key_ring`] (data keys created on first use).
    pub async fn vault(&self) -> crate::vault::Vault {
        crate::vault::Vault::unlock(&self.db, &Self::key_ring(), chrono::Utc::now())
            .await
            .expect("unlock the vault")
    }

    async fn sqlite(steps: Option<u32>) -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = DatabaseUrl::sqlite_file(&dir.path().join(SQLITE_FILE));
        let db = db::connect(&url).await.expect("open SQLite");
        Migrator::up(&db, steps).await.expect("migrate SQLite");
        Self {
            url,
            db,
            _dir: Some(dir),
            pg: None,
        }
    }

    async fn postgres(admin_url: String, steps: Option<u32>) -> Self {
        let name = format!("portico_test_{}", uuid::Uuid::new_v4().simple());
        let admin = db::connect(&DatabaseUrl::parse(&admin_url).expect("PostgreSQL URL"))
            .await
            .expect("connect to the PostgreSQL test server");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create test database");
        admin.close().await.ok();
        let url = DatabaseUrl::parse(&replace_database(&admin_url, &name)).expect("test URL");
        let db = db::connect(&url)
            .await
            .expect("connect to the test database");
        Migrator::up(&db, steps).await.expect("migrate PostgreSQL");
        Self {
            url,
            db,
            _dir: None,
            pg: Some((admin_url, name)),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.pg.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot be blocked on: clean up from a thread
        // with a runtime of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let admin = db::connect(&DatabaseUrl::parse(&admin_url).ok()?)
                    .await
                    .ok()?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .ok()?;
                admin.close().await.ok()
            })
        })
        .join();
    }
}

/// Swaps the database name in a PostgreSQL URL, keeping any query string.
fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}

/// A collection Bundle of one patient (`Patient/bench-p`) with `observations` lab observations
/// (20 tests, one result of each per visit, a visit a fortnight back from today) and five problems
/// and medications: the benchmarks' patients of every size.
pub fn patient_with_observations(observations: usize) -> serde_json::Value {
    use serde_json::json;
    let mut entries = vec![json!({"resource": {
        "resourceType": "Patient", "id": "bench-p",
        "name": [{"family": "Benchmark", "given": ["Bea"]}], "birthDate": "1960-01-01"}})];
    for n in 0..5 {
        entries.push(json!({"resource": {"resourceType": "Condition", "id": format!("c{n}"),
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"text": format!("Condition {n}")}, "subject": {"reference": "Patient/bench-p"}}}));
        entries.push(json!({"resource": {"resourceType": "MedicationRequest", "id": format!("m{n}"),
            "status": "active", "intent": "order", "medicationCodeableConcept": {"text": format!("Medicine {n}")},
            "subject": {"reference": "Patient/bench-p"}}}));
    }
    let today = chrono::Utc::now().date_naive();
    for n in 0..observations {
        let (test, visit) = (n % 20, (n / 20) as i64);
        let day = today - chrono::Duration::days(visit * 14 + 1);
        entries.push(json!({"resource": {
            "resourceType": "Observation", "id": format!("o{test}-{visit}"), "status": "final",
            "category": [{"coding": [{"code": "laboratory"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": format!("9999-{test}")}], "text": format!("Test {test}")},
            "subject": {"reference": "Patient/bench-p"},
            "effectiveDateTime": format!("{day}T08:00:00Z"),
            "valueQuantity": {"value": 5.0 + (visit as f64 % 7.0) / 3.0, "unit": "mmol/L"},
            "referenceRange": [{"low": {"value": 4.0}, "high": {"value": 6.5}}]}}));
    }
    json!({"resourceType": "Bundle", "type": "collection", "entry": entries})
}

#[cfg(test)]
mod tests {
    use super::replace_database;

    #[test]
    fn swaps_the_database_name() {
        assert_eq!(
            replace_database("postgres://u@h:5432/postgres", "t1"),
            "postgres://u@h:5432/t1"
        );
        assert_eq!(
            replace_database("postgres://u@h", "t1"),
            "postgres://u@h/t1"
        );
        assert_eq!(
            replace_database("postgres://u@h/db?sslmode=require", "t1"),
            "postgres://u@h/t1?sslmode=require"
        );
    }
}
