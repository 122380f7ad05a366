use crate::helpers::{CLINIC_CONTACT, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_server_function_returns_a_plain_message_and_the_request_id() {
    let app = spawn_app().await;
    app.db.close_by_ref().await.unwrap();
    let response = app.same_origin_post(CLINIC_CONTACT).send().await.unwrap();
    assert_eq!(response.status(), 503);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["kind"], "Unavailable");
    assert_eq!(body["request_id"], request_id.as_str());
    let message = body["message"].as_str().unwrap();
    assert!(
        !message.to_lowercase().contains("pool") && !message.contains("sql"),
        "internal detail leaked: {message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_fails_shows_the_error_page_with_the_request_id() {
    let app = spawn_app().await;
    app.db.close_by_ref().await.unwrap();
    let response = app.client.get(app.url("/contact")).send().await.unwrap();
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = response.text().await.unwrap();
    assert!(html.contains("We could not show this page"), "{html}");
    assert!(html.contains(&request_id), "the page names the request id");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_ids_and_sections_are_a_400_with_a_plain_message() {
    let app = spawn_app().await;
    let long = "x".repeat(65);
    for (path, body) in [
        ("/api/patient/record", "patient_id=a%00b".to_owned()),
        ("/api/patient/record", format!("patient_id={long}")),
        ("/api/patient/record", "patient_id=%3Cscript%3E".to_owned()),
        ("/api/patient/record", String::new()),
        (
            "/api/patient/record/section",
            "patient_id=abc&section=everything".to_owned(),
        ),
        (
            "/api/patient/record/entry",
            "patient_id=abc&section=problems&entry_id=..%2F..".to_owned(),
        ),
        (
            "/api/patient/sharing/revoke",
            "patient_id=abc&grant_id=%20".to_owned(),
        ),
        (
            "/api/account/passkeys/remove",
            "passkey_id=a%2Cb".to_owned(),
        ),
    ] {
        let response = app
            .same_origin_post(path)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{path} {body}");
        let error: serde_json::Value = response.json().await.unwrap();
        assert_eq!(error["kind"], "Validation", "{path} {body}");
        assert_eq!(
            error["message"], "The request could not be read. Please try again.",
            "{path} {body}"
        );
    }
}
