//! The authorization matrix: every registered server function, called over HTTP as every kind of
//! actor, against the one table of expected outcomes below. A server function missing from the
//! table fails the test (so a new one cannot skip it), and so does a row for a function that no
//! longer exists. Refusals must be 401 or 403, carry no data, and leave exactly one `denied` audit
//! event under the request's id. Allowed callers must get a 2xx with the data (the patient's record
//! pages name the patient), or, where the row's arguments are made up, a plain 4xx; never a 5xx.

use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, Utc};
use portico_domain::{
    access::NewCaregiver,
    audit::RequestMeta,
    entities::{audit_event, proxy_grant, record_resource},
    identity::{CurrentSession, Issuer, NewPatient, Operator, SessionLookup},
    records::{ImportFile, Importer},
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{TestApp, cookie_pair, enrol_over_http, spawn_app_with, staff_cookie};

/// Who calls. `target` is whose record the patient-scoped calls name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Actor {
    Anonymous,
    /// Patient A on A's own record.
    PatientSelf,
    /// Patient A on patient B's record.
    PatientOther,
    /// Caregiver with a live grant on B that includes the scope (records, appointments, messages,
    /// refills).
    CarerRightScope,
    /// Caregiver with a live grant on B for billing only.
    CarerWrongScope,
    CarerRevoked,
    CarerExpired,
    Clinician,
    FrontDesk,
    Billing,
    Admin,
}

const ACTORS: [Actor; 11] = [
    Actor::Anonymous,
    Actor::PatientSelf,
    Actor::PatientOther,
    Actor::CarerRightScope,
    Actor::CarerWrongScope,
    Actor::CarerRevoked,
    Actor::CarerExpired,
    Actor::Clinician,
    Actor::FrontDesk,
    Actor::Billing,
    Actor::Admin,
];

/// Expected outcomes, one letter per actor in [`ACTORS`] order (a function may have several rows,
/// for arguments that change who may call it):
/// `y` allowed and done: a 2xx with a body (for reads of a record page, one naming the patient),
/// `v` allowed by the policy, then refused for its arguments or state (a 4xx other than 401/403:
///     a made-up ceremony or code, an unknown id, a rule of the action),
/// `u` 401 (no session), `n` 403. A 5xx fails every row.
///
/// The routes that serve files (`GET`, a plain link saves them), in the same letters: the
/// document's file as its entry's scope allows (records), an insurance card side without a
/// picture (the billing scope, then not found).
const FILES: &[(&str, &str)] = &[
    ("/files/records/{patient}/{document}/0", "uynynnnynnn"),
    ("/files/insurance/{patient}/front", "uvnnvnnnvvn"),
];

