use crate::helpers::spawn_app;

fn nonce_of(csp: &str) -> String {
    let start = csp.find("'nonce-").expect("CSP has a nonce") + "'nonce-".len();
    csp[start..].split('\'').next().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_responses_carry_every_security_header() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );

    let csp = headers["content-security-policy"].to_str().unwrap();
    for directive in [
        "default-src 'self'",
        "'strict-dynamic'",
        "'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "CSP lacks {directive}: {csp}");
    }
    assert!(
        !csp.contains("unsafe-inline"),
        "CSP allows inline code: {csp}"
    );

    let hsts = headers["strict-transport-security"].to_str().unwrap();
    let max_age: u64 = hsts
        .trim_start_matches("max-age=")
        .split(';')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(max_age >= 31_536_000, "HSTS shorter than a year: {hsts}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["cross-origin-opener-policy"], "same-origin");
    assert!(
        headers["permissions-policy"]
            .to_str()
            .unwrap()
            .contains("camera=()")
    );
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["x-request-id"].to_str().unwrap().len(), 32);
    assert!(headers.get("server").is_none(), "no version banner");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wasm_chunk_goes_without_the_page_policy_but_keeps_the_other_headers() {
    let app = spawn_app().await;
    std::fs::write(app.site_root.join("pkg/chunk_1.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(app.site_root.join("pkg/portico.js"), b"export {};").unwrap();
    let response = app
        .client
        .get(app.url("/pkg/chunk_1.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(headers["content-type"], "application/wasm");
    assert!(headers.get("content-security-policy").is_none());
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cross-origin-resource-policy"], "same-origin");
    assert_eq!(headers["cache-control"], "no-cache");
    assert!(
        headers["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
    // What only a document uses stays off the dozens of chunks a page fetches.
    for name in [
        "cross-origin-opener-policy",
        "permissions-policy",
        "x-request-id",
        "accept-ranges",
    ] {
        assert!(headers.get(name).is_none(), "a WASM chunk carries {name}");
    }
    // Scripts keep it: a worker script's policy is its own response's.
    let script = app
        .client
        .get(app.url("/pkg/portico.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), 200);
    assert!(script.headers().get("content-security-policy").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_gets_a_fresh_nonce_that_the_scripts_carry() {
    let app = spawn_app().await;
    let mut seen = Vec::new();
    for _ in 0..3 {
        let response = app.client.get(app.url("/")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let nonce = nonce_of(
            response.headers()["content-security-policy"]
                .to_str()
                .unwrap(),
        );
        assert!(nonce.len() >= 22, "nonce under 128 bits: {nonce}");
        let html = response.text().await.unwrap();
        let scripts: Vec<&str> = html.split("<script").skip(1).collect();
        assert!(!scripts.is_empty(), "the page has hydration scripts");
        for script in scripts {
            let tag = &script[..script.find('>').unwrap()];
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")),
                "script without the response's nonce: <script{tag}>"
            );
        }
        assert!(!seen.contains(&nonce), "nonce reused across responses");
        seen.push(nonce);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_supplied_request_id_is_replaced() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/"))
        .header("x-request-id", "forged\tid")
        .send()
        .await
        .unwrap();
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert_ne!(id, "forged\tid");
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
}
