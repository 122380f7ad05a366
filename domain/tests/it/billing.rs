//! Billing: the ledger posted from the shared Synthea fixtures' adjudicated claims, entries billing
//! staff post, and paying online against a real Stripe-compatible server (localstripe, from the
//! Python environment `cargo xtask setup` makes): a payment, a declined card, a double click,
//! the processor's signed events (delivered, replayed, forged, stale), a refund, and what is sent
//! to the processor (no PHI).

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpListener,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex, mpsc},
    time::Duration,
};

use chrono::Utc;
use portico_domain::{
    DomainError,
    access::{ClinicTask, Mode, NewCaregiver},
    audit::RequestMeta,
    billing::{
        EntryKind, EventOutcome, InstalmentState, PaymentStatus, Processor, ProcessorSettings,
        processor,
    },
    i18n::Locale,
    identity::{CurrentSession, Operator},
    records::{ImportFile, Importer},
    secrets::Secret,
};
use serde_json::Value;

use crate::support::{Clinic, meta};

const FIXTURE: &str = "Cris921_Rath779_d4519c92-d241-b2b2-7360-291d60be699e.json";
const WEBHOOK_SECRET: &str = "whsec_portico_test";

fn fixture() -> (String, Value) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/fixtures/synthea")
        .join(FIXTURE);
    let text = std::fs::read_to_string(path).unwrap();
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
}

/// What the patient owes of the fixture's claims, worked out here from the file: per claim line,
/// coinsurance and deductible; without insurance, everything submitted.
fn expected_patient_share(bundle: &Value) -> i64 {
    let cents = |v: &Value| (v["amount"]["value"].as_f64().unwrap_or(0.0) * 100.0).round() as i64;
    let mut total = 0;
    for entry in bundle["entry"].as_array().unwrap() {
        let eob = &entry["resource"];
        if eob["resourceType"] != "ExplanationOfBenefit" {
            continue;
        }
        let uninsured = eob["insurer"]["display"] == "NO_INSURANCE"
            || eob["insurance"][0]["coverage"]["display"] == "NO_INSURANCE";
        let (mut billed, mut share) = (0, 0);
        for item in eob["item"].as_array().into_iter().flatten() {
            for adj in item["adjudication"].as_array().into_iter().flatten() {
                let code = adj["category"]["coding"][0]["code"].as_str().unwrap_or("");
                if code.ends_with("line_sbmtd_chrg_amt") {
                    billed += cents(adj);
                }
                if code.ends_with("line_coinsrnc_amt") || code.ends_with("line_bene_ptb_ddctbl_amt")
                {
                    share += cents(adj);
                }
            }
        }
        total += if uninsured { billed } else { share };
    }
    total
}

/// A localstripe server on a free port, stopped when dropped.
struct LocalStripe {
    child: Child,
    base: String,
}