/// anon | self | A→B | carer right | wrong | revoked | expired | clinician | front | billing | admin
const MATRIX: &[(&str, &str, &str)] = &[
    // Public: the sign-in ceremonies and the clinic's contact details.
    ("clinic/contact", "", "yyyyyyyyyyy"),
    ("session/me", "", "yyyyyyyyyyy"),
    ("session/status", "", "yyyyyyyyyyy"),
    ("auth/sign-in/begin", "", "yyyyyyyyyyy"),
    (
        "auth/sign-in/finish",
        "ceremony_id=x&credential=x",
        "vvvvvvvvvvv",
    ),
    (
        "auth/enroll/begin",
        "code=AAAA-BBBB-CCCC-DDDD&birth_date=",
        "vvvvvvvvvvv",
    ),
    (
        "auth/enroll/finish",
        "ceremony_id=x&credential=x",
        "vvvvvvvvvvv",
    ),
    (
        "auth/recover/begin",
        "code=AAAA-BBBB-CCCC-DDDD&birth_date=1970-01-01",
        "vvvvvvvvvvv",
    ),
    (
        "auth/recover/finish",
        "ceremony_id=x&credential=x",
        "vvvvvvvvvvv",
    ),
    // The caller's own account.
    ("session/keep-alive", "", "uyyyyyyyyyy"),
    ("account/security", "", "uyyyyyyyyyy"),
    ("account/step-up/begin", "", "uyyyyyyyyyy"),
    (
        "account/step-up/finish",
        "ceremony_id=x&credential=x",
        "uvvvvvvvvvv",
    ),
    ("account/passkeys/add/begin", "", "uyyyyyyyyyy"),
    (
        "account/passkeys/add/finish",
        "ceremony_id=x&credential=x&name=x",
        "uvvvvvvvvvv",
    ),
    (
        "account/passkeys/rename",
        "passkey_id=unknown&name=x",
        "uvvvvvvvvvv",
    ),
    (
        "account/passkeys/remove",
        "passkey_id=unknown",
        "uvvvvvvvvvv",
    ),
    ("account/sessions/end", "session_id=unknown", "uvvvvvvvvvv"),
    ("account/sessions/end-others", "", "uyyyyyyyyyy"),
    ("account/notices", "", "uyyyyyyyyyy"),
    (
        "account/notices/set",
        "kind=visit_reminders&on=false",
        "uyyyyyyyyyy",
    ),
    (
        "account/notices/set",
        "kind=passkey_added&on=false",
        "uvvvvvvvvvv",
    ),
    // Recovery codes are for patients; everyone else is told so.
    ("account/recovery-codes/regenerate", "", "uyyvvvvvvvv"),
    (
        "account/clinic-recovery/cancel",
        "invitation_id=unknown",
        "uvvvvvvvvvv",
    ),
    ("care/people", "", "uyyyyyyyyyy"),
    ("care/accept", "code=AAAA-BBBB-CCCC-DDDD", "uvvvvvvvvvv"),
    // One patient's record, by scope, on a record with a problem, a lab result and a document.
    ("patient/overview", "patient_id={patient}", "uynynnnynnn"),
    ("patient/record", "patient_id={patient}", "uynynnnynnn"),
    (
        "patient/record/section",
        "patient_id={patient}&section=problems",
        "uynynnnynnn",
    ),
    (
        "patient/record/section",
        "patient_id={patient}&section=results",
        "uynnnnnynnn",
    ),
    (
        "patient/record/entry",
        "patient_id={patient}&section=problems&entry_id={problem}",
        "uynynnnynnn",
    ),
    // The entry's own section sets the scope, whatever the address says.
    (
        "patient/record/entry",
        "patient_id={patient}&section=problems&entry_id={result}",
        "uynnnnnynnn",
    ),
    // An id that is not this patient's is asked for with the records scope, then not found.
    (
        "patient/record/entry",
        "patient_id={patient}&section=results&entry_id={other_result}",
        "uvnvnnnvnnn",
    ),
    (
        "patient/record/export",
        "patient_id={patient}",
        "uynynnnynnn",
    ),
    ("patient/sharing", "patient_id={patient}", "uynnnnnnyny"),
    // The clinic sets up guardians only for minors: B is an adult.
    (
        "patient/sharing/invite",
        "patient_id={patient}&name=Cy&email=&relationship=Son&scopes=records&last_day=",
        "uynnnnnnvnv",
    ),
    (
        "patient/sharing/update",
        "patient_id={patient}&grant_id={grant}&scopes=records&last_day=",
        "uynnnnnnyny",
    ),
    // The front desk revokes B's spare grant first; a revoked grant is final, so the admin's
    // revocation of it finds nothing live.
    (
        "patient/sharing/revoke",
        "patient_id={patient}&grant_id={grant}",
        "uynnnnnnynv",
    ),
    (
        "patient/access-log",
        "patient_id={patient}&from=&to=&person=&page=0",
        "uynnnnnnyny",
    ),
    // Appointments (the test clinic has no schedule: made-up ids and visit types are refused
    // after the policy allowed the call).
    (
        "patient/appointments",
        "patient_id={patient}",
        "uynynnnyynn",
    ),
    (
        "patient/appointment",
        "patient_id={patient}&appointment_id=unknown",
        "uvnvnnnvvnn",
    ),
    (
        "patient/appointments/options",
        "patient_id={patient}&visit_type=&clinician=&from=",
        "uynynnnyynn",
    ),
    (
        "patient/appointments/book",
        "patient_id={patient}&visit_type=follow-up&slot_id=unknown&reason=",
        "uvnvnnnvvnn",
    ),
    (
        "patient/appointments/reschedule",
        "patient_id={patient}&appointment_id=unknown&slot_id=unknown",
        "uvnvnnnvvnn",
    ),
    (
        "patient/appointments/cancel",
        "patient_id={patient}&appointment_id=unknown&reason=",
        "uvnvnnnvvnn",
    ),
    (
        "patient/appointments/confirm",
        "patient_id={patient}&appointment_id=unknown",
        "uvnvnnnvvnn",
    ),
    (
        "patient/appointments/request",
        "patient_id={patient}&visit_type=physical&first=Tuesdays&second=&third=&reason=",
        "uvnvnnnvvnn",
    ),
    (
        "patient/appointments/calendar",
        "patient_id={patient}&appointment_id=unknown",
        "uvnvnnnvvnn",
    ),
    (
        "patient/appointments/check-in",
        "patient_id={patient}&appointment_id=unknown",
        "uvnvnnnvvnn",
    ),
    (
        "patient/appointments/check-in/submit",
        "patient_id={patient}&appointment_id=unknown&confirmed[contact]=yes&changes=New+phone&answers[general--concerns]=Knee",
        "uvnvnnnvvnn",
    ),
    // Messages (made-up conversation ids are refused after the policy allowed the call; the
    // front desk and billing hold the scope, for their own pools' conversations only).
    ("patient/messages", "patient_id={patient}", "uynynnnyyyn"),
    (
        "patient/messages/start",
        "patient_id={patient}&topic=nonsense&subject=Hi&body=Hello",
        "uvnvnnnvvvn",
    ),
    (
        "patient/messages/thread",
        "patient_id={patient}&conversation_id=unknown",
        "uvnvnnnvvvn",
    ),
    (
        "patient/messages/reply",
        "patient_id={patient}&conversation_id=unknown&body=Hello&internal=",
        "uvnvnnnvvvn",
    ),
    (
        "staff/messages/update",
        "patient_id={patient}&conversation_id=unknown&status=closed&assign=me",
        "unnnnnnvvvn",
    ),
    (
        "patient/messages/files",
        "multipart:patient_id={patient}&conversation_id=unknown&caption=Hi",
        "uvnvnnnvvvn",
    ),
    ("staff/inbox", "status=&mine=&age=", "unnnnnnyyyn"),
    ("staff/inbox/count", "", "unnnnnnyyyn"),
    // Prescription renewals (the refills scope; clinicians decide; made-up ids are refused after
    // the policy allowed the call, and the clinic does not ask on the patient's behalf).
    ("patient/renewals", "patient_id={patient}", "uynynnnynnn"),
    (
        "patient/renewals/form",
        "patient_id={patient}&entry_id=unknown",
        "uvnvnnnvnnn",
    ),
    (
        "patient/renewals/request",
        "patient_id={patient}&entry_id=unknown&pharmacy=new&pharmacy_name=Main+Street+Pharmacy&note=",
        "uvnvnnnvnnn",
    ),
    ("staff/renewals", "", "unnnnnnynnn"),
    (
        "staff/renewals/request",
        "patient_id={patient}&request_id=unknown",
        "unnnnnnvnnn",
    ),
    (
        "staff/renewals/decide",
        "patient_id={patient}&request_id=unknown&decision=approve&refills=1&reason=",
        "unnnnnnvnnn",
    ),
    // Billing (the billing scope: the caregiver whose grant is billing only holds it, the front
    // desk reads, the billing office writes; the test clinic has no card processor, so paying
    // is refused after the policy allowed it, and staff never pay on the patient's behalf).
    ("patient/billing", "patient_id={patient}", "uynnynnnyyn"),
    (
        "patient/billing/statement",
        "patient_id={patient}&month=2020-01",
        "uvnnvnnnvvn",
    ),
    (
        "patient/billing/pay",
        "patient_id={patient}&amount=25&payment_method=pm_matrix&attempt=matrix-attempt-0001",
        "uvnnvnnnnvn",
    ),
    (
        "patient/billing/payment",
        "patient_id={patient}&payment_id=unknown",
        "uvnnvnnnvvn",
    ),
    // No balance on B's record: a plan is refused (nothing owed), and none runs to end.
    (
        "patient/billing/plan/start",
        "patient_id={patient}&months=3",
        "uvnnvnnnnvn",
    ),
    (
        "patient/billing/plan/cancel",
        "patient_id={patient}",
        "uvnnvnnnnvn",
    ),
    // A card picture that is not a picture, and removing a side that has none: refused once
    // allowed (the billing office adds pictures too; the front desk only reads them).
    (
        "patient/billing/card",
        "multipart:patient_id={patient}&side=front&@file",
        "uvnnvnnnnvn",
    ),
    (
        "patient/billing/card/remove",
        "patient_id={patient}&side=front",
        "uvnnvnnnnvn",
    ),
    (
        "staff/billing/post",
        "patient_id={patient}&kind=charge&amount=10&description=Matrix+charge&reason=",
        "unnnnnnnnyn",
    ),
    (
        "staff/billing/refund",
        "patient_id={patient}&payment_id=unknown&amount=10&reason=Matrix",
        "unnnnnnnnvn",
    ),
    ("staff/billing", "day=", "unnnnnnnnyn"),
    ("staff/billing/export", "day=2026-12-07", "unnnnnnnnyn"),
    // Clinic work.
    (
        "staff/schedule",
        "day=&days=1&clinician=&location=",
        "unnnnnnyyny",
    ),
    (
        "staff/appointments/mark",
        "patient_id={patient}&appointment_id=unknown&marking=arrived",
        "unnnnnnvvnn",
    ),
    ("staff/invitations", "", "unnnnnnnyny"),
    (
        "staff/invitations/patient",
        "given_name=New&family_name=Patient&birth_date=1990-01-01&email=",
        "unnnnnnnyny",
    ),
    // A new code for a patient who has an account is an account recovery: the clinic's recovery
    // role only (administrators by default). For one who has not enrolled yet it is an
    // invitation again.
    (
        "staff/invitations/reissue",
        "patient_id={patient}",
        "unnnnnnnnny",
    ),
    (
        "staff/invitations/reissue",
        "patient_id={unenrolled}",
        "unnnnnnnyny",
    ),
    (
        "staff/invitations/approve",
        "invitation_id=unknown",
        "unnnnnnnnnv",
    ),
    (
        "staff/invitations/staff",
        "display_name=New&email=&role=billing",
        "unnnnnnnnny",
    ),
    ("staff/patients", "query=tester", "unnnnnnyyyy"),
    // A multipart upload (see MULTIPART): a file that is not JSON is refused for its content.
    ("staff/import", "multipart", "unnnnnnvnnv"),
    ("staff/import/job", "job_id=unknown", "unnnnnnvnnv"),
    ("staff/import/jobs", "", "unnnnnnynny"),
    (
        "admin/audit",
        "filters[from]=&filters[to]=&filters[actor]=&filters[patient]=&filters[action]=&filters[outcome]=&page=0",
        "unnnnnnnnny",
    ),
    (
        "admin/audit/export",
        "filters[from]=&filters[to]=&filters[actor]=&filters[patient]=&filters[action]=&filters[outcome]=",
        "unnnnnnnnny",
    ),
    ("admin/schedule", "", "unnnnnnnnny"),
    (
        "admin/schedule/general",
        "time_zone=America/Phoenix&reminder_hours=72,24",
        "unnnnnnnnny",
    ),
    (
        "admin/schedule/visit-type",
        "id=matrix-visit&name=Matrix&minutes=20&booking=anyone&established_months=24&min_lead_minutes=120&horizon_days=90&cancel_cutoff_hours=24&instructions=",
        "unnnnnnnnny",
    ),
    (
        "admin/schedule/hours",
        "clinician_id=unknown&location_id=unknown&weekday=1&start=09:00&end=12:00&slot_minutes=20&visit_types=matrix-visit&valid_from=",
        "unnnnnnnnnv",
    ),
    (
        "admin/schedule/hours/end",
        "hours_id=unknown&last_day=2099-01-04",
        "unnnnnnnnnv",
    ),
    (
        "admin/schedule/time-off",
        "clinician_id=unknown&location_id=&day=2027-01-04&start=09:00&end=12:00&note=",
        "unnnnnnnnnv",
    ),
    (
        "admin/schedule/hours/change",
        "hours_id=unknown&from=2099-01-04&start=09:00&end=12:00&slot_minutes=20&visit_types=matrix-visit",
        "unnnnnnnnnv",
    ),
    (
        "admin/schedule/extra-hours",
        "clinician_id=unknown&location_id=unknown&day=2027-01-04&start=09:00&end=12:00&slot_minutes=20&visit_types=matrix-visit",
        "unnnnnnnnnv",
    ),
    // Last: it ends each caller's session.
    ("session/sign-out", "", "yyyyyyyyyyy"),
];

