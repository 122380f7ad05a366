//! Prescription renewals: the eligibility rules on imported prescriptions, a request with a new
//! pharmacy, the clinicians' queue, the decisions (with the law's refill limits), what the
//! patient's side sees and hears, caregivers' scope, and the export.

use chrono::Duration;
use portico_domain::{
    DomainError,
    access::{ClinicTask, Mode, NewCaregiver},
    audit::RequestMeta,
    identity::{CurrentSession, Operator},
    records::{ImportFile, Importer},
    renewals::{Decision, Eligibility, PharmacyChoice, RenewalRules},
};
use serde_json::{Value, json};

use crate::support::{Clinic, meta, outside_validator};

fn prescription(id: &str, code: &str, name: &str, extra: Value) -> Value {
    let mut rx = json!({"resourceType": "MedicationRequest", "id": id, "status": "active", "intent": "order",
        "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": code, "display": name}]},
        "subject": {"reference": "Patient/rx-pat"}, "authoredOn": "2026-06-01",
        "dosageInstruction": [{"text": "1 tablet daily"}],
        "dispenseRequest": {"numberOfRepeatsAllowed": 3,
            "validityPeriod": {"start": "2026-06-01", "end": "2027-06-01"}}});
    if let (Some(rx), Value::Object(extra)) = (rx.as_object_mut(), extra) {
        rx.extend(extra);
    }
    json!({"resource": rx})
}

/// Imports a patient with five prescriptions and enrols her; returns her session and id.
async fn patient_with_prescriptions(c: &Clinic) -> (CurrentSession, String) {
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "rx-pat",
            "name": [{"family": "Ortiz", "given": ["Maria"]}], "birthDate": "1968-04-13",
            "telecom": [{"system": "email", "value": "maria@example.org"}]}},
        prescription("lisinopril", "314076", "Lisinopril 10 MG Oral Tablet", json!({})),
        {"resource": {"resourceType": "MedicationDispense", "id": "fill-1", "status": "completed",
            "medicationCodeableConcept": {"text": "Lisinopril"},
            "subject": {"reference": "Patient/rx-pat"},
            "authorizingPrescription": [{"reference": "MedicationRequest/lisinopril"}]}},
        prescription("oxycodone", "1049621", "Oxycodone 5 MG Oral Tablet", json!({})),
        prescription("reported", "310965", "Ibuprofen 200 MG Oral Tablet", json!({"reportedBoolean": true})),
        prescription("old", "197361", "Amlodipine 5 MG Oral Tablet", json!({
            "authoredOn": "2024-01-01",
            "dispenseRequest": {"numberOfRepeatsAllowed": 3,
                "validityPeriod": {"start": "2024-01-01", "end": "2025-01-01"}}})),
        prescription("ended", "860975", "Metformin 500 MG Oral Tablet", json!({
            "authoredOn": "2025-10-01",
            "dispenseRequest": {"numberOfRepeatsAllowed": 3,
                "validityPeriod": {"start": "2025-10-01", "end": "2026-10-01"}}})),
        {"resource": {"resourceType": "Encounter", "id": "visit-1", "status": "finished",
            "class": {"code": "AMB"}, "type": [{"text": "Blood pressure check"}],
            "subject": {"reference": "Patient/rx-pat"},
            "period": {"start": "2026-10-15T10:00:00Z", "end": "2026-10-15T10:30:00Z"}}}
    ]});
    c.records
        .import(
            Importer::CommandLine,
            vec![ImportFile {
                name: "rx.json".into(),
                text: bundle.to_string(),
            }],
            &RequestMeta::cli(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let (id, _) = c.records.patient_by_fhir_id("rx-pat").await.unwrap();
    let code = c
        .identity
        .reissue_patient_code(Operator::CommandLine, &id, &RequestMeta::cli())
        .await
        .unwrap();
    (c.enrol(code.code.expose(), "1968-04-13").await, id)
}

async fn entry_of(c: &Clinic, session: &CurrentSession, patient: &str, title: &str) -> String {
    let permit = c.refills(session, patient, Mode::Read).await.unwrap();
    c.records
        .prescriptions(&permit)
        .await
        .unwrap()
        .into_iter()
        .find(|rx| rx.title.sort_key().starts_with(title))
        .unwrap_or_else(|| panic!("no prescription {title}"))
        .entry_id
}

fn new_pharmacy() -> PharmacyChoice {
    PharmacyChoice::New(
        portico_domain::renewals::Pharmacy::new("Main Street Pharmacy", "12 Main St", "555-0100")
            .unwrap(),
    )
}

async fn mail_to(c: &Clinic, address: &str) -> Vec<(String, String)> {
    portico_domain::notify::messages_to(&c.t.db, c.identity.vault(), address)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.subject, m.body))
        .collect()
}

