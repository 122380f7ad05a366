//! Records benchmark (not a test): prints figures, asserts nothing about time.
//!
//! - import throughput (resources per second) for the shared Synthea fixtures, into a fresh
//!   SQLite database (or PostgreSQL with `PORTICO_TEST_POSTGRES_URL`), three runs;
//! - the server's time to build the summary page's data (policy check, decrypting and reading
//!   every resource, audit append) for a patient with 1,000 observations, twenty runs.
//!
//! `cargo bench -p portico-domain --features test-util --bench records`

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use portico_domain::{
    Core, Services,
    access::{Mode, Scope},
    audit::RequestMeta,
    clock::SystemClock,
    identity::{
        CurrentSession, Identity, IdentitySettings, Issuer, NewStaff, RelyingParty, SessionLookup,
    },
    records::{ImportFile, Importer},
    test_passkeys::{authenticator, register},
    test_util::TestDatabase,
};
use serde_json::{Value, json};
use webauthn_rs::prelude::Url;

const ORIGIN: &str = "https://portal.example.org";

async fn clinic() -> (TestDatabase, Services) {
    let t = TestDatabase::new().await;
    let services = Services::new(
        Core::new(
            t.db.clone(),
            t.vault().await,
            std::sync::Arc::new(SystemClock),
        ),
        &RelyingParty {
            origin: Url::parse(ORIGIN).unwrap(),
            name: "Bench Clinic".into(),
        },
        IdentitySettings::default(),
    )
    .unwrap();
    (t, services)
}

fn fixtures() -> Vec<ImportFile> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/synthea");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| ImportFile {
            name: p.display().to_string(),
            text: std::fs::read_to_string(&p).unwrap(),
        })
        .collect()
}

/// One patient with 1,000 lab observations (20 tests × 50 dates) and a few problems and
/// medications.
fn thousand_observations() -> Value {
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
    let start = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    for test in 0..20 {
        for visit in 0..50 {
            let day = start + chrono::Duration::days(visit * 14);
            entries.push(json!({"resource": {
                "resourceType": "Observation", "id": format!("o{test}-{visit}"), "status": "final",
                "category": [{"coding": [{"code": "laboratory"}]}],
                "code": {"coding": [{"system": "http://loinc.org", "code": format!("9999-{test}")}], "text": format!("Test {test}")},
                "subject": {"reference": "Patient/bench-p"},
                "effectiveDateTime": format!("{day}T08:00:00Z"),
                "valueQuantity": {"value": 5.0 + (visit as f64 % 7.0) / 3.0, "unit": "mmol/L"},
                "referenceRange": [{"low": {"value": 4.0}, "high": {"value": 6.5}}]}}));
        }
    }
    json!({"resourceType": "Bundle", "type": "collection", "entry": entries})
}

async fn clinician(identity: &Identity) -> CurrentSession {
    let new = NewStaff::parse("Bench Clinician", "", "clinician").unwrap();
    let code = identity
        .invite_staff(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    let start = identity
        .begin_enrollment(code.code.expose(), "", None, &RequestMeta::cli())
        .await
        .unwrap();
    let credential = register(&mut authenticator(true), &start.ceremony.options, ORIGIN);
    let enrolled = identity
        .finish_enrollment(
            &start.ceremony.ceremony_id,
            &credential,
            None,
            &RequestMeta::cli(),
        )
        .await
        .unwrap();
    match identity
        .resolve_session(enrolled.session.token.expose(), &RequestMeta::cli(), true)
        .await
        .unwrap()
    {
        SessionLookup::Active(session) => *session,
        other => panic!("no session: {other:?}"),
    }
}

fn summary(label: &str, runs: &[Duration]) {
    let mut sorted = runs.to_vec();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}: median {:.1} ms, min {:.1} ms, max {:.1} ms ({} runs)",
        ms(sorted[sorted.len() / 2]),
        ms(sorted[0]),
        ms(sorted[sorted.len() - 1]),
        sorted.len()
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let backend = if std::env::var("PORTICO_TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty()) {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "Portico records benchmark on {backend} ({})",
        Utc::now().format("%Y-%m-%d")
    );

    for run in 1..=3 {
        let (_t, services) = clinic().await;
        let files = fixtures();
        let started = Instant::now();
        let summary = services
            .records
            .import(
                Importer::CommandLine,
                files,
                &RequestMeta::cli(),
                &mut |_| {},
            )
            .await
            .unwrap();
        let elapsed = started.elapsed();
        let stored: usize = summary.stored.values().sum();
        println!(
            "import run {run}: {stored} resources from the Synthea fixtures in {:.2} s = {:.0} resources/s",
            elapsed.as_secs_f64(),
            stored as f64 / elapsed.as_secs_f64()
        );
    }

    let (_t, services) = clinic().await;
    let bundle = thousand_observations();
    let started = Instant::now();
    services
        .records
        .import(
            Importer::CommandLine,
            vec![ImportFile {
                name: "bench.json".into(),
                text: bundle.to_string(),
            }],
            &RequestMeta::cli(),
            &mut |_| {},
        )
        .await
        .unwrap();
    println!(
        "import: 1,011 resources for one patient in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let (patient_id, _) = services
        .records
        .patient_by_fhir_id("bench-p")
        .await
        .unwrap();
    let session = clinician(&services.identity).await;
    let mut runs = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        // What the summary's server function does: one policy answer, then the page.
        let permit = services
            .access
            .authorize_patient(
                Some(&session),
                &patient_id,
                Scope::Records,
                Mode::Read,
                "patient/record",
                &RequestMeta::cli(),
            )
            .await
            .unwrap();
        let summary = services
            .records
            .summary(&permit, &RequestMeta::cli())
            .await
            .unwrap();
        runs.push(started.elapsed());
        assert_eq!(summary.latest_results.map(|r| r.len()), Some(20));
    }
    summary(
        "summary for a patient with 1,000 observations (server side, decrypt + build)",
        &runs,
    );
}
