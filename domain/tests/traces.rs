//! The services' traces: every entry point opens a span, and no PHI reaches one. Its own test
//! binary with one test, so the thread-local subscriber below sees every span (tracing caches
//! which callsites are wanted per process, and other tests running at once would race it).

#[path = "it/support.rs"]
#[allow(dead_code, unused_imports)]
mod support;

use portico_domain::access::{AuditQuery, NewCaregiver};
use tracing_subscriber::fmt::format::FmtSpan;

use support::{BIRTH_DATE, Clinic, meta};

/// Everything traced, as text.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const GIVEN: &str = "Tracella";
const CARER: &str = "Spanwick Loggerton";

#[tokio::test]
async fn the_services_trace_every_entry_point_and_no_phi() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let c = Clinic::new().await;
    let code = c
        .invite_patient(GIVEN, "tracella@canary-mail.example")
        .await;
    let patient = c.enrol(&code, BIRTH_DATE).await;
    let patient_id = patient.account.patient_id.clone().unwrap();
    let today = c.identity.now().date_naive();
    let caregiver =
        NewCaregiver::parse(CARER, "", "Cousin", &["records".to_owned()], "", today).unwrap();
    c.invite_caregiver(&patient, &patient_id, caregiver, &meta())
        .await
        .unwrap();
    c.patient_grants(&patient, &patient_id, &meta())
        .await
        .unwrap();
    c.patient_overview(&patient, &patient_id, &meta())
        .await
        .unwrap();
    c.record_summary(&patient, &patient_id, &meta())
        .await
        .unwrap();
    let admin = c.staff("Auditia Adminson", "admin").await;
    c.find_patients(&admin, GIVEN, &meta()).await.unwrap();
    c.search_audit(&admin, AuditQuery::default(), &meta())
        .await
        .unwrap();

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for span in [
        "identity.invite_patient",
        "identity.finish_enrollment",
        "access.authorize_patient",
        "access.invite_caregiver",
        "access.patient_grants",
        "access.patient_overview",
        "records.summary",
        "access.find_patients",
        "access.search_audit",
    ] {
        assert!(text.contains(span), "no {span} span");
    }
    for canary in [
        "Tracella",
        "tracella",
        "canary-mail",
        "Spanwick",
        "Loggerton",
        BIRTH_DATE,
    ] {
        assert!(!text.contains(canary), "{canary} in the traces");
    }
}
