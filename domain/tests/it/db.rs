use portico_domain::{db, test_util::TestDatabase};

#[tokio::test]
async fn migrations_are_idempotent_and_ping_answers() {
    let t = TestDatabase::new().await;
    // Start-up runs the migrator every time; a second run over an up-to-date schema is a no-op.
    db::migrate(&t.db).await.unwrap();
    db::ping(&t.db).await.unwrap();
}

#[tokio::test]
async fn ping_fails_once_the_pool_is_closed() {
    let t = TestDatabase::new().await;
    t.db.close_by_ref().await.unwrap();
    assert!(db::ping(&t.db).await.is_err());
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode() {
    let t = TestDatabase::new().await;
    if t.backend() != db::Backend::Sqlite {
        return;
    }
    use sea_orm::{ConnectionTrait, Statement};
    let row =
        t.db.query_one_raw(Statement::from_string(
            t.db.get_database_backend(),
            "PRAGMA journal_mode",
        ))
        .await
        .unwrap()
        .unwrap();
    let mode: String = row.try_get_by_index(0).unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
}