impl LocalStripe {
    fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // Through Portico's launcher (its state its own: see `xtask/python/localstripe_server.py`),
        // with the Python `cargo xtask setup` made (or PORTICO_FHIR_PYTHON names).
        let python = std::env::var_os("PORTICO_FHIR_PYTHON")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::PathBuf::from(std::env::var_os("HOME").unwrap())
                    .join(".cache/portico/venv/bin/python")
            });
        let launcher = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../xtask/python/localstripe_server.py");
        // Its own messages go to a file, read back if it stops before listening.
        let log = std::env::temp_dir().join(format!("portico-localstripe-{port}.log"));
        let child = Command::new(&python)
            .arg(&launcher)
            .args(["--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask setup`)", python.display()));
        // Dropped (killed and waited for) however the wait below ends.
        let mut server = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        // Python's start-up takes seconds on a loaded machine (the test command runs suites side
        // by side): wait up to a minute, and stop early if it exited.
        for _ in 0..600 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                let said = std::fs::read_to_string(&log).unwrap_or_default();
                panic!("localstripe exited before listening: {status}\n{said}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("localstripe did not start on port {port} within a minute");
    }

    /// What the browser does with the processor's card fields: a payment method, made at the
    /// processor (Portico never sees the number).
    fn card(&self, number: &str) -> String {
        let out = Command::new("curl")
            .args([
                "-s",
                "-u",
                "sk_test_portico:",
                &format!("{}/v1/payment_methods", self.base),
            ])
            .args(["-d", "type=card", "-d", &format!("card[number]={number}")])
            .args([
                "-d",
                "card[exp_month]=12",
                "-d",
                "card[exp_year]=2031",
                "-d",
                "card[cvc]=123",
            ])
            .output()
            .unwrap();
        let body: Value = serde_json::from_slice(&out.stdout).unwrap();
        body["id"].as_str().unwrap().to_owned()
    }

    /// Sends the processor's events to a listener of this test; returns what arrives there
    /// (payload, signature header).
    fn webhooks(&self) -> mpsc::Receiver<(Vec<u8>, String)> {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let (mut length, mut signature) = (0usize, String::new());
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if lower.starts_with("stripe-signature:") {
                        signature = line["stripe-signature:".len()..].trim().to_owned();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");
                if tx.send((body, signature)).is_err() {
                    return;
                }
            }
        });
        let status = Command::new("curl")
            .args(["-s", "-o", "/dev/null", "-u", "sk_test_portico:"])
            .arg(format!("{}/_config/webhooks/portico", self.base))
            .args([
                "-d",
                &format!("url={url}"),
                "-d",
                &format!("secret={WEBHOOK_SECRET}"),
            ])
            .status()
            .unwrap();
        assert!(status.success());
        rx
    }

    fn processor(&self, sent: &processor::SentLog) -> Processor {
        Processor::new(ProcessorSettings {
            api_base: self.base.parse().unwrap(),
            secret_key: Secret::configured("sk_test_portico".into()),
            publishable_key: "pk_test_portico".into(),
            webhook_secret: Secret::configured(WEBHOOK_SECRET.into()),
            script_url: format!("{}/js.stripe.com/v3/", self.base).parse().unwrap(),
        })
        .unwrap()
        .record_requests(sent.clone())
    }
}

impl LocalStripe {
    /// What the processor's script does when the payer answers the bank's check (3-D Secure).
    fn answer_bank_check(&self, client_secret: &str, success: bool) {
        let intent = client_secret.split("_secret_").next().unwrap();
        let out = Command::new("curl")
            .args(["-s", "-o", "/dev/null", "-w", "%{http_code}"])
            .arg(format!(
                "{}/v1/payment_intents/{intent}/_authenticate?success={success}",
                self.base
            ))
            .args([
                "-H",
                "content-type: application/json",
                "-d",
                &serde_json::json!({"key": "pk_test_portico", "client_secret": client_secret})
                    .to_string(),
            ])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "200");
    }
}

impl Drop for LocalStripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Imports the fixture file (again, when called twice); returns the bundle.
async fn import_fixture(c: &Clinic) -> Value {
    let (text, bundle) = fixture();
    c.records
        .import(
            Importer::CommandLine,
            vec![ImportFile {
                name: FIXTURE.into(),
                text,
            }],
            &RequestMeta::cli(),
            &mut |_| {},
        )
        .await
        .unwrap();
    bundle
}

/// Imports the fixture patient and enrols her; returns her session and id.
async fn patient(c: &Clinic) -> (CurrentSession, String, Value) {
    let bundle = import_fixture(c).await;
    let fhir_id = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "Patient")
        .unwrap()["resource"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (id, birth) = c.records.patient_by_fhir_id(&fhir_id).await.unwrap();
    let code = c
        .identity
        .reissue_patient_code(Operator::CommandLine, &id, &RequestMeta::cli())
        .await
        .unwrap();
    let session = c
        .enrol(code.code.expose(), &birth.format("%Y-%m-%d").to_string())
        .await;
    (session, id, bundle)
}

