//! Records: importing FHIR (the shared Synthea fixtures, a transaction Bundle, Bulk NDJSON, every
//! reference style, malformed input, re-import) and reading them back through the policy
//! (summary, sections, results with trends, release delays, caregivers, export).

use std::collections::{BTreeMap, HashSet};

use chrono::Duration;
use portico_domain::{
    DomainError,
    access::{Mode, NewCaregiver},
    audit::RequestMeta,
    entities::{patient, record_resource},
    identity::{CurrentSession, Operator},
    records::{Flag, ImportFile, ImportSummary, Importer, ReleaseDelays, Section},
};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::support::{Clinic, Edge, meta};

fn fixture_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/synthea")
}

fn fixture_files() -> Vec<ImportFile> {
    let mut paths: Vec<_> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| ImportFile {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&p).unwrap(),
        })
        .collect()
}

async fn import(c: &Clinic, files: Vec<ImportFile>) -> Result<ImportSummary, DomainError> {
    c.records
        .import(
            Importer::CommandLine,
            files,
            &RequestMeta::cli(),
            &mut |_| {},
        )
        .await
}

fn file(name: &str, value: &Value) -> ImportFile {
    ImportFile {
        name: name.into(),
        text: value.to_string(),
    }
}

/// How many entries the summary says a section holds.
fn section_count(
    summary: &portico_domain::records::RecordSummary,
    section: Section,
) -> Option<usize> {
    summary
        .sections
        .iter()
        .find(|(s, _)| *s == section)
        .map(|(_, n)| *n)
}

async fn rows(c: &Clinic) -> u64 {
    record_resource::Entity::find()
        .count(&c.t.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_shared_fixtures_import_with_every_count_per_type_and_reimport_updates() {
    let c = Clinic::new().await;
    // Counted straight from the files: distinct resources per type (the patient bundles repeat
    // the practitioners and organizations of the information bundles).
    let mut expected: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for f in fixture_files() {
        let raw: Value = serde_json::from_str(&f.text).unwrap();
        for entry in raw["entry"].as_array().unwrap() {
            let resource = &entry["resource"];
            expected
                .entry(resource["resourceType"].as_str().unwrap().to_owned())
                .or_default()
                .insert(resource["id"].as_str().unwrap().to_owned());
        }
    }
    let summary = import(&c, fixture_files()).await.unwrap();
    let mut got: BTreeMap<String, usize> = summary.stored.clone();
    for (kind, n) in &summary.skipped {
        *got.entry(kind.clone()).or_default() += n;
    }
    let expected_counts: BTreeMap<String, usize> = expected
        .iter()
        .map(|(k, ids)| (k.clone(), ids.len()))
        .collect();
    assert_eq!(got, expected_counts);
    assert_eq!(summary.patients_created, 6);
    assert_eq!(summary.updated, 0);
    assert!(summary.stored["Observation"] > 0 && summary.stored["Immunization"] > 0);
    let stored_total: usize = summary.stored.values().sum();
    assert_eq!(rows(&c).await as usize, stored_total);
    assert_eq!(patient::Entity::find().count(&c.t.db).await.unwrap(), 6);

    // The same data again: every row updated in place, no new patient, no duplicate.
    let again = import(&c, fixture_files()).await.unwrap();
    assert_eq!(again.created, 0);
    assert_eq!(again.updated, stored_total);
    assert_eq!(again.patients_created, 0);
    assert_eq!(again.patients_updated, 6);
    assert_eq!(rows(&c).await as usize, stored_total);
    assert_eq!(patient::Entity::find().count(&c.t.db).await.unwrap(), 6);
}

#[tokio::test]
async fn malformed_input_names_the_file_and_entry_and_changes_nothing() {
    let c = Clinic::new().await;
    let mut files = fixture_files();
    files.push(ImportFile {
        name: "broken.json".into(),
        text: "{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [".into(),
    });
    let err = import(&c, files).await.unwrap_err().to_string();
    assert!(err.contains("broken.json"), "{err}");
    assert_eq!(rows(&c).await, 0);
    assert_eq!(patient::Entity::find().count(&c.t.db).await.unwrap(), 0);

    // A resource about a patient who is nowhere: the whole bundle is refused.
    let orphan = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:6f0b3c4e-0000-4000-8000-000000000001", "resource": {
            "resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/nobody"},
            "code": {"text": "Asthma"}}}
    ]});
    let err = import(&c, vec![file("orphan.json", &orphan)])
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("orphan.json, entry 1") && err.contains("Patient/nobody"),
        "{err}"
    );
    assert_eq!(rows(&c).await, 0);
}

fn practitioner_bundle() -> Value {
    json!({"resourceType": "Bundle", "type": "batch", "entry": [
        {"fullUrl": "urn:uuid:0b7c1f8e-1111-4000-8000-000000000001",
         "request": {"method": "POST", "url": "Practitioner"},
         "resource": {"resourceType": "Practitioner", "id": "dr-lee",
            "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}],
            "name": [{"family": "Lee", "given": ["Jordan"], "prefix": ["Dr."]}]}}
    ]})
}

/// A transaction Bundle for one adult: relative, absolute, `urn:uuid:` and conditional
/// references (the practitioner comes from an earlier import).
fn adult_transaction() -> Value {
    let patient_url = "urn:uuid:5a1e0c2d-2222-4000-8000-000000000001";
    let lab = |id: &str, day: &str, value: f64, flag: &str| {
        json!({"fullUrl": format!("https://ehr.example.org/fhir/Observation/{id}"),
         "request": {"method": "PUT", "url": format!("Observation/{id}")},
         "resource": {"resourceType": "Observation", "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "4548-4", "display": "Hemoglobin A1c/Hemoglobin.total in Blood"}], "text": "Hemoglobin A1c"},
            "subject": {"reference": patient_url},
            "performer": [{"reference": "Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|1234567893"}],
            "effectiveDateTime": day,
            "valueQuantity": {"value": value, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"},
            "referenceRange": [{"low": {"value": 4.0, "unit": "%"}, "high": {"value": 5.6, "unit": "%"}}],
            "interpretation": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code": flag}]}]}})
    };
    json!({"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": patient_url, "request": {"method": "POST", "url": "Patient"},
         "resource": {"resourceType": "Patient", "id": "p-ortiz",
            "name": [{"use": "official", "family": "Ortiz", "given": ["Maria"]}],
            "birthDate": "1968-04-13", "telecom": [{"system": "email", "value": "maria@example.org"}]}},
        {"fullUrl": "urn:uuid:5a1e0c2d-2222-4000-8000-000000000002",
         "request": {"method": "POST", "url": "Condition"},
         "resource": {"resourceType": "Condition", "id": "dm2",
            "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "44054006", "display": "Diabetes mellitus type 2"}]},
            "subject": {"reference": "Patient/p-ortiz"}, "onsetDateTime": "2017-03-01"}},
        {"fullUrl": "urn:uuid:5a1e0c2d-2222-4000-8000-000000000003",
         "request": {"method": "POST", "url": "Condition"},
         "resource": {"resourceType": "Condition", "id": "depression",
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "35489007", "display": "Depressive disorder"}]},
            "subject": {"reference": patient_url}}},
        {"fullUrl": "urn:uuid:5a1e0c2d-2222-4000-8000-000000000004",
         "request": {"method": "POST", "url": "MedicationRequest"},
         "resource": {"resourceType": "MedicationRequest", "id": "metformin", "status": "active", "intent": "order",
            "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "861007", "display": "Metformin 1000 MG Oral Tablet"}]},
            "subject": {"reference": patient_url}, "authoredOn": "2024-01-10",
            "dosageInstruction": [{"text": "1 tablet twice a day with meals"}]}},
        {"fullUrl": "urn:uuid:5a1e0c2d-2222-4000-8000-000000000005",
         "request": {"method": "POST", "url": "AllergyIntolerance"},
         "resource": {"resourceType": "AllergyIntolerance", "id": "pcn",
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"text": "Penicillin"}, "criticality": "high",
            "reaction": [{"manifestation": [{"text": "Hives"}]}],
            "patient": {"reference": patient_url}}},
        lab("a1c-1", "2025-02-01T09:00:00Z", 8.1, "H"),
        lab("a1c-2", "2025-08-01T09:00:00Z", 7.4, "H"),
        {"fullUrl": "urn:uuid:5a1e0c2d-2222-4000-8000-000000000006",
         "request": {"method": "POST", "url": "DiagnosticReport"},
         "resource": {"resourceType": "DiagnosticReport", "id": "rep-2", "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "LAB"}]}],
            "code": {"text": "Hemoglobin A1c"}, "subject": {"reference": patient_url},
            "effectiveDateTime": "2025-08-01T09:00:00Z",
            "result": [{"reference": "https://ehr.example.org/fhir/Observation/a1c-2"}]}},
        {"fullUrl": "urn:uuid:5a1e0c2d-2222-4000-8000-000000000007",
         "request": {"method": "POST", "url": "Encounter"},
         "resource": {"resourceType": "Encounter", "id": "next-visit", "status": "planned",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB", "display": "ambulatory"},
            "type": [{"text": "Diabetes follow-up"}], "subject": {"reference": patient_url},
            "period": {"start": "2027-01-15T10:00:00Z"}}},
        {"fullUrl": "urn:uuid:5a1e0c2d-2222-4000-8000-000000000008",
         "request": {"method": "POST", "url": "DocumentReference"},
         "resource": {"resourceType": "DocumentReference", "id": "note-1", "status": "current",
            "type": {"text": "Visit note"}, "subject": {"reference": patient_url}, "date": "2025-08-01T10:00:00Z",
            "content": [{"attachment": {"contentType": "text/plain", "title": "Visit note", "data": "Rm9sbG93LXVwIGluIDMgbW9udGhzLg=="}}]}},
        {"fullUrl": "urn:uuid:5a1e0c2d-2222-4000-8000-000000000009",
         "request": {"method": "POST", "url": "CarePlan"},
         "resource": {"resourceType": "CarePlan", "id": "cp", "subject": {"reference": patient_url}}}
    ]})
}

