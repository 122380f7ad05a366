use crate::helpers::{CLINIC_CONTACT, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_same_origin_server_function_call_succeeds() {
    let app = spawn_app().await;
    let response = app.same_origin_post(CLINIC_CONTACT).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["name"], "Portico");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_posts_to_a_server_function_are_refused() {
    let app = spawn_app().await;
    for site in ["cross-site", "same-site", "none"] {
        let response = app
            .client
            .post(app.url(CLINIC_CONTACT))
            .header("sec-fetch-site", site)
            .header("origin", &app.origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            403,
            "Sec-Fetch-Site: {site} was let through"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_fetch_metadata_the_origin_must_match() {
    let app = spawn_app().await;
    let post = |origin: Option<&str>| {
        let mut request = app
            .client
            .post(app.url(CLINIC_CONTACT))
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    assert_eq!(
        post(Some("https://evil.example")).await.unwrap().status(),
        403
    );
    assert_eq!(post(Some("null")).await.unwrap().status(), 403);
    assert_eq!(
        post(None).await.unwrap().status(),
        403,
        "no Origin and no Sec-Fetch-Site must fail closed"
    );
    assert_eq!(post(Some(&app.origin)).await.unwrap().status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn safe_methods_pass_without_fetch_metadata() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        200,
        "following a link from another site must work"
    );
}