/// The body of a `multipart` row: one file, `x.json`, that is not JSON.
const MULTIPART_BOUNDARY: &str = "portico-matrix";
const MULTIPART: &str = "--portico-matrix\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\n\r\n--portico-matrix\r\nContent-Disposition: form-data; name=\"files\"; filename=\"x.json\"\r\nContent-Type: application/json\r\n\r\nnot-json\r\n--portico-matrix--\r\n";

/// Reads of a record page: an allowed answer names the patient in its header.
const NAMES_THE_PATIENT: &[&str] = &[
    "patient/overview",
    "patient/appointments",
    "patient/appointments/options",
    "patient/messages",
    "patient/renewals",
    "patient/billing",
    "patient/record",
    "patient/record/section",
    "patient/record/entry",
    "patient/sharing",
    "patient/access-log",
];

struct Caller {
    cookie: Option<String>,
    patient: String,
    /// The given name the record's header shows.
    given: &'static str,
    grant: String,
    entries: Entries,
    /// A result in the other patient's record.
    other_result: String,
}

/// Ids of the imported entries of one patient's record.
#[derive(Clone, Default)]
struct Entries {
    problem: String,
    result: String,
    document: String,
}

/// A record with an active problem, a lab result from last year and a note with its text.
fn record_bundle(fhir_id: &str, given: &str) -> serde_json::Value {
    let subject = serde_json::json!({"reference": format!("Patient/{fhir_id}")});
    serde_json::json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": fhir_id,
            "name": [{"family": "Tester", "given": [given]}], "birthDate": "1970-01-01"}},
        {"resource": {"resourceType": "Condition", "id": format!("{fhir_id}-c"),
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"text": "Essential hypertension"}, "subject": subject}},
        {"resource": {"resourceType": "Observation", "id": format!("{fhir_id}-o"), "status": "final",
            "category": [{"coding": [{"code": "laboratory"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "4548-4"}], "text": "Hemoglobin A1c"},
            "subject": subject, "effectiveDateTime": "2025-06-01",
            "valueQuantity": {"value": 6.1, "unit": "%"}}},
        {"resource": {"resourceType": "DocumentReference", "id": format!("{fhir_id}-d"),
            "status": "current", "type": {"text": "Visit note"}, "subject": subject,
            "date": "2025-06-01T10:00:00Z",
            "content": [{"attachment": {"contentType": "text/plain", "title": "Visit note",
                "data": "Rm9sbG93LXVwIGluIDMgbW9udGhzLg=="}}]}}
    ]})
}