#[tokio::test]
async fn imported_claims_post_each_visits_charge_insurance_and_share_once() {
    let c = Clinic::new().await;
    let (session, id, bundle) = patient(&c).await;
    let read = c.bills(&session, &id, Mode::Read).await.unwrap();
    let account = c.billing.account(&read, &meta()).await.unwrap();
    let claims = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["resource"]["resourceType"] == "ExplanationOfBenefit")
        .count();
    assert_eq!(account.visits.len(), claims);
    assert_eq!(account.balance.minor, expected_patient_share(&bundle));
    assert!(account.balance.minor > 0);
    // Each visit reads as a sentence a patient understands.
    let visit = &account.visits[0];
    assert_eq!(
        visit.patient_owes.minor,
        visit.billed.minor - visit.insurance_paid.minor - visit.adjusted.minor
    );
    assert!(
        visit.sentence("12 Mar").to_string().contains(": billed $"),
        "{}",
        visit.sentence("12 Mar")
    );
    // And in the reader's language.
    let spanish = visit.sentence("12 mar").in_language(Locale::Es);
    assert!(
        spanish.contains(": facturado $") && spanish.contains("usted debe $"),
        "{spanish}"
    );
    // Read again, and after the same file is imported again: nothing is posted twice.
    import_fixture(&c).await;
    let again = c.billing.account(&read, &meta()).await.unwrap();
    assert_eq!(again.lines.len(), account.lines.len());
    assert_eq!(again.balance, account.balance);
    // Statements carry the balance: the newest month closes at the balance.
    let newest = c
        .billing
        .statement(&read, account.statements[0], &meta())
        .await
        .unwrap();
    assert_eq!(newest.closing, account.balance);
    // The patient's access log says so in words.
    let log = c
        .access_log(
            &session,
            &id,
            portico_domain::access::AccessLogQuery::default(),
            &meta(),
        )
        .await
        .unwrap();
    assert!(
        log.entries
            .iter()
            .any(|e| e.what.to_string() == "Viewed the bill"),
        "{:?}",
        log.entries
            .iter()
            .map(|e| e.what.to_string())
            .collect::<Vec<_>>()
    );
    // The export holds a FHIR Invoice per statement month, and validates.
    let (text, _) = c
        .export_record(&session, &id, "https://portal.example.org/fhir", &meta())
        .await
        .unwrap();
    assert_eq!(
        text.matches("\"resourceType\": \"Invoice\"").count(),
        account.statements.len(),
        "one Invoice per statement"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.json");
    std::fs::write(&path, &text).unwrap();
    let stdout = crate::support::outside_validator("validate_fhir.py", &[path.as_os_str()]);
    assert!(stdout.starts_with("ok "), "{stdout}");
    assert!(
        c.audit().await.iter().any(|e| e.action == "billing.read"
            && e.acting_for_patient_id.as_deref() == Some(id.as_str()))
    );
}

#[tokio::test]
async fn billing_staff_post_entries_with_reasons_and_others_may_not() {
    let c = Clinic::new().await;
    let (session, id, _) = patient(&c).await;
    let billing = c.staff("Bea Biller", "billing").await;
    let desk = c.staff("Fran Desk", "front-desk").await;
    let write = c.bills(&billing, &id, Mode::Write).await.unwrap();
    let before = c.billing.account(&write, &meta()).await.unwrap().balance;
    c.billing
        .post_entry(
            &write,
            EntryKind::Charge,
            "180.00",
            "Office visit",
            "",
            &meta(),
        )
        .await
        .unwrap();
    let err = c
        .billing
        .post_entry(
            &write,
            EntryKind::WriteOff,
            "10",
            "Small balance",
            "",
            &meta(),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        DomainError::Validation {
            field: "reason",
            ..
        }
    ));
    for bad in ["0", "-5", "abc", "12.345"] {
        assert!(
            c.billing
                .post_entry(&write, EntryKind::Charge, bad, "x", "", &meta())
                .await
                .is_err(),
            "{bad}"
        );
    }
    c.billing
        .post_entry(
            &write,
            EntryKind::Adjustment,
            "-30.00",
            "Courtesy discount",
            "Long wait on the day",
            &meta(),
        )
        .await
        .unwrap();
    let after = c.billing.account(&write, &meta()).await.unwrap();
    assert_eq!(after.balance.minor, before.minor + 18000 - 3000);
    assert_eq!(
        after
            .lines
            .iter()
            .find(|l| l.kind == EntryKind::Adjustment && l.reason.is_some())
            .and_then(|l| l.reason.clone())
            .as_deref(),
        Some("Long wait on the day")
    );
    // The front desk reads balances but writes none; the patient cannot post charges.
    assert!(c.bills(&desk, &id, Mode::Read).await.is_ok());
    assert!(matches!(
        c.bills(&desk, &id, Mode::Write).await,
        Err(DomainError::Forbidden)
    ));
    let own = c.bills(&session, &id, Mode::Write).await.unwrap();
    assert!(matches!(
        c.billing
            .post_entry(&own, EntryKind::Adjustment, "-100", "x", "y", &meta())
            .await,
        Err(DomainError::Forbidden)
    ));
    // A caregiver without the billing scope sees no bills; one with it sees and may pay them.
    let today = c.identity.now().date_naive();
    let invite = |name: &'static str, scope: &'static str| {
        NewCaregiver::parse(name, "", "Son", &[scope.to_owned()], "", today).unwrap()
    };
    let records_only = c
        .invite_caregiver(&session, &id, invite("Rosa Records", "records"), &meta())
        .await
        .unwrap();
    let rosa = c.enrol(records_only.code.expose(), "").await;
    assert!(matches!(
        c.bills(&rosa, &id, Mode::Read).await,
        Err(DomainError::Forbidden)
    ));
    let with_billing = c
        .invite_caregiver(&session, &id, invite("Ben Rath", "billing"), &meta())
        .await
        .unwrap();
    let ben = c.enrol(with_billing.code.expose(), "").await;
    let his = c.bills(&ben, &id, Mode::Write).await.unwrap();
    assert_eq!(
        c.billing.account(&his, &meta()).await.unwrap().balance,
        after.balance
    );
}