#[tokio::test]
async fn each_prescription_says_what_may_be_asked_in_the_order_of_the_rules() {
    let c = Clinic::new().await;
    portico_domain::clinic::save_text_setting(
        &c.t.db,
        &RenewalRules::parse("schedule-ii=1049621").unwrap(),
        c.identity.now(),
    )
    .await
    .unwrap();
    let (maria, id) = patient_with_prescriptions(&c).await;
    let read = c.refills(&maria, &id, Mode::Read).await.unwrap();
    let overview = c.renewals.overview(&read, &meta()).await.unwrap();
    let said = |title: &str| {
        overview
            .prescriptions
            .iter()
            .find(|(rx, _)| rx.title.sort_key().starts_with(title))
            .map(|(_, e)| e.clone())
            .unwrap()
    };
    // One dispense of three refills: two remain.
    assert_eq!(said("Lisinopril"), Eligibility::Refill { remaining: 2 });
    // Schedule II: never a refill.
    assert_eq!(said("Oxycodone"), Eligibility::Renewal);
    // Reported by the patient: not this clinic's.
    assert!(
        matches!(said("Ibuprofen"), Eligibility::Refused(why) if why.to_string().contains("not prescribed by this clinic"))
    );
    // Ended almost two years ago: beyond the 120 days.
    assert!(
        matches!(said("Amlodipine"), Eligibility::Refused(why) if why.to_string().contains("more than 120 days"))
    );
    // Ended last month: a renewal.
    assert_eq!(said("Metformin"), Eligibility::Renewal);

    // Dispenses stored before they named their prescription (what migration 000015 leaves):
    // not counted until start-up indexes them again, and only they are read again.
    use portico_domain::entities::record_resource;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    record_resource::Entity::update_many()
        .col_expr(
            record_resource::Column::OrderHash,
            Expr::value(Option::<String>::None),
        )
        .col_expr(record_resource::Column::ProjectionVersion, Expr::value(0))
        .filter(record_resource::Column::ResourceType.eq("MedicationDispense"))
        .exec(&c.t.db)
        .await
        .unwrap();
    let stale = c.renewals.overview(&read, &meta()).await.unwrap();
    let lisinopril = |overview: &portico_domain::renewals::Overview| {
        overview
            .prescriptions
            .iter()
            .find(|(rx, _)| rx.title.sort_key().starts_with("Lisinopril"))
            .map(|(_, e)| e.clone())
            .unwrap()
    };
    assert_eq!(lisinopril(&stale), Eligibility::Refill { remaining: 3 });
    assert_eq!(c.records.refresh_projections().await.unwrap(), 1);
    let again = c.renewals.overview(&read, &meta()).await.unwrap();
    assert_eq!(lisinopril(&again), Eligibility::Refill { remaining: 2 });

    // A refused prescription stores nothing.
    let old = entry_of(&c, &maria, &id, "Amlodipine").await;
    let write = c.refills(&maria, &id, Mode::Write).await.unwrap();
    let err = c
        .renewals
        .request(&write, &old, new_pharmacy(), "", &meta())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            DomainError::Validation {
                field: "medication",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        c.renewals
            .overview(&read, &meta())
            .await
            .unwrap()
            .requests
            .is_empty()
    );
    // So does a pharmacy without a name, or someone else's prescription id.
    assert!(portico_domain::renewals::Pharmacy::new(" ", "", "").is_err());
    assert!(matches!(
        c.renewals
            .request(&write, "no-such-entry", new_pharmacy(), "", &meta())
            .await,
        Err(DomainError::NotFound)
    ));
}