async fn entries_of(app: &TestApp, patient_id: &str) -> Entries {
    let id_of = |kind: &'static str| {
        let patient_id = patient_id.to_owned();
        async move {
            record_resource::Entity::find()
                .filter(record_resource::Column::PatientId.eq(patient_id))
                .filter(record_resource::Column::ResourceType.eq(kind))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("no {kind} imported"))
                .id
        }
    };
    Entries {
        problem: id_of("Condition").await,
        result: id_of("Observation").await,
        document: id_of("DocumentReference").await,
    }
}

/// How many denials the audit holds for one request.
async fn denials(app: &TestApp, request_id: &str) -> usize {
    audit_event::Entity::find()
        .filter(audit_event::Column::RequestId.eq(request_id))
        .filter(audit_event::Column::Outcome.eq("denied"))
        .all(&app.db)
        .await
        .unwrap()
        .len()
}

async fn session_of(app: &TestApp, set_cookie: &str) -> CurrentSession {
    let pair = cookie_pair(set_cookie);
    let token = pair.split_once('=').unwrap().1;
    match app
        .identity
        .resolve_session(token, &RequestMeta::cli(), false)
        .await
        .unwrap()
    {
        SessionLookup::Active(session) => *session,
        other => panic!("no session: {other:?}"),
    }
}

