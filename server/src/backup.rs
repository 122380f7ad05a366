//! `portico backup` and `portico restore`: a consistent copy of the database while Portico keeps
//! serving, and its return to a new place. On SQLite the copy is `VACUUM INTO` (one read
//! transaction: a snapshot that later writes do not disturb); on PostgreSQL it is `pg_dump`'s
//! custom format (one repeatable-read snapshot) and `pg_restore`. The key file is never in the
//! backup: health information in a restored database opens only with the installation's key
//! file (or `PORTICO_KEYS`), kept apart. Restoring checks the audit chain and that the keys open
//! the data before the restored database takes the configured place (on SQLite; on PostgreSQL
//! after `pg_restore`, which cannot be undone, so a failure says to drop and start again); an
//! empty target is required, so a restore never overwrites data.

use std::path::{Path, PathBuf};

use crate::config::{Config, KeySource};
use portico_domain::{
    audit,
    db::{self, Backend, DatabaseUrl},
};

/// Writes a backup of the configured database to `to` (a new file).
pub async fn backup(config: &Config, to: &Path) -> Result<String, String> {
    if to.exists() {
        return Err(format!(
            "{} already exists: name a new file for the backup",
            to.display()
        ));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let summary = match config.database_url.backend() {
        Backend::Sqlite => {
            let conn = db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            db::snapshot_sqlite(&conn, to)
                .await
                .map_err(|e| format!("the copy failed: {e}"))?;
            conn.close().await.ok();
            // The copy is checked as a restore would check it.
            let copy = db::connect(&DatabaseUrl::sqlite_file(to))
                .await
                .map_err(|e| e.to_string())?;
            let chain = chain_summary(&copy).await;
            copy.close().await.ok();
            chain?
        }
        Backend::Postgres => {
            run(tokio::process::Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                .arg(to)
                .arg("--dbname")
                .arg(config.database_url.as_str()))
            .await?;
            "PostgreSQL dump (custom format) written".to_owned()
        }
    };
    Ok(format!(
        "Backed up to {}: {summary}.\nThe key file is not in the backup. Keep {} safe apart from it: without it the backup's health information cannot be read.",
        to.display(),
        key_place(&config.keys)
    ))
}

/// Restores `from` into the configured database, which must hold no data yet.
pub async fn restore(config: &Config, from: &Path) -> Result<String, String> {
    if !from.is_file() {
        return Err(format!("{}: no such backup file", from.display()));
    }
    // Without the keys nothing restored could be read: say so before touching anything (and do
    // not let the key file's first-start creation make a new, useless key).
    if let KeySource::File(path) = &config.keys
        && !path.exists()
    {
        return Err(format!(
            "no key file at {}: copy the key file of the installation the backup came from there (or set PORTICO_KEYS) and run the restore again. Nothing was restored.",
            path.display()
        ));
    }
    let ring = config.keys.load(chrono::Utc::now())?;
    match config.database_url.backend() {
        Backend::Sqlite => {
            let target = config
                .database_url
                .sqlite_path()
                .ok_or("DATABASE_URL names no SQLite file to restore into")?;
            if target.metadata().is_ok_and(|m| m.len() > 0) {
                return Err(format!(
                    "{} already exists: restore into a new place (set DATABASE_URL or PORTICO_DATA_DIR). Nothing was restored.",
                    target.display()
                ));
            }
            if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            let staging = PathBuf::from(format!("{}.restoring", target.display()));
            let _ = std::fs::remove_file(&staging);
            std::fs::copy(from, &staging).map_err(|e| format!("{}: {e}", from.display()))?;
            let checked = check_restored(&DatabaseUrl::sqlite_file(&staging), &ring).await;
            match checked {
                Ok(summary) => {
                    std::fs::rename(&staging, &target)
                        .map_err(|e| format!("{}: {e}", target.display()))?;
                    Ok(format!("Restored to {}: {summary}.", target.display()))
                }
                Err(err) => {
                    for suffix in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{suffix}", staging.display()));
                    }
                    Err(format!("{err}. Nothing was restored."))
                }
            }
        }
        Backend::Postgres => {
            let conn = db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            // A database not yet migrated has no tables: nothing in it.
            let holds_data = db::contents(&conn)
                .await
                .is_ok_and(|(events, _)| events > 0);
            conn.close().await.ok();
            if holds_data {
                return Err(
                    "the database DATABASE_URL names already holds Portico data: restore into a new, empty database. Nothing was restored."
                        .into(),
                );
            }
            run(tokio::process::Command::new("pg_restore")
                .args([
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--dbname",
                ])
                .arg(config.database_url.as_str())
                .arg(from))
            .await?;
            let summary = check_restored(&config.database_url, &ring)
                .await
                .map_err(|err| {
                    format!(
                        "{err}. The dump was restored but cannot be used as it is: drop that database, create it empty again and restore with the right key file"
                    )
                })?;
            Ok(format!("Restored: {summary}."))
        }
    }
}

/// Migrates a restored database to this version, walks its audit chain and opens its data keys.
async fn check_restored(
    url: &DatabaseUrl,
    ring: &portico_domain::vault::KeyRing,
) -> Result<String, String> {
    let conn = db::connect(url).await.map_err(|e| e.to_string())?;
    let result = async {
        db::migrate(&conn).await.map_err(|e| e.to_string())?;
        let summary = chain_summary(&conn).await?;
        has_data_keys(&conn).await?;
        portico_domain::vault::Vault::unlock(&conn, ring, chrono::Utc::now())
            .await
            .map_err(|e| {
                format!("the key file does not open the backup's health information ({e})")
            })?;
        db::checkpoint(&conn).await.map_err(|e| e.to_string())?;
        Ok(summary)
    }
    .await;
    conn.close().await.ok();
    result
}

/// A backup without data keys would be given new ones by opening it: it held no health
/// information, or it is not a Portico database.
async fn has_data_keys(conn: &portico_domain::DatabaseConnection) -> Result<(), String> {
    let (events, keys) = db::contents(conn).await.map_err(|e| e.to_string())?;
    if keys == 0 && events > 0 {
        return Err("the backup has no data keys: it is damaged or incomplete".into());
    }
    Ok(())
}

async fn chain_summary(conn: &portico_domain::DatabaseConnection) -> Result<String, String> {
    let report = audit::verify(conn).await.map_err(|e| e.to_string())?;
    match report.broken {
        None => Ok(format!(
            "{} audit events, hash chain intact",
            report.checked
        )),
        Some(link) => Err(format!(
            "the audit chain is broken at event {} ({})",
            link.seq, link.problem
        )),
    }
}

fn key_place(keys: &KeySource) -> String {
    match keys {
        KeySource::File(path) => format!("the key file {}", path.display()),
        KeySource::Environment(_) => "the keys in PORTICO_KEYS".into(),
    }
}

async fn run(command: &mut tokio::process::Command) -> Result<(), String> {
    let program = command
        .as_std()
        .get_program()
        .to_string_lossy()
        .into_owned();
    let output = command
        .output()
        .await
        .map_err(|e| format!("cannot run {program} ({e}): install the PostgreSQL client tools"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    Err(format!("{program} failed: {}", stderr.trim()))
}