#[tokio::test]
async fn a_request_is_decided_by_a_clinician_and_the_patient_sees_and_hears_of_it() {
    let c = Clinic::new().await;
    portico_domain::clinic::save_text_setting(
        &c.t.db,
        &RenewalRules::parse("schedule-ii=1049621").unwrap(),
        c.identity.now(),
    )
    .await
    .unwrap();
    let (maria, id) = patient_with_prescriptions(&c).await;
    let doctor = c.staff("Dr Jordan Lee", "clinician").await;
    let desk = c.staff("Fran Desk", "front-desk").await;
    let lisinopril = entry_of(&c, &maria, &id, "Lisinopril").await;
    let write = c.refills(&maria, &id, Mode::Write).await.unwrap();
    let request = c
        .renewals
        .request(
            &write,
            &lisinopril,
            new_pharmacy(),
            "Running out on Friday",
            &meta(),
        )
        .await
        .unwrap();
    assert!(c.audited("renewal.request", "success", Some("self")).await);
    // A second request for it while the first waits is refused with the date.
    let again = c
        .renewals
        .request(&write, &lisinopril, new_pharmacy(), "", &meta())
        .await
        .unwrap_err()
        .to_string();
    assert!(again.contains("has not answered yet"), "{again}");
    // The pharmacy was saved once.
    let read = c.refills(&maria, &id, Mode::Read).await.unwrap();
    let form = c.renewals.form(&read, &lisinopril, &meta()).await.unwrap();
    assert_eq!(form.pharmacies.len(), 1);
    assert_eq!(form.pharmacies[0].1.name, "Main Street Pharmacy");

    // The clinicians' queue holds it; the front desk may not work it.
    let queue_permit = c
        .access
        .authorize_clinic(
            Some(&doctor),
            ClinicTask::DecideRenewals,
            "staff/renewals",
            &meta(),
        )
        .await
        .unwrap();
    let queue = c.renewals.queue(&queue_permit, &meta()).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].patient_name.as_deref(), Some("Maria Ortiz"));
    assert_eq!(queue[0].note.as_deref(), Some("Running out on Friday"));
    assert_eq!(c.renewals.waiting_count(&queue_permit).await.unwrap(), 1);
    assert!(
        c.access
            .authorize_clinic(
                Some(&desk),
                ClinicTask::DecideRenewals,
                "staff/renewals",
                &meta()
            )
            .await
            .is_err()
    );
    let desk_on_maria = c.refills(&desk, &id, Mode::Write).await;
    if let Ok(permit) = desk_on_maria {
        assert!(matches!(
            c.renewals
                .decide(&permit, &request, Decision::Approve { refills: 3 }, &meta())
                .await,
            Err(DomainError::Forbidden)
        ));
    }

    // The clinician sees the last visit beside it, and approves with 5 refills.
    let on_maria = c.refills(&doctor, &id, Mode::Write).await.unwrap();
    let view = c
        .renewals
        .for_decision(&on_maria, &request, &meta())
        .await
        .unwrap();
    assert_eq!(
        view.context.last_visit.as_ref().map(|(_, t)| t.to_string()),
        Some("Blood pressure check".to_owned())
    );
    assert_eq!(view.max_refills, 11);
    // The patient's own side cannot decide.
    assert!(matches!(
        c.renewals
            .decide(&write, &request, Decision::Approve { refills: 1 }, &meta())
            .await,
        Err(DomainError::Forbidden)
    ));
    c.renewals
        .decide(
            &on_maria,
            &request,
            Decision::Approve { refills: 5 },
            &meta(),
        )
        .await
        .unwrap();
    assert!(
        c.audit()
            .await
            .iter()
            .any(|e| e.action == "renewal.decide" && e.outcome == "success")
    );
    // Decided once only.
    assert!(matches!(
        c.renewals
            .decide(
                &on_maria,
                &request,
                Decision::Deny {
                    reason: "No".into()
                },
                &meta()
            )
            .await,
        Err(DomainError::Conflict(_))
    ));

    let overview = c.renewals.overview(&read, &meta()).await.unwrap();
    assert_eq!(overview.requests[0].status.label(), "Approved");
    assert_eq!(overview.requests[0].refills, Some(5));
    // Maria hears of it, without the medicine's name.
    let mail = mail_to(&c, "maria@example.org").await;
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert!(!mail[0].1.contains("Lisinopril") && !mail[0].0.contains("Lisinopril"));
    // The request is no longer open: she may ask again.
    let form = c.renewals.form(&read, &lisinopril, &meta()).await.unwrap();
    assert!(matches!(form.eligibility, Eligibility::Refill { .. }));

    // Schedule II: no refills may be granted; a denial needs a reason the patient sees.
    let oxy = entry_of(&c, &maria, &id, "Oxycodone").await;
    let second = c
        .renewals
        .request(
            &write,
            &oxy,
            PharmacyChoice::Saved(form.pharmacies[0].0.clone()),
            "",
            &meta(),
        )
        .await
        .unwrap();
    let refused = c
        .renewals
        .decide(
            &on_maria,
            &second,
            Decision::Approve { refills: 1 },
            &meta(),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("no refills"), "{refused}");
    assert!(
        c.renewals
            .decide(
                &on_maria,
                &second,
                Decision::Deny {
                    reason: "  ".into()
                },
                &meta()
            )
            .await
            .is_err()
    );
    c.renewals
        .decide(
            &on_maria,
            &second,
            Decision::Deny {
                reason: "Please book a visit to talk about pain relief.".into(),
            },
            &meta(),
        )
        .await
        .unwrap();
    let overview = c.renewals.overview(&read, &meta()).await.unwrap();
    let denied = overview.requests.iter().find(|r| r.id == second).unwrap();
    assert_eq!(
        denied.message.as_deref(),
        Some("Please book a visit to talk about pain relief.")
    );

    // The export holds both proposals and the new prescription; it validates.
    let (text, _) = c
        .export_record(&maria, &id, "https://portal.example.org/fhir", &meta())
        .await
        .unwrap();
    assert_eq!(text.matches("\"proposal\"").count(), 2, "{text}");
    assert!(text.contains("\"numberOfRepeatsAllowed\": 5"), "{text}");
    assert!(text.contains("Main Street Pharmacy"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("maria.json");
    std::fs::write(&path, &text).unwrap();
    let stdout = outside_validator("validate_fhir.py", &[path.as_os_str()]);
    assert!(stdout.starts_with("ok "), "{stdout}");
}

#[tokio::test]
async fn caregivers_need_the_refills_scope_and_the_patient_turns_notices_off() {
    let c = Clinic::new().await;
    let (maria, id) = patient_with_prescriptions(&c).await;
    let today = c.identity.now().date_naive();
    let invite = |name: &'static str, scopes: &'static [&'static str]| {
        let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
        NewCaregiver::parse(name, "", "Daughter", &scopes, "", today).unwrap()
    };
    let records_only = c
        .invite_caregiver(&maria, &id, invite("Rosa Records", &["records"]), &meta())
        .await
        .unwrap();
    let rosa = c.enrol(records_only.code.expose(), "").await;
    assert!(matches!(
        c.refills(&rosa, &id, Mode::Write).await,
        Err(DomainError::Forbidden)
    ));
    let with_refills = c
        .invite_caregiver(&maria, &id, invite("Ana Ortiz", &["refills"]), &meta())
        .await
        .unwrap();
    let ana = c.enrol(with_refills.code.expose(), "").await;
    let lisinopril = entry_of(&c, &ana, &id, "Lisinopril").await;
    let write = c.refills(&ana, &id, Mode::Write).await.unwrap();
    let request = c
        .renewals
        .request(&write, &lisinopril, new_pharmacy(), "", &meta())
        .await
        .unwrap();
    let read = c.refills(&maria, &id, Mode::Read).await.unwrap();
    let overview = c.renewals.overview(&read, &meta()).await.unwrap();
    assert_eq!(
        overview.requests[0].requested_by.to_string(),
        "Ana Ortiz (caregiver)"
    );

    // Maria turned the notices off: the decision e-mails nobody.
    c.identity
        .set_notice_preference(
            &maria,
            portico_domain::notify::Optional::ClinicNews,
            false,
            &meta(),
        )
        .await
        .unwrap();
    let doctor = c.staff("Dr Jordan Lee", "clinician").await;
    let on_maria = c.refills(&doctor, &id, Mode::Write).await.unwrap();
    c.advance(Duration::hours(2));
    c.renewals
        .decide(
            &on_maria,
            &request,
            Decision::NeedsVisit {
                note: "Time for a blood pressure check.".into(),
            },
            &meta(),
        )
        .await
        .unwrap();
    assert!(mail_to(&c, "maria@example.org").await.is_empty());
}

#[tokio::test]
async fn the_demo_patient_can_ask_to_refill_her_current_medicines() {
    let c = Clinic::new().await;
    let today = c.identity.now().date_naive();
    let bundle = portico_demo::chronic_care_bundle(today);
    c.records
        .import(
            Importer::CommandLine,
            vec![ImportFile {
                name: "demo.json".into(),
                text: bundle.to_string(),
            }],
            &RequestMeta::cli(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let (id, birth_date) = c.records.imported_patient(&bundle).await.unwrap();
    let code = c
        .identity
        .reissue_patient_code(Operator::CommandLine, &id, &RequestMeta::cli())
        .await
        .unwrap();
    let maria = c
        .enrol(
            code.code.expose(),
            &birth_date.format("%Y-%m-%d").to_string(),
        )
        .await;
    let read = c.refills(&maria, &id, Mode::Read).await.unwrap();
    let overview = c.renewals.overview(&read, &meta()).await.unwrap();
    assert_eq!(
        overview.prescriptions.len(),
        3,
        "{:?}",
        overview.prescriptions
    );
    for (rx, eligibility) in &overview.prescriptions {
        assert_eq!(
            *eligibility,
            Eligibility::Refill { remaining: 3 },
            "{}",
            rx.title
        );
    }
}