#[tokio::test]
async fn a_transaction_bundle_and_bulk_ndjson_resolve_every_reference_style_across_imports() {
    let c = Clinic::new().await;
    // The conditional reference to the practitioner finds nothing before it is imported.
    let err = import(&c, vec![file("adult.json", &adult_transaction())])
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("Practitioner?identifier="), "{err}");
    assert_eq!(rows(&c).await, 0);

    import(&c, vec![file("practitioners.json", &practitioner_bundle())])
        .await
        .unwrap();
    let summary = import(&c, vec![file("adult.json", &adult_transaction())])
        .await
        .unwrap();
    assert_eq!(summary.patients_created, 1);
    assert_eq!(summary.skipped.get("CarePlan"), Some(&1));
    assert_eq!(summary.stored["Observation"], 2);

    // Bulk NDJSON: one file per type, referring to the patient imported above.
    let observations = [
        json!({"resourceType": "Observation", "id": "bp-1", "status": "final",
            "category": [{"coding": [{"code": "vital-signs"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}], "text": "Body weight"},
            "subject": {"reference": "Patient/p-ortiz"}, "effectiveDateTime": "2025-02-01",
            "valueQuantity": {"value": 81.5, "unit": "kg"}}),
        json!({"resourceType": "Observation", "id": "bp-2", "status": "final",
            "category": [{"coding": [{"code": "vital-signs"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}], "text": "Body weight"},
            "subject": {"reference": "https://ehr.example.org/fhir/Patient/p-ortiz/_history/3"},
            "effectiveDateTime": "2025-08-01",
            "valueQuantity": {"value": 79.0, "unit": "kg"}}),
    ];
    let ndjson = ImportFile {
        name: "Observation.ndjson".into(),
        text: observations
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let bulk = import(&c, vec![ndjson]).await.unwrap();
    assert_eq!(bulk.stored["Observation"], 2);
    assert_eq!(bulk.patients_created, 0);

    // Malformed NDJSON: the line is named, nothing of the file is kept.
    let before = rows(&c).await;
    let bad = ImportFile {
        name: "More.ndjson".into(),
        text: format!("{}\n{{not json", observations[0]),
    };
    let err = import(&c, vec![bad]).await.unwrap_err().to_string();
    assert!(err.contains("More.ndjson: line 2"), "{err}");
    assert_eq!(rows(&c).await, before);
}

/// Imports the adult and enrols them; returns the patient's session and id.
async fn adult_with_account(c: &Clinic) -> (CurrentSession, String) {
    import(c, vec![file("practitioners.json", &practitioner_bundle())])
        .await
        .unwrap();
    import(c, vec![file("adult.json", &adult_transaction())])
        .await
        .unwrap();
    let patient_id = patient::Entity::find()
        .all(&c.t.db)
        .await
        .unwrap()
        .into_iter()
        .next()
        .unwrap()
        .id;
    let code = c
        .identity
        .reissue_patient_code(Operator::CommandLine, &patient_id, &RequestMeta::cli())
        .await
        .unwrap();
    let session = c.enrol(code.code.expose(), "1968-04-13").await;
    (session, patient_id)
}

#[tokio::test]
async fn the_patient_reads_a_summary_results_with_trends_visits_documents_and_exports() {
    let c = Clinic::new().await;
    let (me, patient_id) = adult_with_account(&c).await;

    let (_, summary) = c.record_summary(&me, &patient_id, &meta()).await.unwrap();
    let titles = |entries: &[portico_domain::records::Entry]| {
        entries
            .iter()
            .map(|e| e.title.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        titles(&summary.problems),
        vec!["Diabetes mellitus type 2", "Depressive disorder"]
    );
    assert_eq!(
        titles(&summary.medications),
        vec!["Metformin 1000 MG Oral Tablet"]
    );
    assert_eq!(titles(&summary.allergies), vec!["Penicillin"]);
    assert_eq!(titles(&summary.upcoming), vec!["Diabetes follow-up"]);
    let latest = summary.latest_results.unwrap();
    assert_eq!(latest.len(), 1, "one value per test: the newest");
    assert_eq!(latest[0].value.to_string(), "7.4");
    assert_eq!(latest[0].range.as_deref(), Some("4–5.6"));
    assert_eq!(latest[0].flag, Some(Flag::High));

    // Results are listed by report; the first value (in no report) stands alone.
    let (_, results) = c
        .record_section(&me, &patient_id, Section::Results, &meta())
        .await
        .unwrap();
    assert_eq!(results.entries.len(), 2);
    let report = results
        .entries
        .iter()
        .find(|e| e.detail.as_ref().map(ToString::to_string).as_deref() == Some("1 result"))
        .unwrap();
    let (_, detail) = c
        .record_entry(&me, &patient_id, &report.id, &meta())
        .await
        .unwrap();
    assert_eq!(detail.results.len(), 1);
    let (_, result) = c
        .record_entry(&me, &patient_id, &detail.results[0].id, &meta())
        .await
        .unwrap();
    let trend = result.trend.unwrap();
    let values: Vec<f64> = trend.points.iter().map(|p| p.number.unwrap()).collect();
    assert_eq!(values, vec![8.1, 7.4], "oldest first");

    // Documents download; the note's text is on the page.
    let (_, docs) = c
        .record_section(&me, &patient_id, Section::Documents, &meta())
        .await
        .unwrap();
    let (_, doc) = c
        .record_entry(&me, &patient_id, &docs.entries[0].id, &meta())
        .await
        .unwrap();
    assert_eq!(
        doc.attachments[0].text.as_deref(),
        Some("Follow-up in 3 months.")
    );
    let bytes = c
        .record_attachment(&me, &patient_id, &docs.entries[0].id, 0, &meta())
        .await
        .unwrap();
    assert_eq!(bytes.data, b"Follow-up in 3 months.");

    // Export (fresh from enrolment) holds the record and the practitioner it refers to.
    let (text, count) = c
        .export_record(&me, &patient_id, "https://portal.example.org/fhir", &meta())
        .await
        .unwrap();
    let bundle: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bundle["type"], "collection");
    let exported: Vec<String> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(exported.len(), count);
    for wanted in [
        "Patient/p-ortiz",
        "Practitioner/dr-lee",
        "Observation/a1c-2",
        "DocumentReference/note-1",
    ] {
        assert!(
            exported.contains(&format!("https://portal.example.org/fhir/{wanted}")),
            "{wanted} in {exported:?}"
        );
    }
    assert!(text.contains("\"reference\": \"Patient/p-ortiz\""));
    assert!(c.audited("record.export", "success", Some("self")).await);

    // Eleven minutes later it needs a passkey check first.
    c.advance(Duration::minutes(11));
    let err = c
        .export_record(&me, &patient_id, "https://portal.example.org/fhir", &meta())
        .await
        .unwrap_err();
    assert!(matches!(err, DomainError::StepUpRequired), "{err:?}");
}

#[tokio::test]
async fn results_wait_for_the_clinics_release_delay_for_patients_but_not_for_staff() {
    let c = Clinic::new().await;
    let (me, patient_id) = adult_with_account(&c).await;
    // A result taken an hour ago (the newest before it is from 2025-08-01).
    let taken = (c.identity.now() - Duration::hours(1)).to_rfc3339();
    let fresh = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Observation", "id": "a1c-3", "status": "final",
            "category": [{"coding": [{"code": "laboratory"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "4548-4"}], "text": "Hemoglobin A1c"},
            "subject": {"reference": "Patient/p-ortiz"},
            "effectiveDateTime": taken,
            "valueQuantity": {"value": 6.9, "unit": "%"}}}]});
    import(&c, vec![file("fresh.json", &fresh)]).await.unwrap();
    let latest_value = |summary: portico_domain::records::RecordSummary| {
        summary.latest_results.unwrap()[0].value.to_string()
    };
    let me = CurrentSession {
        authenticated_at: c.identity.now(),
        idle_deadline: c.identity.now() + Duration::minutes(15),
        ..me
    };
    let (_, now_summary) = c.record_summary(&me, &patient_id, &meta()).await.unwrap();
    assert_eq!(
        latest_value(now_summary),
        "6.9",
        "released at once by default"
    );

    portico_domain::clinic::save_text_setting(
        &c.t.db,
        &ReleaseDelays::parse("laboratory=72").unwrap(),
        c.identity.now(),
    )
    .await
    .unwrap();
    let (_, held) = c.record_summary(&me, &patient_id, &meta()).await.unwrap();
    assert_eq!(latest_value(held), "7.4", "the new result waits 72 hours");
    let staff = c.staff("Dr Kim", "clinician").await;
    let (_, seen) = c
        .record_summary(&staff, &patient_id, &meta())
        .await
        .unwrap();
    assert_eq!(latest_value(seen), "6.9", "clinicians see it at once");

    c.advance(Duration::hours(72));
    let me = CurrentSession {
        idle_deadline: c.identity.now() + Duration::minutes(15),
        ..me
    };
    let (_, later) = c.record_summary(&me, &patient_id, &meta()).await.unwrap();
    assert_eq!(latest_value(later), "6.9");
}

