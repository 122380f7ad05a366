//! The mail worker: queued notices become `.eml` files (no SMTP configured), are marked sent, and
//! undeliverable ones are retried later rather than lost.

use portico_domain::{
    notify::{self, Notice},
    test_util::TestDatabase,
};
use portico_server::{
    config::{MailConfig, MailTransport},
    mail::Mailer,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_notices_are_written_once_and_failures_wait_for_a_retry() {
    let t = TestDatabase::new().await;
    let dir = tempfile::tempdir().unwrap();
    let mailer = Mailer::new(&MailConfig {
        transport: MailTransport::Directory(dir.path().to_owned()),
        from: "Portico <portico@clinic.example>".into(),
    })
    .unwrap();
    let now = chrono::Utc::now();
    let vault = t.vault().await;
    notify::enqueue(
        &t.db,
        &vault,
        now,
        "ana@example.org",
        Default::default(),
        Notice::PasskeyAdded,
    )
    .await
    .unwrap();
    notify::enqueue(
        &t.db,
        &vault,
        now,
        "not an address",
        Default::default(),
        Notice::PasskeyRemoved,
    )
    .await
    .unwrap();

    assert_eq!(mailer.deliver_due(&t.db, &vault).await, 1);
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].contains("To: ana@example.org"), "{}", files[0]);
    assert!(files[0].contains("Subject: A passkey was added to your Portico account"));

    let queued = notify::messages_to(&t.db, &vault, "ana@example.org")
        .await
        .unwrap();
    assert!(queued[0].sent_at.is_some());
    let failed = notify::messages_to(&t.db, &vault, "not an address")
        .await
        .unwrap();
    assert_eq!(failed[0].attempts, 1);
    assert!(failed[0].sent_at.is_none() && failed[0].next_attempt_at > now);

    // Nothing is due now: the sent one is done, the failed one waits for its retry time.
    assert_eq!(mailer.deliver_due(&t.db, &vault).await, 0);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
