//! Issue 18's probe over HTTP: staff re-issue a code for an enrolled patient and try to enrol with
//! it in their own browser. Before the fix the front desk got a code (200) and the enrolment added
//! their passkey to the patient's account and ended the patient's session.

use chrono::Utc;
use portico_domain::{
    audit::RequestMeta,
    identity::{Issuer, NewPatient, awaiting_approval, issuer_browser},
};
use serde_json::Value;

use crate::helpers::{TestApp, cookie_pair, enrol_over_http, spawn_app_with, staff_cookie};

const BIRTH_DATE: &str = "1975-05-05";

async fn post(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let mut request = app.same_origin_post(path).form(form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_cannot_take_over_an_enrolled_patients_account() {
    let app = spawn_app_with(&[("PORTICO_RATE_LIMIT_PER_MINUTE", "100000")]).await;
    let new = NewPatient::parse("Vic", "Tim", BIRTH_DATE, "", Utc::now().date_naive()).unwrap();
    let invited = app
        .identity
        .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    let patient_id = invited.patient_id.clone().unwrap();
    let victim = cookie_pair(
        &enrol_over_http(&app, invited.code.expose(), BIRTH_DATE)
            .await
            .0,
    );
    let front = staff_cookie(&app, "Fran Desk", "front-desk").await;
    let ada = staff_cookie(&app, "Ada Admin", "admin").await;
    let bo = staff_cookie(&app, "Bo Admin", "admin").await;
    let reissue = [("patient_id", patient_id.as_str())];

    // 1. The front desk gets no code for an enrolled patient.
    let (status, body) = post(
        &app,
        "/api/staff/invitations/reissue",
        Some(&front),
        &reissue,
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert!(body.get("code").is_none());

    // 2. An admin gets one (just signed in, so the passkey check is fresh), awaiting approval.
    let (status, issued) = post(&app, "/api/staff/invitations/reissue", Some(&ada), &reissue).await;
    assert_eq!(status, 200, "{issued}");
    assert_eq!(issued["awaiting_approval"], true);
    let code = issued["code"].as_str().unwrap().to_owned();
    let enrol = [("code", code.as_str()), ("birth_date", BIRTH_DATE)];

    // 3. It works in nobody's browser until a second admin approves, and never in the issuer's.
    let (status, body) = post(&app, "/api/auth/enroll/begin", Some(&ada), &enrol).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (422, Some(issuer_browser().to_string().as_str()))
    );
    let (status, body) = post(&app, "/api/auth/enroll/begin", None, &enrol).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (422, Some(awaiting_approval().to_string().as_str()))
    );

    // The patient sees the pending code on their Security page and is still signed in.
    let (status, security) = post(&app, "/api/account/security", Some(&victim), &[]).await;
    assert_eq!(status, 200);
    let pending = security["clinic_recoveries"].as_array().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["issued_by"], "Ada Admin (Administrator)");

    // 4. The issuer cannot approve it; the second admin can, from the invitations list.
    let (_, rows) = post(&app, "/api/staff/invitations", Some(&ada), &[]).await;
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "Needs a second approval")
        .expect("the recovery code is listed")
        .clone();
    assert_eq!(row["may_approve"], false, "not for the issuer");
    let invitation = [("invitation_id", row["id"].as_str().unwrap())];
    let (status, _) = post(
        &app,
        "/api/staff/invitations/approve",
        Some(&ada),
        &invitation,
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = post(
        &app,
        "/api/staff/invitations/approve",
        Some(&front),
        &invitation,
    )
    .await;
    assert_eq!(status, 403);
    let (_, rows) = post(&app, "/api/staff/invitations", Some(&bo), &[]).await;
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == row["id"] && r["may_approve"] == true)
    );
    let (status, body) = post(
        &app,
        "/api/staff/invitations/approve",
        Some(&bo),
        &invitation,
    )
    .await;
    assert_eq!(status, 200, "{body}");

    // Still refused from either admin's browser; the patient's own device recovers the account.
    for cookie in [&ada, &bo] {
        let (status, _) = post(&app, "/api/auth/enroll/begin", Some(cookie), &enrol).await;
        assert_eq!(status, 422);
    }
    let (status, _) = post(&app, "/api/account/security", Some(&victim), &[]).await;
    assert_eq!(status, 200, "the patient is still signed in");
    let (_, welcome) = enrol_over_http(&app, &code, BIRTH_DATE).await;
    assert_eq!(welcome["display_name"], "Vic Tim");
    let (status, _) = post(&app, "/api/account/security", Some(&victim), &[]).await;
    assert_eq!(status, 401, "recovery signs out the other sessions");
}