#[tokio::test]
async fn a_card_payment_posts_once_and_events_are_verified_and_handled_once() {
    let c = Clinic::new().await;
    // localstripe signs its events with the real time.
    c.clock.set(Utc::now());
    let stripe = LocalStripe::start();
    let events = stripe.webhooks();
    let sent: processor::SentLog = Arc::new(Mutex::new(Vec::new()));
    let billing = c.billing.clone().with_processor(stripe.processor(&sent));
    let (session, id, bundle) = patient(&c).await;
    let write = c.bills(&session, &id, Mode::Write).await.unwrap();
    let owed = billing.account(&write, &meta()).await.unwrap().balance;

    // Amount rules: more than zero, at most what is owed.
    for bad in ["0", "-1", "abc"] {
        assert!(
            billing
                .pay(
                    &write,
                    bad,
                    &stripe.card("4242424242424242"),
                    "attempt-000000000001",
                    &meta()
                )
                .await
                .is_err(),
            "{bad}"
        );
    }
    let too_much = portico_domain::money::Money::new(owed.minor + 1, owed.currency.clone());
    let err = billing
        .pay(
            &write,
            &too_much.plain(),
            &stripe.card("4242424242424242"),
            "attempt-000000000002",
            &meta(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            DomainError::Validation {
                field: "amount",
                ..
            }
        ),
        "{err:?}"
    );

    // $25 with the test card; the same attempt again (a double click) is the same payment.
    let card = stripe.card("4242424242424242");
    let paid = billing
        .pay(&write, "25.00", &card, "attempt-000000000003", &meta())
        .await
        .unwrap();
    assert_eq!(paid.status, PaymentStatus::Succeeded);
    let twice = billing
        .pay(&write, "25.00", &card, "attempt-000000000003", &meta())
        .await
        .unwrap();
    assert_eq!(twice.id, paid.id);
    let after = billing.account(&write, &meta()).await.unwrap();
    assert_eq!(after.balance.minor, owed.minor - 2500);
    assert_eq!(
        after
            .lines
            .iter()
            .filter(|l| l.kind == EntryKind::Payment)
            .count(),
        1
    );

    // The processor's own event arrives: signed, it changes nothing already counted; the same
    // delivery again is a duplicate.
    let (payload, signature) = loop {
        let (payload, signature) = events.recv_timeout(Duration::from_secs(15)).unwrap();
        let event: Value = serde_json::from_slice(&payload).unwrap();
        if event["type"] == "payment_intent.succeeded" {
            break (payload, signature);
        }
    };
    assert_eq!(
        billing
            .handle_event(&payload, &signature, &meta())
            .await
            .unwrap(),
        EventOutcome::Applied
    );
    assert_eq!(
        billing
            .handle_event(&payload, &signature, &meta())
            .await
            .unwrap(),
        EventOutcome::Duplicate
    );
    assert_eq!(
        billing
            .account(&write, &meta())
            .await
            .unwrap()
            .balance
            .minor,
        owed.minor - 2500
    );
    // Forged and stale signatures are refused and audited.
    let forged = processor::sign(&payload, b"whsec_someone_else", Utc::now());
    assert!(
        billing
            .handle_event(&payload, &forged, &meta())
            .await
            .is_err()
    );
    let stale = processor::sign(
        &payload,
        WEBHOOK_SECRET.as_bytes(),
        Utc::now() - chrono::Duration::minutes(6),
    );
    assert!(
        billing
            .handle_event(&payload, &stale, &meta())
            .await
            .is_err()
    );
    assert!(
        c.audited(
            "billing.event.refused",
            "denied",
            Some("signature mismatch")
        )
        .await
    );
    assert!(
        c.audited("billing.event.refused", "denied", Some("stale signature"))
            .await
    );

    // A declined card: an error in plain words, nothing posted.
    let err = billing
        .pay(
            &write,
            "5.00",
            &stripe.card("4000000000000341"),
            "attempt-000000000004",
            &meta(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, DomainError::Validation { message, .. } if message.to_string().contains("declined")),
        "{err:?}"
    );
    // The refusal, and the reason kept with the payment, read in the reader's language.
    let DomainError::Validation { message, .. } = &err else {
        unreachable!()
    };
    assert_eq!(message.to_string(), "Your card was declined.");
    assert_eq!(message.in_language(Locale::Es), "Su tarjeta fue rechazada.");
    let declined = billing.account(&write, &meta()).await.unwrap().payments;
    let failure = declined
        .iter()
        .find(|p| p.status == PaymentStatus::Failed)
        .and_then(|p| p.failure.as_ref())
        .expect("the declined payment keeps why");
    assert_eq!(failure.in_language(Locale::Es), "Su tarjeta fue rechazada.");
    assert_eq!(failure.to_string(), "Your card was declined.");
    assert_eq!(
        billing
            .account(&write, &meta())
            .await
            .unwrap()
            .balance
            .minor,
        owed.minor - 2500
    );

    // Billing refunds $10 of it; the processor's refund event later changes nothing more.
    let biller = c.staff("Bea Biller", "billing").await;
    let staff = c.bills(&biller, &id, Mode::Write).await.unwrap();
    assert!(
        billing
            .refund(&staff, &paid.id, "30.00", "Paid twice", &meta())
            .await
            .is_err(),
        "more than was paid"
    );
    billing
        .refund(&staff, &paid.id, "10.00", "Paid twice", &meta())
        .await
        .unwrap();
    let refunded = billing.account(&write, &meta()).await.unwrap();
    assert_eq!(refunded.balance.minor, owed.minor - 1500);
    assert_eq!(
        refunded
            .payments
            .iter()
            .find(|p| p.id == paid.id)
            .unwrap()
            .refunded
            .minor,
        1000
    );
    while let Ok((payload, signature)) = events.recv_timeout(Duration::from_secs(5)) {
        billing
            .handle_event(&payload, &signature, &meta())
            .await
            .unwrap();
    }
    assert_eq!(
        billing
            .account(&write, &meta())
            .await
            .unwrap()
            .balance
            .minor,
        owed.minor - 1500
    );

    // The billing office's day: the payments (a declined one too), what came in net of the
    // refund, what is owed by age, and a CSV a spreadsheet cannot be tricked by.
    let office = c
        .access
        .authorize_clinic(
            Some(&biller),
            ClinicTask::WorkBilling,
            "staff/billing",
            &meta(),
        )
        .await
        .unwrap();
    let report = billing
        .office_report(&office, Utc::now().date_naive(), Locale::En, &meta())
        .await
        .unwrap();
    assert_eq!(
        report.payments.len(),
        2,
        "the $25 payment and the declined $5"
    );
    assert_eq!(report.collected.minor, 1500);
    assert_eq!(report.aging.len(), 1);
    assert_eq!(report.aging[0].balance.minor, owed.minor - 1500);
    assert_eq!(
        report.aging[0].buckets.iter().map(|m| m.minor).sum::<i64>(),
        owed.minor - 1500
    );
    let zone = c.scheduling.zone().await.unwrap();
    let csv = report.payments_csv(&zone).unwrap();
    assert!(
        csv.starts_with("time,patient,amount,currency,status,refunded\n"),
        "{csv}"
    );
    assert!(csv.contains(",25.00,USD,succeeded,10.00"), "{csv}");
    // Only the billing office.
    assert!(matches!(
        c.access
            .authorize_clinic(
                Some(&session),
                ClinicTask::WorkBilling,
                "staff/billing",
                &meta()
            )
            .await,
        Err(DomainError::Forbidden)
    ));

    // Nothing sent to the processor names the patient, the care or the clinic's codes.
    let name = bundle["entry"][0]["resource"]["name"][0]["family"]
        .as_str()
        .unwrap()
        .to_owned();
    let sent = sent.lock().unwrap().clone();
    assert!(!sent.is_empty());
    for (path, body) in &sent {
        let keys: Vec<&str> = body
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split('=').next().unwrap())
            .collect();
        for key in &keys {
            assert!(
                [
                    "amount",
                    "currency",
                    "payment_method_types%5B%5D",
                    "payment_method",
                    "confirm",
                    "metadata%5Bpayment%5D",
                    "payment_intent",
                ]
                .contains(key),
                "{path}: {key} in {body}"
            );
        }
        assert!(!body.contains(&name), "{path}: {body}");
        assert!(!body.contains(&id), "{path}: the portal's patient id");
    }
}

