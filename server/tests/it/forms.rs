//! Plain forms, as a page without its script submits them: the browser posts the form and
//! follows the redirect back, and the page it lands on shows the outcome.

use chrono::Utc;
use portico_domain::{
    audit::RequestMeta,
    identity::{Issuer, NewPatient},
};

use crate::helpers::{TestApp, cookie_pair, enrol_over_http, spawn_app};

async fn patient_cookie(app: &TestApp) -> String {
    let new =
        NewPatient::parse("Nora", "Script", "1970-01-01", "", Utc::now().date_naive()).unwrap();
    let code = app
        .identity
        .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    cookie_pair(
        &enrol_over_http(app, code.code.expose(), "1970-01-01")
            .await
            .0,
    )
}

/// What a browser sends for a plain form post (no `Referer`: Portico asks for none).
fn form_post(app: &TestApp, path: &str, cookie: &str) -> reqwest::RequestBuilder {
    app.same_origin_post(path)
        .header("accept", "text/html,application/xhtml+xml")
        .header("cookie", cookie)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_form_post_returns_to_the_page_with_the_reason() {
    let app = spawn_app().await;
    let cookie = patient_cookie(&app).await;
    let response = form_post(&app, "/api/care/accept", &cookie)
        .body("code=AAAA-BBBB-CCCC-DDDD")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302, "a redirect, not the error's status");
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{}/?", app.origin)),
        "back to the home page: {location}"
    );
    assert!(location.contains("__err="), "{location}");
    // The page it returns to says why, without the script.
    let html = app
        .client
        .get(&location)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("That code does not match an open invitation"),
        "{html}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_call_still_gets_the_error_status() {
    let app = spawn_app().await;
    let cookie = patient_cookie(&app).await;
    let response = app
        .same_origin_post("/api/care/accept")
        .header("cookie", &cookie)
        .body("code=AAAA-BBBB-CCCC-DDDD")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
}