#[tokio::test]
async fn a_caregiver_without_the_results_scope_sees_the_record_but_no_results() {
    let c = Clinic::new().await;
    let (me, patient_id) = adult_with_account(&c).await;
    let today = c.identity.now().date_naive();
    let invited = c
        .invite_caregiver(
            &me,
            &patient_id,
            NewCaregiver::parse(
                "Bea Carer",
                "",
                "Daughter",
                &["records".to_owned()],
                "",
                today,
            )
            .unwrap(),
            &meta(),
        )
        .await
        .unwrap();
    let bea = c.enrol(invited.code.expose(), "").await;
    let (_, summary) = c.record_summary(&bea, &patient_id, &meta()).await.unwrap();
    assert_eq!(summary.latest_results, None);
    assert!(!summary.sections.iter().any(|(s, _)| *s == Section::Results));
    assert_eq!(summary.problems.len(), 2);
    assert!(matches!(
        c.record_section(&bea, &patient_id, Section::Results, &meta())
            .await,
        Err(DomainError::Forbidden)
    ));
    // Nor a single result by its id.
    let (_, results) = c
        .record_section(&me, &patient_id, Section::Results, &meta())
        .await
        .unwrap();
    assert!(matches!(
        c.record_entry(&bea, &patient_id, &results.entries[0].id, &meta())
            .await,
        Err(DomainError::Forbidden)
    ));
    assert!(
        c.audited("results.read", "denied", Some("scope_not_granted"))
            .await
    );
}

#[tokio::test]
async fn exported_bundles_validate_with_an_outside_validator() {
    let c = Clinic::new().await;
    let today = c.identity.now().date_naive();
    let mut files = fixture_files();
    files.push(file("demo.json", &portico_demo::chronic_care_bundle(today)));
    import(&c, files).await.unwrap();
    let clinician = c.staff("Dr Kim", "clinician").await;
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for p in patient::Entity::find().all(&c.t.db).await.unwrap() {
        let (text, count) = c
            .export_record(
                &clinician,
                &p.id,
                "https://portal.example.org/fhir",
                &meta(),
            )
            .await
            .unwrap();
        assert!(count > 10, "{count} resources");
        let path = dir.path().join(format!("{}.json", p.id));
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    assert_eq!(paths.len(), 7, "six Synthea patients and the demo patient");
    let args: Vec<&std::ffi::OsStr> = paths.iter().map(|p| p.as_os_str()).collect();
    let stdout = crate::support::outside_validator("validate_fhir.py", &args);
    assert_eq!(stdout.lines().filter(|l| l.starts_with("ok ")).count(), 7);
}

/// Clinical words no real record holds.
const RECORD_CANARIES: [&str; 4] = [
    "Zorbulent Quillitis",
    "Take with a glass of vexmilk",
    "Frindlewort shellfish",
    "Note about Plonkerby follow-up",
];

fn canary_bundle() -> Value {
    let note = base64_text(RECORD_CANARIES[3]);
    json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "canary-p",
            "name": [{"family": "Whelkstone", "given": ["Orla"]}], "birthDate": "1971-04-13"}},
        {"resource": {"resourceType": "Condition", "id": "canary-c",
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"text": RECORD_CANARIES[0]}, "subject": {"reference": "Patient/canary-p"}}},
        {"resource": {"resourceType": "MedicationRequest", "id": "canary-m", "status": "active",
            "intent": "order", "medicationCodeableConcept": {"text": "Metformin"},
            "dosageInstruction": [{"text": RECORD_CANARIES[1]}],
            "subject": {"reference": "Patient/canary-p"}}},
        {"resource": {"resourceType": "AllergyIntolerance", "id": "canary-a",
            "code": {"text": RECORD_CANARIES[2]}, "patient": {"reference": "Patient/canary-p"}}},
        {"resource": {"resourceType": "DocumentReference", "id": "canary-d", "status": "current",
            "subject": {"reference": "Patient/canary-p"},
            "content": [{"attachment": {"contentType": "text/plain", "data": note}}]}}
    ]})
}

