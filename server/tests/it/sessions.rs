//! Sessions over HTTP: enrolment through the real endpoints with a software passkey, the cookie's
//! attributes, sign-out (server-side end, cookie cleared, Clear-Site-Data), and refusals for
//! requests without a live session.

use portico_domain::{
    audit::RequestMeta,
    identity::{Issuer, NewPatient},
};
use serde_json::Value;

use crate::helpers::{TestApp, cookie_pair, enrol_over_http, spawn_app};

const BIRTH_DATE: &str = "1984-03-09";

/// Enrols a new patient through the HTTP endpoints; returns the Set-Cookie header value.
async fn enroll(app: &TestApp) -> String {
    let patient = NewPatient::parse(
        "Ana",
        "Http",
        BIRTH_DATE,
        "",
        chrono::Utc::now().date_naive(),
    )
    .unwrap();
    let code = app
        .identity
        .invite_patient(Issuer::CommandLine, patient, &RequestMeta::cli())
        .await
        .unwrap();
    let (cookie, welcome) = enrol_over_http(app, code.code.expose(), BIRTH_DATE).await;
    assert_eq!(welcome["recovery_codes"].as_array().unwrap().len(), 10);
    cookie
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_sets_a_host_only_secure_http_only_cookie_with_256_random_bits() {
    let app = spawn_app().await;
    let set_cookie = enroll(&app).await;
    assert!(
        set_cookie.starts_with("__Host-portico_session="),
        "{set_cookie}"
    );
    for attribute in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
        assert!(
            set_cookie.contains(attribute),
            "{set_cookie} lacks {attribute}"
        );
    }
    assert!(!set_cookie.contains("Domain"), "{set_cookie}");
    let token = cookie_pair(&set_cookie)
        .split_once('=')
        .unwrap()
        .1
        .to_owned();
    assert_eq!(token.len(), 43, "32 bytes, base64url");
    // The database holds only a hash of it.
    use sea_orm::EntityTrait;
    let rows = portico_domain::entities::session::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(
        rows.iter()
            .all(|row| row.token_hash != token && row.token_hash.len() == 64)
    );

    let me: Value = app
        .same_origin_post("/api/session/me")
        .header("cookie", cookie_pair(&set_cookie))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["display_name"], "Ana Http");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_ends_the_session_and_tells_the_browser_to_forget_it() {
    let app = spawn_app().await;
    let cookie = cookie_pair(&enroll(&app).await);
    let out = app
        .same_origin_post("/api/session/sign-out")
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 200);
    let cleared = out.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        cleared.contains("__Host-portico_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    let clear_site_data = out
        .headers()
        .get("clear-site-data")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(clear_site_data.contains("\"cookies\"") && clear_site_data.contains("\"storage\""));

    // The old cookie is dead on the server: refused, and the response clears it again.
    let after = app
        .same_origin_post("/api/account/security")
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);
    assert!(
        after
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_endpoints_refuse_requests_without_a_session() {
    let app = spawn_app().await;
    for path in [
        "/api/account/security",
        "/api/account/passkeys/add/begin",
        "/api/account/recovery-codes/regenerate",
        "/api/account/sessions/end-others",
        "/api/staff/invitations",
        "/api/session/keep-alive",
    ] {
        let response = app.same_origin_post(path).send().await.unwrap();
        assert_eq!(response.status(), 401, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["kind"], "Unauthenticated", "{path}");
    }
    // A made-up cookie is no better, and is cleared.
    let response = app
        .same_origin_post("/api/account/security")
        .header(
            "cookie",
            "__Host-portico_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(response.headers().get("set-cookie").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_patient_cannot_use_staff_endpoints() {
    let app = spawn_app().await;
    let cookie = cookie_pair(&enroll(&app).await);
    let response = app
        .same_origin_post("/api/staff/invitations/patient")
        .header("cookie", &cookie)
        .form(&[
            ("given_name", "Eve"),
            ("family_name", "Intruder"),
            ("birth_date", "1990-01-01"),
            ("email", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let listing = app
        .same_origin_post("/api/staff/invitations")
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(listing.status(), 403);
    use portico_domain::entities::audit_event;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let denied = audit_event::Entity::find()
        .filter(audit_event::Column::Outcome.eq("denied"))
        .order_by_asc(audit_event::Column::Seq)
        .all(&app.db)
        .await
        .unwrap();
    let actions: Vec<_> = denied.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["staff/invitations/patient", "staff/invitations"],
        "refusals are audited"
    );
}
