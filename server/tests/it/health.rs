use serde_json::{Value, json};

use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_reports_ok_with_a_reachable_database() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "status": "ok", "db": "ok" })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_503_when_the_database_is_unreachable() {
    let app = spawn_app().await;
    app.db.close_by_ref().await.unwrap();
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert_ne!(body["db"], "ok");
}

/// The page the service worker shows offline: about nobody, so it alone among pages may be kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offline_page_names_the_clinic_and_may_be_kept() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/offline")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(response.headers().get("set-cookie").is_none());
    let body = response.text().await.unwrap();
    assert!(body.contains("You are offline"), "{body}");
    assert!(body.contains("need a connection"), "{body}");
    // Every other page stays unstorable.
    let page = app.client.get(app.url("/sign-in")).send().await.unwrap();
    assert_eq!(page.headers()["cache-control"], "no-store");
}