fn base64_text(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// Everything the clinician's summary and documents show, as one text.
async fn readable_record(identity: &Edge, session: &CurrentSession, patient_id: &str) -> String {
    let (_, summary) = identity
        .record_summary(session, patient_id, &meta())
        .await
        .unwrap();
    let (_, docs) = identity
        .record_section(session, patient_id, Section::Documents, &meta())
        .await
        .unwrap();
    let (_, doc) = identity
        .record_entry(session, patient_id, &docs.entries[0].id, &meta())
        .await
        .unwrap();
    format!("{summary:?} {doc:?}")
}

#[tokio::test]
async fn clinical_content_is_sealed_at_rest_bound_to_its_row_and_survives_key_rotation() {
    use portico_domain::{
        test_util::{TEST_KEY_LINE, TestDatabase},
        vault::{KeyRing, Vault, rotate_keys},
    };
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let c = Clinic::new().await;
    import(&c, vec![file("canary.json", &canary_bundle())])
        .await
        .unwrap();
    let patient_id = patient::Entity::find()
        .all(&c.t.db)
        .await
        .unwrap()
        .remove(0)
        .id;
    let clinician = c.staff("Dr Kim", "clinician").await;
    let readable = readable_record(&c, &clinician, &patient_id).await;
    for canary in RECORD_CANARIES {
        assert!(readable.contains(canary), "the services show {canary}");
    }

    let stored = crate::phi::stored_bytes(&c.t).await;
    assert!(
        crate::phi::contains(&stored, &patient_id),
        "the scan sees the data"
    );
    for canary in RECORD_CANARIES.iter().chain(&["Whelkstone", "1971-04-13"]) {
        for form in [
            canary.to_string(),
            canary.to_lowercase(),
            canary.to_uppercase(),
        ] {
            assert!(
                !crate::phi::contains(&stored, &form),
                "{form} is stored readable"
            );
        }
    }
    assert!(!crate::phi::contains(
        &stored,
        &base64_text(RECORD_CANARIES[3])
    ));
    assert!(
        !crate::phi::contains(&stored, "canary-c"),
        "source ids are sealed too"
    );

    // A ciphertext copied onto another row does not open there.
    let rows = record_resource::Entity::find().all(&c.t.db).await.unwrap();
    let condition = rows
        .iter()
        .find(|r| r.resource_type == "Condition")
        .unwrap();
    let allergy = rows
        .iter()
        .find(|r| r.resource_type == "AllergyIntolerance")
        .unwrap();
    record_resource::ActiveModel {
        id: Set(allergy.id.clone()),
        resource: Set(condition.resource.clone()),
        ..Default::default()
    }
    .update(&c.t.db)
    .await
    .unwrap();
    let moved = c
        .record_entry(&clinician, &patient_id, &allergy.id, &meta())
        .await;
    assert!(
        matches!(moved, Err(DomainError::Internal(_))),
        "the condition must not show up as the allergy: {moved:?}"
    );
    record_resource::ActiveModel {
        id: Set(allergy.id.clone()),
        resource: Set(allergy.resource.clone()),
        ..Default::default()
    }
    .update(&c.t.db)
    .await
    .unwrap();

    // After rotating to a new key-encryption key, the new key alone reads every row.
    let new_line = KeyRing::new_line(chrono::Utc::now()).replacen("kek-", "kek-next-", 1);
    let both = KeyRing::parse(&format!("{new_line}\n{TEST_KEY_LINE}")).unwrap();
    rotate_keys(&c.t.db, &both, chrono::Utc::now())
        .await
        .unwrap();
    assert!(
        Vault::unlock(&c.t.db, &TestDatabase::key_ring(), chrono::Utc::now())
            .await
            .is_err()
    );
    let vault = Vault::unlock(
        &c.t.db,
        &KeyRing::parse(&new_line).unwrap(),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let rotated = c.services_with(vault);
    assert_eq!(
        readable_record(&rotated, &clinician, &patient_id).await,
        readable
    );
}

#[tokio::test]
async fn a_guardian_of_a_teenager_does_not_see_confidential_records() {
    let c = Clinic::new().await;
    // A 14-year-old on the test clock (22 November 2026), with a diabetes diagnosis and a
    // depression diagnosis and PHQ-9 score, imported.
    let teen = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "teen",
            "name": [{"family": "Young", "given": ["Alex"]}], "birthDate": "2012-03-03"}},
        {"resource": {"resourceType": "Condition", "id": "t1",
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "46635009", "display": "Diabetes mellitus type 1"}]},
            "subject": {"reference": "Patient/teen"}}},
        {"resource": {"resourceType": "Condition", "id": "t2",
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "35489007", "display": "Depressive disorder"}]},
            "subject": {"reference": "Patient/teen"}}},
        {"resource": {"resourceType": "Observation", "id": "t3", "status": "final",
            "category": [{"coding": [{"code": "survey"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}], "text": "PHQ-9 total score"},
            "subject": {"reference": "Patient/teen"}, "effectiveDateTime": "2026-10-01",
            "valueInteger": 14}}
    ]});
    import(&c, vec![file("teen.json", &teen)]).await.unwrap();
    let (teen_id, _) = c.records.patient_by_fhir_id("teen").await.unwrap();
    let front = c.staff("Fran Desk", "front-desk").await;
    let today = c.identity.now().date_naive();
    let invited = c
        .invite_caregiver(
            &front,
            &teen_id,
            NewCaregiver::parse(
                "Parent Young",
                "",
                "Mother",
                &["records".to_owned(), "results".to_owned()],
                "",
                today,
            )
            .unwrap(),
            &meta(),
        )
        .await
        .unwrap();
    let parent = c.enrol(invited.code.expose(), "").await;

    let (_, summary) = c.record_summary(&parent, &teen_id, &meta()).await.unwrap();
    let problems: Vec<String> = summary
        .problems
        .iter()
        .map(|e| e.title.to_string())
        .collect();
    assert_eq!(problems, vec!["Diabetes mellitus type 1"]);
    assert_eq!(
        summary.latest_results,
        Some(vec![]),
        "the PHQ-9 score is hidden"
    );
    let (export, _) = c
        .export_record(
            &parent,
            &teen_id,
            "https://portal.example.org/fhir",
            &meta(),
        )
        .await
        .unwrap();
    assert!(!export.contains("Depressive disorder") && !export.contains("44261-6"));
    assert!(export.contains("Diabetes mellitus type 1"));

    // A clinician sees everything.
    let doctor = c.staff("Dr Kim", "clinician").await;
    let (_, full) = c.record_summary(&doctor, &teen_id, &meta()).await.unwrap();
    assert_eq!(full.problems.len(), 2);
    let count = |summary: &portico_domain::records::RecordSummary| {
        section_count(summary, Section::Problems)
    };
    assert_eq!(
        (count(&summary), count(&full)),
        (Some(1), Some(2)),
        "the guardian's counts leave out what the guardian may not see"
    );
    assert_eq!(full.latest_results.unwrap().len(), 1);
}

/// Shapes real exports come in that the first fixtures lacked.
mod real_export_shapes {
    use super::*;

    fn patient(id: &str) -> Value {
        json!({"resourceType": "Patient", "id": id,
            "name": [{"family": "Shape", "given": ["Sol"]}], "birthDate": "1966-06-06"})
    }

