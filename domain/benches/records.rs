//! Records benchmark (not a test): prints figures, asserts nothing about time.
//!
//! - import throughput (resources per second) for the shared Synthea fixtures, into a fresh
//!   SQLite database (or PostgreSQL with `PORTICO_TEST_POSTGRES_URL`), three runs;
//! - for patients with 100, 1,000, 10,000 and 50,000 observations (`PORTICO_BENCH_SIZES=100,1000`
//!   for others): import throughput, and the server's time (policy answer, queries, decrypting
//!   what is shown, audit append) of the summary, the first page of results, one result with its
//!   trend, and the export.
//!
//! `cargo bench -p portico-domain --features test-util --bench records`

use std::time::{Duration, Instant};

use chrono::Utc;
use portico_domain::{
    Core, Services,
    access::{Mode, Scope},
    audit::RequestMeta,
    clock::SystemClock,
    identity::{
        CurrentSession, Identity, IdentitySettings, Issuer, NewStaff, RelyingParty, SessionLookup,
    },
    records::{ImportFile, Importer, Page, Section},
    test_passkeys::{authenticator, register},
    test_util::{TestDatabase, patient_with_observations},
};

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

fn report(label: &str, runs: &[Duration]) {
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

    let sizes: Vec<usize> = std::env::var("PORTICO_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1_000, 10_000, 50_000]);
    for size in sizes {
        patient_of(size).await;
    }
}

/// Imports one patient with `size` observations, then times what its pages cost on the server:
/// the summary, the first page of results, one result's trend, and the export.
async fn patient_of(size: usize) {
    let (_t, services) = clinic().await;
    let bundle = patient_with_observations(size).to_string();
    let resources = size + 11;
    let started = Instant::now();
    services
        .records
        .import(
            Importer::CommandLine,
            vec![ImportFile {
                name: "bench.json".into(),
                text: bundle,
            }],
            &RequestMeta::cli(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let elapsed = started.elapsed();
    println!(
        "\n{size} observations: import of {resources} resources for one patient in {:.2} s = {:.0} resources/s",
        elapsed.as_secs_f64(),
        resources as f64 / elapsed.as_secs_f64()
    );
    let (patient_id, _) = services
        .records
        .patient_by_fhir_id("bench-p")
        .await
        .unwrap();
    let session = clinician(&services.identity).await;
    let meta = RequestMeta::cli();
    // What each page's server function does: one policy answer, then the page.
    let permit = async |scope: Scope, action: &'static str| {
        services
            .access
            .authorize_patient(
                Some(&session),
                &patient_id,
                scope,
                Mode::Read,
                action,
                &meta,
            )
            .await
            .unwrap()
    };
    let runs = if size >= 50_000 { 5 } else { 20 };
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let permit = permit(Scope::Records, "patient/record").await;
        let summary = services.records.summary(&permit, &meta).await.unwrap();
        times.push(started.elapsed());
        assert_eq!(summary.latest_results.map(|r| r.len()), Some(20.min(size)));
    }
    report(&format!("{size} observations: summary"), &times);

    let mut times = Vec::new();
    let mut first_result = None;
    for _ in 0..runs {
        let started = Instant::now();
        let permit = permit(Scope::Results, "patient/record/section").await;
        let page = services
            .records
            .section(&permit, Section::Results, &Page::default(), &meta)
            .await
            .unwrap();
        times.push(started.elapsed());
        assert_eq!(page.entries.len(), 25.min(size));
        first_result = page.entries.first().map(|e| e.id.clone());
    }
    report(
        &format!("{size} observations: first page of results"),
        &times,
    );

    let entry_id = first_result.expect("a result");
    let mut times = Vec::new();
    let mut points = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let permit = permit(Scope::Results, "patient/record/entry").await;
        let detail = services
            .records
            .entry(&permit, &entry_id, &meta)
            .await
            .unwrap();
        times.push(started.elapsed());
        points = detail.trend.map_or(0, |t| t.points.len());
    }
    report(
        &format!("{size} observations: one result with its trend ({points} points)"),
        &times,
    );

    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..runs.min(5) {
        let started = Instant::now();
        let permit = permit(Scope::Records, "patient/record/export").await;
        let (text, _) = services
            .records
            .export(
                &permit,
                &session,
                "https://portal.example.org/fhir",
                |_| Vec::new(),
                &meta,
            )
            .await
            .unwrap();
        times.push(started.elapsed());
        bytes = text.len();
    }
    report(
        &format!(
            "{size} observations: export ({:.1} MB of FHIR JSON)",
            bytes as f64 / 1e6
        ),
        &times,
    );
}
