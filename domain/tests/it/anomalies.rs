//! Anomaly detection: a sign-in from a browser the account never used is e-mailed and listed;
//! bursts of failures per account and per address, and an account opening many patients'
//! records, become `security.alert` events, once per window; leases keep two instances from
//! running the same background work; the outbox hands each message to one sender.

use chrono::Duration;
use portico_domain::{
    access::{ALERT_ACTION, AlertKind, AlertThresholds},
    audit::RequestMeta,
    lease, notify,
};

use portico_domain::test_passkeys::assert_discoverable;

use crate::support::{BIRTH_DATE, Clinic, ORIGIN, authenticator, meta};

fn on_device(device: &str) -> RequestMeta {
    RequestMeta {
        device: Some(portico_domain::secrets::sha256_hex(device)),
        ..meta()
    }
}

async fn alerts(c: &Clinic) -> Vec<(String, String)> {
    c.audit()
        .await
        .into_iter()
        .filter(|e| e.action == ALERT_ACTION)
        .map(|e| {
            (
                e.reason.unwrap_or_default(),
                e.resource_id.unwrap_or_default(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_sign_in_from_a_new_browser_is_emailed_once_and_listed_on_the_security_page() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "ana@example.org").await;
    let mut key = authenticator(true);
    let start = c
        .identity
        .begin_enrollment(&code, BIRTH_DATE, None, &on_device("laptop"))
        .await
        .unwrap();
    let registration =
        portico_domain::test_passkeys::register(&mut key, &start.ceremony.options, ORIGIN);
    let enrolled = c
        .identity
        .finish_enrollment(
            &start.ceremony.ceremony_id,
            &registration,
            None,
            &on_device("laptop"),
        )
        .await
        .unwrap();
    let credential = portico_domain::test_passkeys::credential_id(&registration);
    let account = enrolled.session.account.id.clone();
    let mails = |c: &Clinic| {
        let db = c.t.db.clone();
        let vault = c.identity.vault().clone();
        async move {
            notify::messages_to(&db, &vault, "ana@example.org")
                .await
                .unwrap()
                .into_iter()
                .filter(|m| m.subject == "A new sign-in to your Portico account")
                .count()
        }
    };

    // The browser she enrolled on is known: signing in there again tells nobody anything.
    for (device, expected_mails) in [("laptop", 0), ("phone", 1), ("phone", 1), ("tablet", 2)] {
        let start = c.identity.begin_sign_in().await.unwrap();
        let assertion =
            assert_discoverable(&mut key, &start.options, &credential, &account, ORIGIN);
        c.identity
            .finish_sign_in(&start.ceremony_id, &assertion, None, &on_device(device))
            .await
            .unwrap();
        assert_eq!(
            mails(&c).await,
            expected_mails,
            "after signing in on {device}"
        );
    }
    let body = notify::messages_to(&c.t.db, c.identity.vault(), "ana@example.org")
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.subject == "A new sign-in to your Portico account")
        .unwrap()
        .body;
    assert!(body.contains("Chrome on Linux"), "{body}");
    assert!(
        c.audit()
            .await
            .iter()
            .filter(|e| e.action == "sign_in.new_device")
            .count()
            == 2
    );
    let session = c.current(enrolled.session.token.expose()).await;
    let listed = c.identity.new_device_sign_ins(&session).await.unwrap();
    assert_eq!(listed.len(), 2, "the phone and the tablet, not the laptop");
    assert!(listed.iter().all(|d| d.device == "Chrome on Linux"));
    // No device hash or cookie reaches the audit log.
    let hash = portico_domain::secrets::sha256_hex("phone");
    assert!(
        c.audit()
            .await
            .iter()
            .all(|e| !format!("{e:?}").contains(&hash))
    );
}

/// A refused activation code from `ip` (a failure with no account).
async fn wrong_code(c: &Clinic, ip: &str) {
    c.identity
        .begin_enrollment(
            "ABCD-EFGH-JKMN-PQRS",
            BIRTH_DATE,
            None,
            &RequestMeta {
                ip: Some(ip.into()),
                ..meta()
            },
        )
        .await
        .unwrap_err();
}

fn low_thresholds() -> AlertThresholds {
    AlertThresholds {
        account_failures: 3,
        address_failures: 5,
        distinct_patients: 4,
        ..AlertThresholds::default()
    }
}

#[tokio::test]
async fn bursts_of_failures_per_account_and_per_address_become_one_alert_each_per_window() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "").await;
    let mut key = authenticator(true);
    let (enrolled, credential) = c.enroll(&mut key, &code).await;
    let account = enrolled.session.account.id.clone();
    let patient = c.current(enrolled.session.token.expose()).await;
    let thresholds = low_thresholds();
    assert_eq!(c.access.scan_for_anomalies(&thresholds).await.unwrap(), 0);

    // Wrong activation codes from one address (no account known): an address burst.
    let from = |ip: &str| RequestMeta {
        ip: Some(ip.into()),
        ..meta()
    };
    for _ in 0..5 {
        wrong_code(&c, "198.51.100.9").await;
    }
    // Replayed sign-in answers for one account, each from another address: an account burst
    // (and no address reaches its threshold).
    let start = c.identity.begin_sign_in().await.unwrap();
    let assertion = assert_discoverable(&mut key, &start.options, &credential, &account, ORIGIN);
    c.identity
        .finish_sign_in(&start.ceremony_id, &assertion, None, &meta())
        .await
        .unwrap();
    for n in 0..3 {
        let fresh = c.identity.begin_sign_in().await.unwrap();
        c.identity
            .finish_sign_in(
                &fresh.ceremony_id,
                &assertion,
                None,
                &from(&format!("192.0.2.{n}")),
            )
            .await
            .unwrap_err();
    }
    assert_eq!(c.access.scan_for_anomalies(&thresholds).await.unwrap(), 2);
    let found = alerts(&c).await;
    assert!(found.contains(&(
        AlertKind::AddressFailures.code().into(),
        "198.51.100.9".into()
    )));
    assert!(found.contains(&(AlertKind::AccountFailures.code().into(), account.clone())));
    assert_eq!(found.len(), 2, "{found:?}");

    // The next scan in the same window adds nothing, however many more failures come.
    wrong_code(&c, "198.51.100.9").await;
    c.advance(Duration::minutes(1));
    assert_eq!(c.access.scan_for_anomalies(&thresholds).await.unwrap(), 0);
    // Below the thresholds (another address, four failures): nothing.
    for _ in 0..4 {
        wrong_code(&c, "198.51.100.10").await;
    }
    assert_eq!(c.access.scan_for_anomalies(&thresholds).await.unwrap(), 0);
    // Once the window has passed, the old failures no longer count.
    c.advance(Duration::minutes(20));
    assert_eq!(c.access.scan_for_anomalies(&thresholds).await.unwrap(), 0);

    // An administrator sees them at the top of the audit page, named.
    let admin = c.staff("Ada Admin", "admin").await;
    let auth = c
        .access
        .authorize_clinic(
            Some(&admin),
            portico_domain::access::ClinicTask::ReadAuditLog,
            "admin/audit",
            &meta(),
        )
        .await
        .unwrap();
    let shown = c.access.recent_alerts(&auth).await.unwrap();
    assert_eq!(shown.len(), 2);
    let texts: Vec<String> = shown
        .iter()
        .map(|a| a.kind.describe(&a.subject).to_string())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("Ana Tester (Patient)")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("198.51.100.9")),
        "{texts:?}"
    );
    // Anyone else is refused.
    assert!(
        c.access
            .authorize_clinic(
                Some(&patient),
                portico_domain::access::ClinicTask::ReadAuditLog,
                "admin/audit",
                &meta(),
            )
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_staff_member_opening_many_patients_records_within_an_hour_raises_an_alert() {
    let c = Clinic::new().await;
    let clinician = c.staff("Cai Clinician", "clinician").await;
    let mut patients = Vec::new();
    for n in 0..5 {
        patients.push(c.register_patient(&format!("Pat{n}")).await);
    }
    let thresholds = low_thresholds();
    // The same patient over and over is one patient.
    for _ in 0..6 {
        c.record_summary(&clinician, &patients[0], &meta())
            .await
            .unwrap();
    }
    for patient in &patients[1..3] {
        c.record_summary(&clinician, patient, &meta())
            .await
            .unwrap();
    }
    assert_eq!(c.access.scan_for_anomalies(&thresholds).await.unwrap(), 0);
    c.record_summary(&clinician, &patients[3], &meta())
        .await
        .unwrap();
    assert_eq!(c.access.scan_for_anomalies(&thresholds).await.unwrap(), 1);
    assert_eq!(
        alerts(&c).await,
        vec![(
            AlertKind::ManyPatients.code().to_owned(),
            clinician.account.id.clone()
        )]
    );
    c.record_summary(&clinician, &patients[4], &meta())
        .await
        .unwrap();
    assert_eq!(c.access.scan_for_anomalies(&thresholds).await.unwrap(), 0);
}

#[tokio::test]
async fn one_instance_at_a_time_holds_a_lease_until_it_lapses() {
    let c = Clinic::new().await;
    let db = &c.t.db;
    let now = c.identity.now();
    let hold = Duration::minutes(3);
    assert!(
        lease::try_take(db, "sweeper", "a", now, hold)
            .await
            .unwrap()
    );
    assert!(
        !lease::try_take(db, "sweeper", "b", now, hold)
            .await
            .unwrap()
    );
    // The holder renews it; the other still waits.
    let later = now + Duration::minutes(2);
    assert!(
        lease::try_take(db, "sweeper", "a", later, hold)
            .await
            .unwrap()
    );
    assert!(
        !lease::try_take(db, "sweeper", "b", now + Duration::minutes(4), hold)
            .await
            .unwrap()
    );
    // The holder stops renewing: once the lease lapses, the other takes it, and the first no
    // longer has it.
    let lapsed = later + hold + Duration::seconds(1);
    assert!(
        lease::try_take(db, "sweeper", "b", lapsed, hold)
            .await
            .unwrap()
    );
    assert!(
        !lease::try_take(db, "sweeper", "a", lapsed, hold)
            .await
            .unwrap()
    );
    // Released at shutdown: free at once.
    lease::release(db, "sweeper", "b").await.unwrap();
    assert!(
        lease::try_take(db, "sweeper", "a", lapsed, hold)
            .await
            .unwrap()
    );
    // Other work has its own lease.
    assert!(
        lease::try_take(db, "other", "b", lapsed, hold)
            .await
            .unwrap()
    );

    // Many contenders at once: exactly one wins.
    let mut tasks = Vec::new();
    for n in 0..8 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            lease::try_take(&db, "race", &format!("r{n}"), now, hold)
                .await
                .unwrap()
        }));
    }
    let mut winners = 0;
    for task in tasks {
        winners += usize::from(task.await.unwrap());
    }
    assert_eq!(winners, 1);
}