/// A patient whose record was imported, enrolled with the code the clinic gave them.
async fn patient(app: &TestApp, given: &str) -> (String, CurrentSession) {
    let fhir_id = given.to_lowercase();
    app.services
        .records
        .import(
            Importer::CommandLine,
            vec![ImportFile {
                name: format!("{fhir_id}.json"),
                text: record_bundle(&fhir_id, given).to_string(),
            }],
            &RequestMeta::cli(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let (patient_id, _) = app
        .services
        .records
        .patient_by_fhir_id(&fhir_id)
        .await
        .unwrap();
    let code = app
        .identity
        .reissue_patient_code(Operator::CommandLine, &patient_id, &RequestMeta::cli())
        .await
        .unwrap();
    let (cookie, _) = enrol_over_http(app, code.code.expose(), "1970-01-01").await;
    let session = session_of(app, &cookie).await;
    (cookie_pair(&cookie), session)
}

async fn staff(app: &TestApp, role: &str) -> String {
    staff_cookie(app, &format!("Staff {role}"), role).await
}

/// The policy's answer for `by` changing who may see `patient_id`'s record.
async fn manage(
    app: &TestApp,
    by: &CurrentSession,
    patient_id: &str,
) -> portico_domain::access::Authorized<portico_domain::access::PatientScope> {
    app.services
        .access
        .authorize_patient(
            Some(by),
            patient_id,
            portico_domain::access::Scope::ManageAccess,
            portico_domain::access::Mode::Write,
            "test.manage",
            &RequestMeta::cli(),
        )
        .await
        .unwrap()
}

/// A grant from `by` for `patient_id`; returns its id and, if `enrol`, the caregiver's cookie.
async fn grant(
    app: &TestApp,
    by: &CurrentSession,
    name: &str,
    scopes: &str,
    enrol: bool,
) -> (String, Option<String>) {
    let patient_id = by.account.patient_id.clone().unwrap();
    let scopes: Vec<String> = scopes.split(',').map(str::to_owned).collect();
    let caregiver =
        NewCaregiver::parse(name, "", "Friend", &scopes, "", Utc::now().date_naive()).unwrap();
    let access = &app.services.access;
    let permit = manage(app, by, &patient_id).await;
    let invited = access
        .invite_caregiver(&permit, by, caregiver, &RequestMeta::cli())
        .await
        .unwrap();
    let cookie = if enrol {
        Some(cookie_pair(
            &enrol_over_http(app, invited.code.expose(), "").await.0,
        ))
    } else {
        None
    };
    (invited.grant_id, cookie)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_answers_every_actor_as_the_table_says() {
    let app = spawn_app_with(&[("PORTICO_RATE_LIMIT_PER_MINUTE", "100000")]).await;

    // Every registered function has exactly one row.
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let tabled: BTreeSet<String> = MATRIX.iter().map(|(p, _, _)| (*p).to_owned()).collect();
    let rows: BTreeSet<(&str, &str)> = MATRIX.iter().map(|(p, a, _)| (*p, *a)).collect();
    assert_eq!(MATRIX.len(), rows.len(), "a row appears twice");
    let missing: Vec<_> = registered.difference(&tabled).collect();
    assert!(
        missing.is_empty(),
        "server functions with no row in the matrix: {missing:?}"
    );
    let stale: Vec<_> = tabled.difference(&registered).collect();
    assert!(
        stale.is_empty(),
        "rows for functions that do not exist: {stale:?}"
    );

    let (a_cookie, a) = patient(&app, "Ana").await;
    let (_, b) = patient(&app, "Bianca").await;
    let unenrolled = app
        .identity
        .invite_patient(
            Issuer::CommandLine,
            NewPatient::parse("Una", "Tester", "1970-01-01", "", Utc::now().date_naive()).unwrap(),
            &RequestMeta::cli(),
        )
        .await
        .unwrap()
        .patient_id
        .unwrap();
    let a_id = a.account.patient_id.clone().unwrap();
    let b_id = b.account.patient_id.clone().unwrap();
    let (a_spare, _) = grant(&app, &a, "Spare For Ana", "records", false).await;
    let (b_spare, _) = grant(&app, &b, "Spare For Bianca", "records", false).await;
    let (_, right) = grant(
        &app,
        &b,
        "Carer Right",
        "records,appointments,messages,refills",
        true,
    )
    .await;
    let (_, wrong) = grant(&app, &b, "Carer Wrong", "billing", true).await;
    let (revoked_id, revoked) = grant(&app, &b, "Carer Revoked", "records", true).await;
    let permit = manage(&app, &b, &b_id).await;
    app.services
        .access
        .revoke_grant(&permit, &b, &revoked_id, &RequestMeta::cli())
        .await
        .unwrap();
    let (expired_id, expired) = grant(&app, &b, "Carer Expired", "records", true).await;
    proxy_grant::ActiveModel {
        id: Set(expired_id),
        expires_at: Set(Some(Utc::now() - Duration::hours(1))),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();

    let (a_entries, b_entries) = (entries_of(&app, &a_id).await, entries_of(&app, &b_id).await);
    let on_b = |cookie: Option<String>| Caller {
        cookie,
        patient: b_id.clone(),
        given: "Bianca",
        grant: b_spare.clone(),
        entries: b_entries.clone(),
        other_result: a_entries.result.clone(),
    };
    let mut callers: HashMap<Actor, Caller> = HashMap::new();
    callers.insert(Actor::Anonymous, on_b(None));
    callers.insert(
        Actor::PatientSelf,
        Caller {
            cookie: Some(a_cookie.clone()),
            patient: a_id.clone(),
            given: "Ana",
            grant: a_spare,
            entries: a_entries.clone(),
            other_result: b_entries.result.clone(),
        },
    );
    callers.insert(Actor::PatientOther, on_b(Some(a_cookie)));
    callers.insert(Actor::CarerRightScope, on_b(right));
    callers.insert(Actor::CarerWrongScope, on_b(wrong));
    callers.insert(Actor::CarerRevoked, on_b(revoked));
    callers.insert(Actor::CarerExpired, on_b(expired));
    callers.insert(Actor::Clinician, on_b(Some(staff(&app, "clinician").await)));
    callers.insert(
        Actor::FrontDesk,
        on_b(Some(staff(&app, "front-desk").await)),
    );
    callers.insert(Actor::Billing, on_b(Some(staff(&app, "billing").await)));
    callers.insert(Actor::Admin, on_b(Some(staff(&app, "admin").await)));

    let mut failures = Vec::new();
    // The file routes first: the table below signs some of the callers out.
    for (path, expected) in FILES {
        for (actor, want) in ACTORS.iter().zip(expected.chars()) {
            let caller = &callers[actor];
            let url = path
                .replace("{patient}", &caller.patient)
                .replace("{document}", &caller.entries.document);
            let mut request = app.client.get(app.url(&url));
            if let Some(cookie) = &caller.cookie {
                request = request.header("cookie", cookie);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let request_id = response
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let body = response.bytes().await.unwrap();
            let outcome = match status {
                200..=299 if !body.is_empty() => 'y',
                401 => 'u',
                403 => 'n',
                404 => 'v',
                _ => '!',
            };
            if outcome != want {
                failures.push(format!(
                    "GET {path} as {actor:?}: expected {want}, got {status}"
                ));
                continue;
            }
            if matches!(want, 'u' | 'n') {
                let audited = denials(&app, &request_id).await;
                if audited != 1 {
                    failures.push(format!(
                        "GET {path} as {actor:?}: refusal audited as denied {audited} times, not once"
                    ));
                }
            }
        }
    }
    for (path, args, expected) in MATRIX {
        assert_eq!(expected.len(), ACTORS.len(), "row {path}");
        for (actor, want) in ACTORS.iter().zip(expected.chars()) {
            let caller = &callers[actor];
            let body = args
                .replace("{patient}", &caller.patient)
                .replace("{unenrolled}", &unenrolled)
                .replace("{grant}", &caller.grant)
                .replace("{problem}", &caller.entries.problem)
                .replace("{result}", &caller.entries.result)
                .replace("{document}", &caller.entries.document)
                .replace("{other_result}", &caller.other_result);
            let url = format!("/api/{path}");
            let mut request = if body == "multipart" {
                app.same_origin_post_as(
                    &url,
                    &format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}"),
                )
                .body(MULTIPART)
            } else if let Some(fields) = body.strip_prefix("multipart:") {
                // The fields given, then one file that is not a picture (under the name an
                // `@name` gives, else `files`).
                let mut form = String::new();
                let file_field = fields
                    .split('&')
                    .find_map(|f| f.strip_prefix('@'))
                    .unwrap_or("files");
                for (name, value) in fields.split('&').filter_map(|f| f.split_once('=')) {
                    form.push_str(&format!(
                        "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                    ));
                }
                form.push_str(&format!(
                    "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\nnot a picture\r\n--{MULTIPART_BOUNDARY}--\r\n"
                ));
                app.same_origin_post_as(
                    &url,
                    &format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}"),
                )
                .body(form)
            } else {
                app.same_origin_post(&url).body(body)
            };
            if let Some(cookie) = &caller.cookie {
                request = request.header("cookie", cookie);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let request_id = response
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let text = response.text().await.unwrap();
            let outcome = match status {
                200..=299 => 'y',
                401 => 'u',
                403 => 'n',
                400..=499 => 'v',
                _ => '!',
            };
            if outcome != want {
                failures.push(format!(
                    "{path} as {actor:?}: expected {want}, got {status} {text}"
                ));
                continue;
            }
            if want == 'y' {
                let names_patient = NAMES_THE_PATIENT.contains(path) && args.contains("{patient}");
                if text.trim().is_empty()
                    || (names_patient && !text.contains(&format!("{} Tester", caller.given)))
                {
                    failures.push(format!("{path} as {actor:?}: allowed, but no data: {text}"));
                }
                continue;
            }
            if want == 'v' {
                // Refused for its arguments: a plain message, and no record data.
                if text.contains("Hemoglobin") || text.contains("hypertension") {
                    failures.push(format!("{path} as {actor:?}: refusal with data {text}"));
                }
                continue;
            }
            // A refusal carries no data, only the error.
            let error: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            let kind = if want == 'u' {
                "Unauthenticated"
            } else {
                "Forbidden"
            };
            if error["kind"] != kind || text.contains("Bianca") || text.contains("Ana Tester") {
                failures.push(format!("{path} as {actor:?}: refusal body {text}"));
            }
            let audited = denials(&app, &request_id).await;
            if audited != 1 {
                failures.push(format!(
                    "{path} as {actor:?}: refusal audited as denied {audited} times, not once"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn a_record_page_asks_the_policy_once() {
    let app = spawn_app_with(&[("PORTICO_RATE_LIMIT_PER_MINUTE", "100000")]).await;
    let (cookie, ana) = patient(&app, "Ana").await;
    let ana_id = ana.account.patient_id.clone().unwrap();
    let entries = entries_of(&app, &ana_id).await;
    for (path, args) in [
        ("patient/record", format!("patient_id={ana_id}")),
        (
            "patient/record/section",
            format!("patient_id={ana_id}&section=results"),
        ),
        (
            "patient/record/entry",
            format!(
                "patient_id={ana_id}&section=results&entry_id={}",
                entries.result
            ),
        ),
        ("patient/overview", format!("patient_id={ana_id}")),
        (
            "patient/access-log",
            format!("patient_id={ana_id}&from=&to=&person=&page=0"),
        ),
    ] {
        let before = app.services.access.evaluations();
        let response = app
            .same_origin_post(&format!("/api/{path}"))
            .header("cookie", &cookie)
            .body(args)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            app.services.access.evaluations() - before,
            1,
            "{path} asked the policy more than once"
        );
    }
}
