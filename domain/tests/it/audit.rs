//! The audit chain: concurrent appends never fork it; editing or deleting a row is detected.

use chrono::{TimeZone, Utc};
use portico_domain::{
    audit::{self, AuditEntry, Outcome, RequestMeta},
    entities::audit_event,
    test_util::TestDatabase,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};

async fn write_events(t: &TestDatabase, writers: usize, each: usize) {
    let mut tasks = Vec::new();
    for w in 0..writers {
        let db = t.db.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..each {
                let meta = RequestMeta {
                    ip: Some(format!("198.51.100.{w}")),
                    user_agent: Some("test".into()),
                    request_id: Some(format!("w{w}-{i}")),
                    device: None,
                };
                let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
                    + chrono::Duration::microseconds((w * each + i) as i64 * 7);
                audit::record(
                    &db,
                    now,
                    &meta,
                    AuditEntry::new("test.event", Outcome::Success)
                        .actor(format!("account-{w}"))
                        .resource("thing", i.to_string()),
                )
                .await
                .expect("append");
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_chain_verifies_after_many_concurrent_writers() {
    let t = TestDatabase::new().await;
    write_events(&t, 8, 25).await;
    let report = audit::verify(&t.db).await.unwrap();
    assert_eq!(report.broken, None);
    assert_eq!(report.checked, 200);
}

#[tokio::test]
async fn an_empty_log_verifies() {
    let t = TestDatabase::new().await;
    let report = audit::verify(&t.db).await.unwrap();
    assert_eq!(report.checked, 0);
    assert_eq!(report.broken, None);
}

#[tokio::test]
async fn editing_a_row_is_detected_at_that_row() {
    let t = TestDatabase::new().await;
    write_events(&t, 1, 10).await;
    let row = audit_event::Entity::find_by_id(4i64)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let mut edit = row.into_active_model();
    edit.outcome = Set("failure".into());
    edit.update(&t.db).await.unwrap();
    let report = audit::verify(&t.db).await.unwrap();
    assert_eq!(report.broken.unwrap().seq, 4);
    assert_eq!(report.checked, 3);
}

#[tokio::test]
async fn rewriting_a_rows_hash_too_is_detected_at_the_next_row() {
    let t = TestDatabase::new().await;
    write_events(&t, 1, 10).await;
    let row = audit_event::Entity::find_by_id(6i64)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let mut edit = row.into_active_model();
    edit.actor_account_id = Set(Some("someone-else".into()));
    edit.hash = Set("f".repeat(64));
    edit.update(&t.db).await.unwrap();
    let broken = audit::verify(&t.db).await.unwrap().broken.unwrap();
    assert_eq!(broken.seq, 6);
}

#[tokio::test]
async fn deleting_a_row_in_the_middle_or_at_the_end_is_detected() {
    let t = TestDatabase::new().await;
    write_events(&t, 1, 10).await;
    audit_event::Entity::delete_by_id(10i64)
        .exec(&t.db)
        .await
        .unwrap();
    let broken = audit::verify(&t.db).await.unwrap().broken.unwrap();
    assert_eq!(broken.seq, 10, "{broken:?}");

    audit_event::Entity::delete_by_id(5i64)
        .exec(&t.db)
        .await
        .unwrap();
    let broken = audit::verify(&t.db).await.unwrap().broken.unwrap();
    assert_eq!(broken.seq, 5, "{broken:?}");
}