    fn condition(id: &str, patient: &str, text: &str) -> Value {
        json!({"resourceType": "Condition", "id": id,
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"text": text}, "subject": {"reference": format!("Patient/{patient}")}})
    }

    #[tokio::test]
    async fn a_transaction_deletes_what_it_deletes_and_ignores_its_reads() {
        let c = Clinic::new().await;
        let first = json!({"resourceType": "Bundle", "type": "collection", "entry": [
            {"resource": patient("sol")},
            {"resource": condition("c-old", "sol", "Old diagnosis")},
            {"resource": condition("c-keep", "sol", "Asthma")}]});
        import(&c, vec![file("first.json", &first)]).await.unwrap();
        // As the HL7 R4 transaction example does: reads and a delete beside the writes.
        let transaction = json!({"resourceType": "Bundle", "type": "transaction", "entry": [
            {"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
             "resource": condition("c-new", "sol", "Hypertension"),
             "request": {"method": "POST", "url": "Condition"}},
            {"request": {"method": "GET", "url": "Patient?name=peter"}},
            {"request": {"method": "HEAD", "url": "Patient/12334"}},
            {"request": {"method": "DELETE", "url": "Condition/c-old"}},
            {"request": {"method": "DELETE", "url": "Condition/never-stored"}}]});
        let summary = import(&c, vec![file("tx.json", &transaction)])
            .await
            .unwrap();
        assert_eq!(summary.deleted, 1);
        assert_eq!(summary.reads_ignored, 2);
        let (patient_id, _) = c.records.patient_by_fhir_id("sol").await.unwrap();
        let doctor = c.staff("Dr Tx", "clinician").await;
        let (_, page) = c
            .record_section(&doctor, &patient_id, Section::Problems, &meta())
            .await
            .unwrap();
        let titles: Vec<String> = page.entries.iter().map(|e| e.title.to_string()).collect();
        assert!(
            titles.iter().any(|t| t == "Asthma") && titles.iter().any(|t| t == "Hypertension"),
            "{titles:?}"
        );
        assert!(!titles.iter().any(|t| t == "Old diagnosis"), "{titles:?}");
        assert!(c.audited("record.delete", "success", None).await);
        // A delete of a patient is refused, and nothing of that import changes.
        let refused = json!({"resourceType": "Bundle", "type": "transaction", "entry": [
            {"resource": condition("c-more", "sol", "Gout"), "request": {"method": "PUT", "url": "Condition/c-more"}},
            {"request": {"method": "DELETE", "url": "Patient/sol"}}]});
        let err = import(&c, vec![file("bad.json", &refused)])
            .await
            .unwrap_err();
        assert!(err.to_string().contains("bad.json, entry 2"), "{err}");
        let (_, page) = c
            .record_section(&doctor, &patient_id, Section::Problems, &meta())
            .await
            .unwrap();
        assert!(page.entries.iter().all(|e| e.title.to_string() != "Gout"));
    }

    #[tokio::test]
    async fn a_list_lines_words_are_said_in_the_readers_language() {
        use portico_domain::i18n::Locale;
        let c = Clinic::new().await;
        let mut since = condition("c-since", "lia", "Asthma");
        since["onsetDateTime"] = json!("2024-03-03T10:00:00Z");
        let mut resolved = condition("c-resolved", "lia", "Sprained ankle");
        resolved["onsetDateTime"] = json!("2023-05-01T10:00:00Z");
        resolved["abatementDateTime"] = json!("2023-06-12T10:00:00Z");
        let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": [
            {"resource": patient("lia")}, {"resource": since}, {"resource": resolved}]});
        import(&c, vec![file("lia.json", &bundle)]).await.unwrap();
        let (patient_id, _) = c.records.patient_by_fhir_id("lia").await.unwrap();
        let doctor = c.staff("Dr Lines", "clinician").await;
        let (_, page) = c
            .record_section(&doctor, &patient_id, Section::Problems, &meta())
            .await
            .unwrap();
        let said = |title: &str, locale| {
            page.entries
                .iter()
                .find(|e| e.title.to_string() == title)
                .and_then(|e| e.detail.as_ref())
                .map(|d| d.in_language(locale))
        };
        assert_eq!(
            said("Asthma", Locale::En).as_deref(),
            Some("Since 3 Mar 2024")
        );
        assert_eq!(
            said("Asthma", Locale::Es).as_deref(),
            Some("Desde el 3 mar 2024")
        );
        assert_eq!(
            said("Sprained ankle", Locale::Es).as_deref(),
            Some("Resuelto el 12 jun 2023")
        );
    }

    #[tokio::test]
    async fn an_ips_document_imports_its_entries() {
        let c = Clinic::new().await;
        let ips = json!({"resourceType": "Bundle", "type": "document",
            "identifier": {"system": "urn:oid:2.16.724.4.8.10.200.10", "value": "28b95815-76ce-457b-b7ae-a972e527db40"},
            "entry": [
            {"fullUrl": "urn:uuid:6e1fb74a-742b-4c7b-8487-171dacb88766",
             "resource": {"resourceType": "Composition", "id": "6e1fb74a-742b-4c7b-8487-171dacb88766",
                "status": "final", "type": {"coding": [{"system": "http://loinc.org", "code": "60591-5"}]},
                "subject": {"reference": "urn:uuid:7685713c-e29e-4a75-8a90-45be7ba3be94"},
                "title": "Patient Summary"}},
            {"fullUrl": "urn:uuid:7685713c-e29e-4a75-8a90-45be7ba3be94",
             "resource": {"resourceType": "Patient", "id": "7685713c-e29e-4a75-8a90-45be7ba3be94",
                "name": [{"family": "DeLarosa", "given": ["Martha"]}], "birthDate": "1972-05-01"}},
            {"fullUrl": "urn:uuid:c64139e7-f02d-409c-bf34-75e8bf23bc80",
             "resource": {"resourceType": "AllergyIntolerance", "id": "c64139e7-f02d-409c-bf34-75e8bf23bc80",
                "clinicalStatus": {"coding": [{"code": "active"}]},
                "code": {"text": "Penicillin G"},
                "patient": {"reference": "urn:uuid:7685713c-e29e-4a75-8a90-45be7ba3be94"}}}]});
        let summary = import(&c, vec![file("ips.json", &ips)]).await.unwrap();
        assert_eq!(summary.skipped.get("Composition"), Some(&1));
        assert_eq!(summary.stored.get("AllergyIntolerance"), Some(&1));
        assert_eq!(summary.patients_created, 1);
    }

    #[tokio::test]
    async fn a_bulk_file_repeating_a_resource_stores_the_newest_copy() {
        let c = Clinic::new().await;
        let old = json!({"resourceType": "Practitioner", "id": "dr-1",
            "meta": {"lastUpdated": "2024-01-01T00:00:00Z"}, "name": [{"family": "Old"}]});
        let new = json!({"resourceType": "Practitioner", "id": "dr-1",
            "meta": {"lastUpdated": "2025-01-01T00:00:00Z"}, "name": [{"family": "New"}]});
        let text = [&new, &old, &new].map(|v| v.to_string()).join("\n");
        let summary = import(
            &c,
            vec![ImportFile {
                name: "Practitioner.ndjson".into(),
                text,
            }],
        )
        .await
        .unwrap();
        assert_eq!(summary.stored.get("Practitioner"), Some(&1));
        assert_eq!(summary.repeated, 2);
    }

    #[tokio::test]
    async fn a_location_imported_apart_loses_its_link_and_one_imported_with_it_is_kept() {
        let c = Clinic::new().await;
        // As current Synthea writes it: the hospital file (with its Locations) came separately.
        let bundle = json!({"resourceType": "Bundle", "type": "transaction", "entry": [
            {"fullUrl": "urn:uuid:p-loc", "resource": patient("loc-p"),
             "request": {"method": "POST", "url": "Patient"}},
            {"fullUrl": "urn:uuid:e-loc",
             "resource": {"resourceType": "Encounter", "id": "e-loc", "status": "finished",
                "class": {"code": "AMB"}, "subject": {"reference": "urn:uuid:p-loc"},
                "period": {"start": "2025-03-01T09:00:00Z"},
                "location": [{"location": {
                    "reference": "Location?identifier=https://github.com/synthetichealth/synthea|4ea9dd7e-1d6c-3dd8-8c7a-9a4e3c8f1f5a",
                    "display": "PCP12345 Clinic"}}]},
             "request": {"method": "POST", "url": "Encounter"}}]});
        let summary = import(&c, vec![file("patient.json", &bundle)])
            .await
            .unwrap();
        assert_eq!(summary.links_dropped, 1);
        assert_eq!(summary.stored.get("Encounter"), Some(&1));
        // With the hospital file in the same import, the Location is kept and the link followed
        // (its own link to an organization not imported is dropped, not fatal).
        let hospital = json!({"resourceType": "Bundle", "type": "batch", "entry": [
            {"fullUrl": "urn:uuid:loc-1", "resource": {"resourceType": "Location", "id": "loc-1",
                "status": "active", "name": "PCP12345 Clinic",
                "identifier": [{"system": "https://github.com/synthetichealth/synthea",
                    "value": "4ea9dd7e-1d6c-3dd8-8c7a-9a4e3c8f1f5a"}],
                "managingOrganization": {"reference": "Organization?identifier=https://github.com/synthetichealth/synthea|not-here",
                    "display": "PCP12345"}},
             "request": {"method": "POST", "url": "Location"}}]});
        let summary = import(
            &c,
            vec![
                file("hospital.json", &hospital),
                file("patient.json", &bundle),
            ],
        )
        .await
        .unwrap();
        assert_eq!(summary.stored.get("Location"), Some(&1));
        assert_eq!(summary.links_dropped, 1, "only the organization's link");
        let (patient_id, _) = c.records.patient_by_fhir_id("loc-p").await.unwrap();
        let doctor = c.staff("Dr Loc", "clinician").await;
        let (_, visits) = c
            .record_section(&doctor, &patient_id, Section::Visits, &meta())
            .await
            .unwrap();
        assert_eq!(visits.entries.len(), 1);
        // A reference to a kind Portico keeps still fails the import, naming it.
        let broken = json!({"resourceType": "Bundle", "type": "collection", "entry": [
            {"resource": condition("c-x", "nobody-here", "X")}]});
        let err = import(&c, vec![file("broken.json", &broken)])
            .await
            .unwrap_err();
        assert!(err.to_string().contains("broken.json"), "{err}");
    }
}