#[tokio::test]
async fn two_senders_reading_the_outbox_at_once_never_get_the_same_message() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "ana@example.org").await;
    let mut key = authenticator(true);
    let (enrolled, _) = c.enroll(&mut key, &code).await;
    let session = c.current(enrolled.session.token.expose()).await;
    // Twenty security notices queued.
    for _ in 0..20 {
        c.identity
            .regenerate_recovery_codes(&session, &meta())
            .await
            .ok();
    }
    let now = c.identity.now();
    let (a, b) = tokio::join!(
        notify::due(&c.t.db, c.identity.vault(), now, 50),
        notify::due(&c.t.db, c.identity.vault(), now, 50)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let ids_a: std::collections::HashSet<_> = a.iter().map(|m| m.id.clone()).collect();
    assert!(
        b.iter().all(|m| !ids_a.contains(&m.id)),
        "a message handed to both senders"
    );
    assert!(!a.is_empty() || !b.is_empty());
    // A message taken and not reported (its sender stopped) goes out again, later.
    assert!(
        notify::due(&c.t.db, c.identity.vault(), now, 50)
            .await
            .unwrap()
            .is_empty()
    );
    let total = a.len() + b.len();
    let later = now + Duration::minutes(11);
    assert_eq!(
        notify::due(&c.t.db, c.identity.vault(), later, 50)
            .await
            .unwrap()
            .len(),
        total
    );
}