#[tokio::test]
async fn a_card_the_bank_must_check_waits_for_the_payer_and_then_posts_once() {
    let c = Clinic::new().await;
    c.clock.set(Utc::now());
    let stripe = LocalStripe::start();
    let sent: processor::SentLog = Arc::new(Mutex::new(Vec::new()));
    let billing = c.billing.clone().with_processor(stripe.processor(&sent));
    let (session, id, _) = patient(&c).await;
    let write = c.bills(&session, &id, Mode::Write).await.unwrap();
    let read = c.bills(&session, &id, Mode::Read).await.unwrap();
    let owed = billing.account(&write, &meta()).await.unwrap().balance;

    // A card whose bank asks the payer: nothing is counted until the payer answers.
    let pending = billing
        .pay(
            &write,
            "20.00",
            &stripe.card("4000002760003184"),
            "attempt-3ds-0000000001",
            &meta(),
        )
        .await
        .unwrap();
    assert_eq!(pending.status, PaymentStatus::Processing);
    let secret = pending.authenticate.clone().expect("the bank's check");
    assert!(secret.starts_with("pi_") && secret.contains("_secret_"));
    let still = billing.payment(&read, &pending.id, &meta()).await.unwrap();
    assert_eq!(still.status, PaymentStatus::Processing);
    assert_eq!(
        billing.account(&write, &meta()).await.unwrap().balance,
        owed
    );
    // The payer confirms in the processor's window; the page asks where it stands: paid, once.
    stripe.answer_bank_check(&secret, true);
    let done = billing.payment(&read, &pending.id, &meta()).await.unwrap();
    assert_eq!(done.status, PaymentStatus::Succeeded);
    let again = billing.payment(&read, &pending.id, &meta()).await.unwrap();
    assert_eq!(again.status, PaymentStatus::Succeeded);
    let after = billing.account(&write, &meta()).await.unwrap();
    assert_eq!(after.balance.minor, owed.minor - 2000);
    assert_eq!(
        after
            .lines
            .iter()
            .filter(|l| l.kind == EntryKind::Payment)
            .count(),
        1
    );

    // The payer fails the check: declined in plain words, nothing posted.
    let failing = billing
        .pay(
            &write,
            "5.00",
            &stripe.card("4000002760003184"),
            "attempt-3ds-0000000002",
            &meta(),
        )
        .await
        .unwrap();
    stripe.answer_bank_check(failing.authenticate.as_deref().unwrap(), false);
    let declined = billing.payment(&read, &failing.id, &meta()).await.unwrap();
    assert_eq!(declined.status, PaymentStatus::Failed);
    assert!(
        declined
            .failure
            .as_ref()
            .is_some_and(|f| f.to_string().contains("authentication")),
        "{declined:?}"
    );
    assert_eq!(
        billing
            .account(&write, &meta())
            .await
            .unwrap()
            .balance
            .minor,
        owed.minor - 2000
    );
    // A payment id that is not this patient's is not found.
    assert!(matches!(
        billing.payment(&read, "not-a-payment", &meta()).await,
        Err(DomainError::NotFound)
    ));
}