#[tokio::test]
async fn a_reimport_never_moves_a_resource_to_another_patient() {
    let c = Clinic::new().await;
    let first = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "ana", "name": [{"family": "One", "given": ["Ana"]}], "birthDate": "1970-01-01"}},
        {"resource": {"resourceType": "Condition", "id": "c1", "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"text": "Asthma"}, "subject": {"reference": "Patient/ana"}}}]});
    import(&c, vec![file("clinic-a.json", &first)])
        .await
        .unwrap();
    // Another system's export reusing the id c1 for someone else.
    let second = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "bo", "name": [{"family": "Two", "given": ["Bo"]}], "birthDate": "1980-01-01"}},
        {"resource": {"resourceType": "Condition", "id": "c1", "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"text": "Gout"}, "subject": {"reference": "Patient/bo"}}}]});
    let err = import(&c, vec![file("clinic-b.json", &second)])
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("clinic-b.json, entry 2") && err.contains("Condition/c1"),
        "{err}"
    );
    // Nothing of the refused import went in: no Bo, and Ana keeps her asthma.
    assert!(c.records.patient_by_fhir_id("bo").await.is_err());
    let (ana, _) = c.records.patient_by_fhir_id("ana").await.unwrap();
    let doctor = c.staff("Dr Move", "clinician").await;
    let (_, page) = c
        .record_section(&doctor, &ana, Section::Problems, &meta())
        .await
        .unwrap();
    let titles: Vec<String> = page.entries.iter().map(|e| e.title.to_string()).collect();
    assert_eq!(titles, vec!["Asthma"]);
}

#[tokio::test]
async fn two_sources_reusing_ids_import_side_by_side_and_never_touch_each_other() {
    use portico_domain::records::SourceName;
    let c = Clinic::new().await;
    // Two hospitals' exports, each with its Patient/1, Practitioner/dr and Condition/c1.
    let export = |family: &str, given: &str, problem: &str, doctor: &str| {
        json!({"resourceType": "Bundle", "type": "collection", "entry": [
            {"resource": {"resourceType": "Practitioner", "id": "dr", "name": [{"family": doctor}]}},
            {"resource": {"resourceType": "Patient", "id": "1", "name": [{"family": family, "given": [given]}], "birthDate": "1970-01-01"}},
            {"resource": {"resourceType": "Condition", "id": "c1", "clinicalStatus": {"coding": [{"code": "active"}]},
                "code": {"text": problem}, "subject": {"reference": "Patient/1"},
                "asserter": {"reference": "Practitioner/dr"}}}]})
    };
    let from = async |source: &str, bundle: &Value| {
        c.records
            .import_from(
                Importer::CommandLine,
                &SourceName::parse(source).unwrap(),
                vec![file(&format!("{source}.json"), bundle)],
                &RequestMeta::cli(),
                &mut |_| {},
            )
            .await
    };
    let a = from("hospital-a", &export("One", "Ana", "Asthma", "Lee"))
        .await
        .unwrap();
    let b = from("Hospital-B", &export("Two", "Bo", "Gout", "Kim"))
        .await
        .unwrap();
    assert_eq!((a.created, b.created), (3, 3), "both stored in full");
    assert_eq!(rows(&c).await, 6);
    let doctor = c.staff("Dr Sources", "clinician").await;
    let problems = async || {
        let mut out = Vec::new();
        for p in patient::Entity::find().all(&c.t.db).await.unwrap() {
            let (_, page) = c
                .record_section(&doctor, &p.id, Section::Problems, &meta())
                .await
                .unwrap();
            out.extend(page.entries.into_iter().map(|e| e.title.to_string()));
        }
        out.sort();
        out
    };
    assert_eq!(problems().await, vec!["Asthma", "Gout"]);

    // Hospital A's export again, changed: only its own resources are updated.
    let again = from(
        "HOSPITAL-A",
        &export("One", "Ana", "Asthma, resolved", "Lee"),
    )
    .await
    .unwrap();
    assert_eq!((again.created, again.updated), (0, 3));
    assert_eq!(problems().await, vec!["Asthma, resolved", "Gout"]);

    // Each patient's export carries its own source's practitioner.
    for p in patient::Entity::find().all(&c.t.db).await.unwrap() {
        let (_, page) = c
            .record_section(&doctor, &p.id, Section::Problems, &meta())
            .await
            .unwrap();
        let expected = if page.entries[0].title.to_string() == "Gout" {
            "Kim"
        } else {
            "Lee"
        };
        let text = c
            .export_record(&doctor, &p.id, "https://portal.example.org/fhir", &meta())
            .await
            .unwrap()
            .0;
        let other = if expected == "Kim" { "Lee" } else { "Kim" };
        assert!(text.contains(expected) && !text.contains(other), "{text}");
    }

    for bad in ["a|b", "hospital a", &"x".repeat(65)] {
        let err = SourceName::parse(bad).unwrap_err();
        assert!(
            matches!(err, DomainError::Validation { .. }),
            "{bad}: {err:?}"
        );
    }
}

