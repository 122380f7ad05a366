//! The authorization matrix: every registered server function, called over HTTP as every kind of
//! actor, against the one table of expected outcomes below. A server function missing from the
//! table fails the test (so a new one cannot skip it), and so does a row for a function that no
//! longer exists. Refusals must be 401 or 403, carry no data, and leave a `denied` audit event
//! under the request's id.

use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, Utc};
use portico_domain::{
    access::NewCaregiver,
    audit::RequestMeta,
    entities::{audit_event, proxy_grant},
    identity::{CurrentSession, Issuer, NewPatient, SessionLookup},
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
    /// Caregiver with a live grant on B that includes the scope (records).
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
/// `y` the policy lets it through (any answer but 401/403: the call may still fail validation),
/// `u` 401 (no session), `n` 403.
///
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
        "yyyyyyyyyyy",
    ),
    (
        "auth/enroll/begin",
        "code=AAAA-BBBB-CCCC-DDDD&birth_date=",
        "yyyyyyyyyyy",
    ),
    (
        "auth/enroll/finish",
        "ceremony_id=x&credential=x",
        "yyyyyyyyyyy",
    ),
    (
        "auth/recover/begin",
        "code=AAAA-BBBB-CCCC-DDDD&birth_date=1970-01-01",
        "yyyyyyyyyyy",
    ),
    (
        "auth/recover/finish",
        "ceremony_id=x&credential=x",
        "yyyyyyyyyyy",
    ),
    // The caller's own account.
    ("session/keep-alive", "", "uyyyyyyyyyy"),
    ("account/security", "", "uyyyyyyyyyy"),
    ("account/step-up/begin", "", "uyyyyyyyyyy"),
    (
        "account/step-up/finish",
        "ceremony_id=x&credential=x",
        "uyyyyyyyyyy",
    ),
    ("account/passkeys/add/begin", "", "uyyyyyyyyyy"),
    (
        "account/passkeys/add/finish",
        "ceremony_id=x&credential=x&name=x",
        "uyyyyyyyyyy",
    ),
    (
        "account/passkeys/rename",
        "passkey_id=unknown&name=x",
        "uyyyyyyyyyy",
    ),
    (
        "account/passkeys/remove",
        "passkey_id=unknown",
        "uyyyyyyyyyy",
    ),
    ("account/sessions/end", "session_id=unknown", "uyyyyyyyyyy"),
    ("account/sessions/end-others", "", "uyyyyyyyyyy"),
    ("account/recovery-codes/regenerate", "", "uyyyyyyyyyy"),
    (
        "account/clinic-recovery/cancel",
        "invitation_id=unknown",
        "uyyyyyyyyyy",
    ),
    ("care/people", "", "uyyyyyyyyyy"),
    ("care/accept", "code=AAAA-BBBB-CCCC-DDDD", "uyyyyyyyyyy"),
    // One patient's record, by scope.
    ("patient/overview", "patient_id={patient}", "uynynnnynnn"),
    ("patient/record", "patient_id={patient}", "uynynnnynnn"),
    (
        "patient/record/section",
        "patient_id={patient}&section=problems",
        "uynynnnynnn",
    ),
    (
        "patient/record/entry",
        "patient_id={patient}&section=results&entry_id=unknown",
        "uynnnnnynnn",
    ),
    (
        "patient/record/attachment",
        "patient_id={patient}&section=documents&entry_id=unknown&index=0",
        "uynynnnynnn",
    ),
    (
        "patient/record/export",
        "patient_id={patient}",
        "uynynnnynnn",
    ),
    ("patient/sharing", "patient_id={patient}", "uynnnnnnyny"),
    (
        "patient/sharing/invite",
        "patient_id={patient}&name=Cy&email=&relationship=Son&scopes=records&last_day=",
        "uynnnnnnyny",
    ),
    (
        "patient/sharing/update",
        "patient_id={patient}&grant_id={grant}&scopes=records&last_day=",
        "uynnnnnnyny",
    ),
    (
        "patient/sharing/revoke",
        "patient_id={patient}&grant_id={grant}",
        "uynnnnnnyny",
    ),
    (
        "patient/access-log",
        "patient_id={patient}&from=&to=&person=&page=0",
        "uynnnnnnyny",
    ),
    // Clinic work.
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
        "unnnnnnnnny",
    ),
    (
        "staff/invitations/staff",
        "display_name=New&email=&role=billing",
        "unnnnnnnnny",
    ),
    ("staff/patients", "query=tester", "unnnnnnyyyy"),
    (
        "staff/import",
        "files[0][name]=x.json&files[0][text]=not-json",
        "unnnnnnynny",
    ),
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
    // Last: it ends each caller's session.
    ("session/sign-out", "", "yyyyyyyyyyy"),
];

struct Caller {
    cookie: Option<String>,
    patient: String,
    grant: String,
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

async fn patient(app: &TestApp, given: &str) -> (String, CurrentSession) {
    let new =
        NewPatient::parse(given, "Tester", "1970-01-01", "", Utc::now().date_naive()).unwrap();
    let code = app
        .identity
        .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    let (cookie, _) = enrol_over_http(app, code.code.expose(), "1970-01-01").await;
    let session = session_of(app, &cookie).await;
    (cookie_pair(&cookie), session)
}

async fn staff(app: &TestApp, role: &str) -> String {
    staff_cookie(app, &format!("Staff {role}"), role).await
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
    let invited = app
        .identity
        .invite_caregiver(by, &patient_id, caregiver, &RequestMeta::cli())
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
    let (_, right) = grant(&app, &b, "Carer Right", "records", true).await;
    let (_, wrong) = grant(&app, &b, "Carer Wrong", "billing", true).await;
    let (revoked_id, revoked) = grant(&app, &b, "Carer Revoked", "records", true).await;
    app.identity
        .revoke_grant(&b, &b_id, &revoked_id, &RequestMeta::cli())
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

    let on_b = |cookie: Option<String>| Caller {
        cookie,
        patient: b_id.clone(),
        grant: b_spare.clone(),
    };
    let mut callers: HashMap<Actor, Caller> = HashMap::new();
    callers.insert(Actor::Anonymous, on_b(None));
    callers.insert(
        Actor::PatientSelf,
        Caller {
            cookie: Some(a_cookie.clone()),
            patient: a_id.clone(),
            grant: a_spare,
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
    for (path, args, expected) in MATRIX {
        assert_eq!(expected.len(), ACTORS.len(), "row {path}");
        for (actor, want) in ACTORS.iter().zip(expected.chars()) {
            let caller = &callers[actor];
            let body = args
                .replace("{patient}", &caller.patient)
                .replace("{unenrolled}", &unenrolled)
                .replace("{grant}", &caller.grant);
            let mut request = app.same_origin_post(&format!("/api/{path}")).body(body);
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
                401 => 'u',
                403 => 'n',
                _ => 'y',
            };
            if outcome != want {
                failures.push(format!(
                    "{path} as {actor:?}: expected {want}, got {status} {text}"
                ));
                continue;
            }
            if want == 'y' {
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
            let audited = audit_event::Entity::find()
                .filter(audit_event::Column::RequestId.eq(request_id.as_str()))
                .filter(audit_event::Column::Outcome.eq("denied"))
                .all(&app.db)
                .await
                .unwrap();
            if audited.is_empty() {
                failures.push(format!(
                    "{path} as {actor:?}: refusal not audited as denied"
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
