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