/// Record pages read what they show: lists page through the index, the summary's latest results
/// come from the row kept as each test's newest, and rows an earlier version stored are indexed
/// at start-up.
mod at_scale {
    use chrono::NaiveDate;
    use portico_domain::records::Page;
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};

    use super::*;

    /// `n` glucose results for Patient/p-ortiz, one a day from 1 March 2024.
    fn glucose(n: usize, prefix: &str) -> Value {
        let start = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        let entries: Vec<Value> = (0..n)
            .map(|i| {
                let day = start + chrono::Duration::days(i as i64);
                json!({"resource": {"resourceType": "Observation", "id": format!("{prefix}-{i}"),
                    "status": "final", "category": [{"coding": [{"code": "laboratory"}]}],
                    "code": {"coding": [{"system": "http://loinc.org", "code": "2345-7"}], "text": "Glucose"},
                    "subject": {"reference": "Patient/p-ortiz"},
                    "effectiveDateTime": format!("{day}T08:00:00Z"),
                    "valueQuantity": {"value": 90 + i, "unit": "mg/dL"}}})
            })
            .collect();
        json!({"resourceType": "Bundle", "type": "collection", "entry": entries})
    }

    #[tokio::test]
    async fn section_lists_page_newest_first_and_filter_by_day() {
        let c = Clinic::new().await;
        let (me, patient_id) = adult_with_account(&c).await;
        let (_, before) = c
            .record_section(&me, &patient_id, Section::Results, &meta())
            .await
            .unwrap();
        import(&c, vec![file("glucose.json", &glucose(60, "g"))])
            .await
            .unwrap();
        let page =
            |index: u64, from: Option<NaiveDate>, to: Option<NaiveDate>| Page { index, from, to };
        let (_, first) = c
            .record_section_page(
                &me,
                &patient_id,
                Section::Results,
                &page(0, None, None),
                &meta(),
            )
            .await
            .unwrap();
        let total = first.total.unwrap();
        assert_eq!(total, before.total.unwrap() + 60);
        assert!(first.has_more);
        assert_eq!(first.entries.len(), 25, "25 a page");
        let newest_glucose = first
            .entries
            .iter()
            .find(|e| e.title.to_string() == "Glucose")
            .unwrap();
        assert_eq!(
            newest_glucose
                .detail
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("149 mg/dL"),
            "newest first"
        );
        let dates: Vec<_> = first.entries.iter().map(|e| e.date).collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted);

        let mut seen = HashSet::new();
        let mut index = 0;
        loop {
            let (_, view) = c
                .record_section_page(
                    &me,
                    &patient_id,
                    Section::Results,
                    &page(index, None, None),
                    &meta(),
                )
                .await
                .unwrap();
            if view.entries.is_empty() {
                break;
            }
            for entry in view.entries {
                assert!(seen.insert(entry.id), "an entry on two pages");
            }
            index += 1;
        }
        assert_eq!(seen.len() as u64, total, "every entry on exactly one page");
        assert_eq!(index, total.div_ceil(25));

        // 10 to 19 March, both days included.
        let (_, march) = c
            .record_section_page(
                &me,
                &patient_id,
                Section::Results,
                &page(
                    0,
                    NaiveDate::from_ymd_opt(2024, 3, 10),
                    NaiveDate::from_ymd_opt(2024, 3, 19),
                ),
                &meta(),
            )
            .await
            .unwrap();
        assert_eq!((march.entries.len(), march.has_more), (10, false));
        assert_eq!(
            march
                .entries
                .first()
                .unwrap()
                .detail
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("108 mg/dL")
        );
        assert_eq!(
            march
                .entries
                .last()
                .unwrap()
                .detail
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("99 mg/dL")
        );
    }

    #[tokio::test]
    async fn the_latest_result_follows_imports_deletes_and_release_delays() {
        let c = Clinic::new().await;
        let (me, patient_id) = adult_with_account(&c).await;
        import(&c, vec![file("glucose.json", &glucose(3, "g"))])
            .await
            .unwrap();
        let me = CurrentSession {
            authenticated_at: c.identity.now(),
            idle_deadline: c.identity.now() + Duration::minutes(15),
            ..me
        };
        let glucose_now = |summary: portico_domain::records::RecordSummary| {
            summary
                .latest_results
                .unwrap()
                .into_iter()
                .filter(|r| r.test.to_string() == "Glucose")
                .map(|r| r.value.to_string())
                .collect::<Vec<_>>()
        };
        let (_, summary) = c.record_summary(&me, &patient_id, &meta()).await.unwrap();
        assert_eq!(
            glucose_now(summary),
            vec!["92"],
            "one value per test, the newest"
        );

        // A transaction deletes the newest: the one before becomes the latest.
        let delete = json!({"resourceType": "Bundle", "type": "transaction", "entry": [
            {"request": {"method": "DELETE", "url": "Observation/g-2"}}]});
        import(&c, vec![file("delete.json", &delete)])
            .await
            .unwrap();
        let (_, summary) = c.record_summary(&me, &patient_id, &meta()).await.unwrap();
        assert_eq!(glucose_now(summary), vec!["91"]);

        // A result taken an hour ago, held for 48 hours: patients still see 91, staff see 7.
        let taken = (c.identity.now() - Duration::hours(1)).to_rfc3339();
        let fresh = json!({"resourceType": "Bundle", "type": "collection", "entry": [
            {"resource": {"resourceType": "Observation", "id": "g-fresh", "status": "final",
                "category": [{"coding": [{"code": "laboratory"}]}],
                "code": {"coding": [{"system": "http://loinc.org", "code": "2345-7"}], "text": "Glucose"},
                "subject": {"reference": "Patient/p-ortiz"},
                "effectiveDateTime": taken,
                "valueQuantity": {"value": 7, "unit": "mg/dL"}}}]});
        import(&c, vec![file("fresh.json", &fresh)]).await.unwrap();
        portico_domain::clinic::save_text_setting(
            &c.t.db,
            &ReleaseDelays::parse("laboratory=48").unwrap(),
            c.identity.now(),
        )
        .await
        .unwrap();
        let results_count = |summary: &portico_domain::records::RecordSummary| {
            section_count(summary, Section::Results)
        };
        let (_, summary) = c.record_summary(&me, &patient_id, &meta()).await.unwrap();
        let patient_count = results_count(&summary);
        assert_eq!(
            glucose_now(summary),
            vec!["91"],
            "held: the newest released value"
        );
        let clinician = c.staff("Dr Lee", "clinician").await;
        let (_, summary) = c
            .record_summary(&clinician, &patient_id, &meta())
            .await
            .unwrap();
        assert_eq!(
            patient_count.map(|n| n + 1),
            results_count(&summary),
            "the held result is not counted for the patient"
        );
        assert_eq!(glucose_now(summary), vec!["7"], "staff see results at once");
        let (_, list) = c
            .record_section(&me, &patient_id, Section::Results, &meta())
            .await
            .unwrap();
        assert_eq!(list.total.map(|n| n as usize), patient_count);
        assert!(
            list.entries
                .iter()
                .all(|e| e.detail.as_ref().map(ToString::to_string).as_deref() != Some("7 mg/dL"))
        );
    }

    #[tokio::test]
    async fn rows_stored_by_an_earlier_version_are_indexed_at_start_up() {
        let c = Clinic::new().await;
        // Synthea's patients: visits with what belongs to them, reports holding results.
        import(&c, fixture_files()).await.unwrap();
        let patient_id = patient::Entity::find()
            .one(&c.t.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let clinician = c.staff("Dr Lee", "clinician").await;
        let read = async || {
            let (_, summary) = c
                .record_summary(&clinician, &patient_id, &meta())
                .await
                .unwrap();
            let (_, results) = c
                .record_section(&clinician, &patient_id, Section::Results, &meta())
                .await
                .unwrap();
            let (_, visits) = c
                .record_section(&clinician, &patient_id, Section::Visits, &meta())
                .await
                .unwrap();
            let mut details = Vec::new();
            for visit in &visits.entries {
                details.push(
                    c.record_entry(&clinician, &patient_id, &visit.id, &meta())
                        .await
                        .unwrap()
                        .1,
                );
            }
            (summary, results, details)
        };
        let before = read().await;
        assert!(
            before.2.iter().any(|visit| !visit.related.is_empty()),
            "a visit lists what belongs to it"
        );
        // What migration 000008 leaves on rows an earlier version stored.
        record_resource::Entity::update_many()
            .col_expr(record_resource::Column::ProjectionVersion, Expr::value(0))
            .col_expr(record_resource::Column::Projection, Expr::value(""))
            .col_expr(
                record_resource::Column::Section,
                Expr::value(Option::<String>::None),
            )
            .col_expr(record_resource::Column::InReport, Expr::value(false))
            .col_expr(record_resource::Column::IsLatest, Expr::value(false))
            .col_expr(
                record_resource::Column::EncounterHash,
                Expr::value(Option::<String>::None),
            )
            .exec(&c.t.db)
            .await
            .unwrap();
        let stale = c
            .record_summary(&clinician, &patient_id, &meta())
            .await
            .unwrap()
            .1;
        assert_ne!(stale, before.0, "the test really took the index away");
        let refreshed = c.records.refresh_projections().await.unwrap();
        assert_eq!(refreshed as u64, rows(&c).await);
        assert_eq!(read().await, before);
        assert_eq!(c.records.refresh_projections().await.unwrap(), 0, "once");
        let still = record_resource::Entity::find()
            .filter(record_resource::Column::ProjectionVersion.eq(0))
            .count(&c.t.db)
            .await
            .unwrap();
        assert_eq!(still, 0);
    }
}

