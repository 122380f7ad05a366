use crate::helpers::{CLINIC_CONTACT, spawn_app, spawn_app_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_gets_413() {
    let app = spawn_app().await;
    let response = app
        .same_origin_post(CLINIC_CONTACT)
        .body(vec![b'a'; 1024 * 1024 + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_chunked_body_gets_413() {
    let app = spawn_app_with(&[("PORTICO_BODY_LIMIT", "4096")]).await;
    // No Content-Length: the server only learns the size by reading.
    let chunks = (0..8).map(|_| Ok::<_, std::io::Error>(vec![b'a'; 1024]));
    let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let response = app
        .same_origin_post(CLINIC_CONTACT)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_under_the_limit_reaches_the_handler() {
    let app = spawn_app_with(&[("PORTICO_BODY_LIMIT", "4096")]).await;
    let response = app
        .same_origin_post(CLINIC_CONTACT)
        .body("a=1".repeat(100))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
