use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_routes_get_a_404_page() {
    let app = spawn_app().await;
    for path in [
        "/no-such-page",
        "/records/../../etc/passwd",
        "/pkg/missing.wasm",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.headers().contains_key("content-security-policy"));
        let html = response.text().await.unwrap();
        assert!(html.contains("Page not found"), "{path}: {html}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_and_contact_pages_render_the_clinic_name() {
    let app = spawn_app().await;
    portico_domain::clinic::update_clinic_profile(
        &app.db,
        portico_domain::clinic::ClinicProfileUpdate {
            name: Some(
                portico_domain::clinic::ClinicName::parse("Elm Street Family Practice").unwrap(),
            ),
            phone: Some(portico_domain::clinic::PhoneNumber::parse("+1 555 010 2000").unwrap()),
            email: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let home = app.get_html("/").await;
    assert!(home.contains("Elm Street Family Practice"));
    let contact = app.get_html("/contact").await;
    assert!(contact.contains("tel:+15550102000"), "{contact}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_are_served_precompressed() {
    let app = spawn_app().await;
    let pkg = app.site_root.join("pkg");
    std::fs::write(pkg.join("portico.js"), "console.log('hello');".repeat(50)).unwrap();
    std::fs::write(pkg.join("portico.js.br"), b"brotli bytes").unwrap();
    std::fs::write(pkg.join("portico.js.gz"), b"gzip bytes").unwrap();

    let get = |encoding: &'static str| {
        app.client
            .get(app.url("/pkg/portico.js"))
            .header("accept-encoding", encoding)
            .send()
    };
    let br = get("gzip, br").await.unwrap();
    assert_eq!(br.status(), 200);
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(
        br.headers()["cache-control"],
        "no-cache",
        "public assets may be cached"
    );
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"brotli bytes");
    let gz = get("gzip").await.unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let plain = get("identity").await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert!(plain.text().await.unwrap().starts_with("console.log"));
}

/// Leptos finds an app's routes by rendering it with resource loading switched off process-wide,
/// and a resource first polled meanwhile never loads (leptos issue 4773). A page must render
/// while other instances start in the same process (as the tests here do all the time).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_other_instances_start() {
    let app = spawn_app_with(&[("PORTICO_PAGE_RATE_LIMIT_PER_MINUTE", "1000000")]).await;
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap();
    let starting = tokio::spawn(async {
        let mut others = Vec::new();
        for _ in 0..6 {
            others.push(spawn_app().await);
        }
        others
    });
    let mut pages = 0;
    while !starting.is_finished() {
        let response = client.get(app.url("/")).send().await;
        let status = response.map(|r| r.status().as_u16());
        assert!(
            matches!(status, Ok(200)),
            "page {pages} during start-ups: {status:?}"
        );
        pages += 1;
    }
    assert!(pages > 0);
    starting.await.unwrap();
}