/// Staff imports run as jobs: one at a time, all or nothing, and a stop marks them interrupted.
mod jobs {
    use portico_domain::{
        access::{Authorized, ClinicScope, ClinicTask},
        entities::import_job,
        records::{ImportBatch, JobStatus, SourceName},
    };
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};

    use super::*;

    async fn permit(c: &Clinic) -> Authorized<ClinicScope> {
        let staff = c.staff("Dr Job", "clinician").await;
        c.access
            .authorize_clinic(
                Some(&staff),
                ClinicTask::ImportRecords,
                "test.import",
                &meta(),
            )
            .await
            .unwrap()
    }

    fn batch(files: Vec<ImportFile>) -> ImportBatch {
        let mut batch = ImportBatch::new();
        for f in files {
            batch.add(f).unwrap();
        }
        batch
    }

    async fn stored_rows(c: &Clinic) -> u64 {
        record_resource::Entity::find()
            .count(&c.t.db)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_job_stores_its_files_and_a_second_waits_until_it_ends() {
        let c = Clinic::new().await;
        let permit = permit(&c).await;
        let files = fixture_files();
        let started = c
            .records
            .start_import(permit.clone(), SourceName::default(), batch(files), meta())
            .await
            .unwrap();
        // The job has not had its turn yet (one thread): it is running, and holds the slot.
        let running = c.records.import_job(&permit, &started.id).await.unwrap();
        assert_eq!(running.status, JobStatus::Running);
        assert!(running.total > 600, "{}", running.total);
        let second = c
            .records
            .start_import(
                permit.clone(),
                SourceName::default(),
                batch(vec![file(
                    "p.json",
                    &json!({"resourceType": "Patient", "id": "x"}),
                )]),
                meta(),
            )
            .await;
        assert!(
            matches!(&second, Err(DomainError::Validation { message, .. }) if message.to_string().contains("another import is running")),
            "{:?}",
            second.map(|s| s.id)
        );
        started.finished.await.unwrap();
        let done = c.records.import_job(&permit, &started.id).await.unwrap();
        assert_eq!(done.status, JobStatus::Done, "{:?}", done.error);
        let summary = done.summary.unwrap();
        assert_eq!(done.stored, summary.stored.values().sum::<usize>());
        assert_eq!(stored_rows(&c).await as usize, done.stored);
        assert!(c.audited("record.import.start", "success", None).await);
        // The slot is free again.
        let next = c
            .records
            .start_import(
                permit.clone(),
                SourceName::default(),
                batch(vec![file(
                    "p.json",
                    &json!({"resourceType": "Patient", "id": "x",
                    "name": [{"family": "Next", "given": ["Nia"]}], "birthDate": "1990-01-01"}),
                )]),
                meta(),
            )
            .await
            .unwrap();
        next.finished.await.unwrap();
        let listed = c.records.recent_imports(&permit).await.unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[1].id, started.id, "newest first");
    }

    #[tokio::test]
    async fn a_failed_job_stores_nothing_and_says_which_entry() {
        let c = Clinic::new().await;
        let permit = permit(&c).await;
        import(&c, fixture_files()).await.unwrap();
        let before = stored_rows(&c).await;
        let bad = json!({"resourceType": "Bundle", "type": "collection", "entry": [
            {"resource": {"resourceType": "Patient", "id": "new-one",
                "name": [{"family": "New", "given": ["Nell"]}], "birthDate": "1980-01-01"}},
            {"resource": {"resourceType": "Observation", "id": "o1", "status": "final",
                "code": {"text": "Glucose"}, "subject": {"reference": "Patient/nobody"}}}
        ]});
        let started = c
            .records
            .start_import(
                permit.clone(),
                SourceName::default(),
                batch(vec![file("late.json", &bad)]),
                meta(),
            )
            .await
            .unwrap();
        started.finished.await.unwrap();
        let job = c.records.import_job(&permit, &started.id).await.unwrap();
        assert_eq!(job.status, JobStatus::Failed);
        let error = job.error.unwrap();
        assert!(error.to_string().contains("late.json, entry 2"), "{error}");
        // Kept as its sentence: whoever reads the job reads it in their language.
        let spanish = error.in_language(portico_domain::i18n::Locale::Es);
        assert!(spanish.starts_with("late.json, entrada 2: "), "{spanish}");
        assert_eq!(stored_rows(&c).await, before, "nothing stored");
        assert!(c.audited("record.import.fail", "failure", None).await);
        // The error is sealed at rest.
        let row = import_job::Entity::find_by_id(started.id.as_str())
            .one(&c.t.db)
            .await
            .unwrap()
            .unwrap();
        assert!(!row.error.unwrap().contains("late.json"));
    }

    #[tokio::test]
    async fn jobs_cut_short_by_a_stop_are_marked_interrupted() {
        let c = Clinic::new().await;
        let permit = permit(&c).await;
        import_job::ActiveModel {
            id: Set("job-1".into()),
            requested_by: Set(None),
            source: Set(String::new()),
            status: Set("running".into()),
            files: Set(1),
            bytes: Set(10),
            total: Set(5),
            summary: Set(None),
            error: Set(None),
            created_at: Set(chrono::Utc::now()),
            finished_at: Set(None),
        }
        .insert(&c.t.db)
        .await
        .unwrap();
        assert_eq!(c.records.interrupt_unfinished_imports().await.unwrap(), 1);
        let job = c.records.import_job(&permit, "job-1").await.unwrap();
        assert_eq!(job.status, JobStatus::Interrupted);
        assert!(
            job.error
                .unwrap()
                .to_string()
                .contains("nothing of it was stored")
        );
        assert!(job.finished_at.is_some());
    }
}

/// A scheduling system's export: Dr Lee's schedule and one of its slots, a past visit in that
/// slot, and an upcoming one whose slot was not exported.
fn appointments_bundle() -> Value {
    let base = "https://sched.example.org/fhir";
    json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": format!("{base}/Schedule/s-lee"),
         "resource": {"resourceType": "Schedule", "id": "s-lee", "active": true,
            "actor": [{"reference": "Practitioner/dr-lee", "display": "Dr Jordan Lee"}]}},
        {"fullUrl": format!("{base}/Slot/slot-1"),
         "resource": {"resourceType": "Slot", "id": "slot-1", "schedule": {"reference": "Schedule/s-lee"},
            "status": "busy", "start": "2025-03-12T15:00:00Z", "end": "2025-03-12T15:20:00Z"}},
        {"fullUrl": format!("{base}/Appointment/appt-past"),
         "resource": {"resourceType": "Appointment", "id": "appt-past", "status": "fulfilled",
            "serviceType": [{"text": "Diabetes review"}],
            "start": "2025-03-12T15:00:00Z", "end": "2025-03-12T15:20:00Z",
            "slot": [{"reference": "Slot/slot-1"}],
            "participant": [
                {"actor": {"reference": "Patient/p-ortiz", "display": "Maria Ortiz"}, "status": "accepted"},
                {"actor": {"reference": "Practitioner/dr-lee", "display": "Dr Jordan Lee"}, "status": "accepted"}]}},
        {"fullUrl": format!("{base}/Appointment/appt-next"),
         "resource": {"resourceType": "Appointment", "id": "appt-next", "status": "booked",
            "appointmentType": {"text": "Eye exam"},
            "start": "2027-02-01T16:00:00Z", "end": "2027-02-01T16:30:00Z",
            "slot": [{"reference": "Slot/not-exported"}],
            "participant": [{"actor": {"reference": "Patient/p-ortiz"}, "status": "accepted"}]}}
    ]})
}

#[tokio::test]
async fn imported_appointments_show_beside_the_booked_visits_and_export_with_their_slots() {
    let c = Clinic::new().await;
    let (maria, maria_id) = adult_with_account(&c).await;
    let summary = import(&c, vec![file("appointments.json", &appointments_bundle())])
        .await
        .unwrap();
    assert_eq!(summary.stored.get("Appointment"), Some(&2), "{summary:?}");
    let permit = c.appointments(&maria, &maria_id, Mode::Read).await.unwrap();
    let visits = c
        .records
        .imported_appointments(&permit, &meta())
        .await
        .unwrap();
    let titles: Vec<(&str, &str)> = visits
        .iter()
        .map(|v| (v.title.sort_key(), v.status.as_str()))
        .collect();
    assert_eq!(
        titles,
        [("Eye exam", "booked"), ("Diabetes review", "fulfilled")]
    );
    assert_eq!(visits[1].with, ["Dr Jordan Lee"]);

    // The export holds them, the slot the past one took and that slot's schedule, and reads in
    // the outside validator.
    let (text, _) = c
        .export_record(
            &maria,
            &maria_id,
            "https://portal.example.org/fhir",
            &meta(),
        )
        .await
        .unwrap();
    let bundle: Value = serde_json::from_str(&text).unwrap();
    let kinds: Vec<&str> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["resource"]["resourceType"].as_str())
        .filter(|k| ["Appointment", "Slot", "Schedule"].contains(k))
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "Appointment").count(),
        2,
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&"Slot") && kinds.contains(&"Schedule"),
        "{kinds:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("maria.json");
    std::fs::write(&path, &text).unwrap();
    let stdout = crate::support::outside_validator("validate_fhir.py", &[path.as_os_str()]);
    assert!(stdout.starts_with("ok "), "{stdout}");

    // A caregiver with the records scope only: neither the appointments nor the export's.
    let invited = c
        .invite_caregiver(
            &maria,
            &maria_id,
            NewCaregiver::parse(
                "Rita Reader",
                "",
                "Daughter",
                &["records".into()],
                "",
                c.identity.now().date_naive(),
            )
            .unwrap(),
            &meta(),
        )
        .await
        .unwrap();
    let rita = c.enrol(invited.code.expose(), "").await;
    assert!(c.appointments(&rita, &maria_id, Mode::Read).await.is_err());
    let (text, _) = c
        .export_record(&rita, &maria_id, "https://portal.example.org/fhir", &meta())
        .await
        .unwrap();
    assert!(
        !text.contains("Eye exam") && !text.contains("\"Slot\""),
        "{text}"
    );
}