#[tokio::test]
async fn a_payment_plan_spreads_the_balance_and_a_missed_instalment_reaches_the_billing_office() {
    let c = Clinic::new().await;
    let (session, id, _) = patient(&c).await;
    let biller = c.staff("Bea Biller", "billing").await;
    let desk = c.bills(&biller, &id, Mode::Write).await.unwrap();
    let write = c.bills(&session, &id, Mode::Write).await.unwrap();
    let balance = c.billing.account(&write, &meta()).await.unwrap().balance;
    assert!(balance.minor > 2 * 2500, "{balance}");

    // The clinic's limits: 2 to 12 months, at least $25 an instalment.
    for months in [0, 1, 13] {
        assert!(
            c.billing.start_plan(&write, months, &meta()).await.is_err(),
            "{months}"
        );
    }
    let settings = portico_domain::billing::BillingSettings::parse(
        "currency=USD; plan-max-months=12; plan-min-instalment=200.00",
    )
    .unwrap();
    portico_domain::clinic::save_text_setting(&c.t.db, &settings, c.identity.now())
        .await
        .unwrap();
    let err = c.billing.start_plan(&write, 12, &meta()).await.unwrap_err();
    assert!(
        matches!(&err, DomainError::Validation { message, .. } if message.to_string().contains("at least $200.00")),
        "{err:?}"
    );
    portico_domain::clinic::save_text_setting(
        &c.t.db,
        &portico_domain::billing::BillingSettings::default(),
        c.identity.now(),
    )
    .await
    .unwrap();

    // Three months: equal parts of the whole balance, the first due a month from today.
    let plan = c.billing.start_plan(&write, 3, &meta()).await.unwrap();
    assert_eq!(plan.instalments.len(), 3);
    assert_eq!(
        plan.instalments.iter().map(|i| i.amount.minor).sum::<i64>(),
        balance.minor
    );
    let today = c.identity.now().date_naive();
    assert_eq!(
        plan.instalments[0].due,
        today.checked_add_months(chrono::Months::new(1)).unwrap()
    );
    assert_eq!(plan.instalments[0].state, InstalmentState::Next);
    assert!(
        c.billing.start_plan(&write, 2, &meta()).await.is_err(),
        "one at a time"
    );

    // Past the first day with nothing paid: missed, and the billing office's report says so.
    c.clock.advance(chrono::Duration::days(33));
    let office = c
        .access
        .authorize_clinic(
            Some(&biller),
            ClinicTask::WorkBilling,
            "staff/billing",
            &meta(),
        )
        .await
        .unwrap();
    let day = c.identity.now().date_naive();
    let report = c
        .billing
        .office_report(&office, day, Locale::En, &meta())
        .await
        .unwrap();
    assert_eq!(report.missed_plans.len(), 1);
    assert_eq!(report.missed_plans[0].patient_id, id);

    // The desk takes the first instalment in cash: caught up.
    let first = plan.instalments[0].amount.plain();
    c.billing
        .post_entry(
            &desk,
            EntryKind::Payment,
            &first,
            "Cash at the desk",
            "",
            &meta(),
        )
        .await
        .unwrap();
    let report = c
        .billing
        .office_report(&office, day, Locale::En, &meta())
        .await
        .unwrap();
    assert!(report.missed_plans.is_empty());
    let read = c.bills(&session, &id, Mode::Read).await.unwrap();
    let account = c.billing.account(&read, &meta()).await.unwrap();
    let running = account.plan.expect("the plan runs");
    assert_eq!(
        running
            .instalments
            .iter()
            .map(|i| i.state)
            .collect::<Vec<_>>(),
        [
            InstalmentState::Paid,
            InstalmentState::Next,
            InstalmentState::Upcoming
        ]
    );
    assert_eq!(
        account.balance.minor,
        balance.minor - plan.instalments[0].amount.minor
    );

    // The patient ends it.
    c.billing.cancel_plan(&write, &meta()).await.unwrap();
    assert!(c.billing.plan(&read).await.unwrap().is_none());
    assert!(matches!(
        c.billing.cancel_plan(&write, &meta()).await,
        Err(DomainError::NotFound)
    ));
}
