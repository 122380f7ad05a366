use crate::helpers::{CLINIC_CONTACT, spawn_app, spawn_app_with};
use futures_util::StreamExt;

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

/// A body that counts the bytes taken from it, in 64 KiB chunks, up to `total`.
fn counted_body(
    total: usize,
    taken: std::sync::Arc<std::sync::atomic::AtomicUsize>,
) -> reqwest::Body {
    let chunks = (0..total.div_ceil(65_536)).map(move |_| {
        taken.fetch_add(65_536, std::sync::atomic::Ordering::Relaxed);
        Ok::<_, std::io::Error>(vec![b'a'; 65_536])
    });
    reqwest::Body::wrap_stream(futures_util::stream::iter(chunks))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_anonymous_60_mb_import_is_refused_before_its_body_is_read() {
    let app = spawn_app().await;
    let taken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let total = 60 * 1024 * 1024;
    let response = app
        .same_origin_post_as(
            "/api/staff/import",
            "multipart/form-data; boundary=portico-boundary",
        )
        .header("content-length", total.to_string())
        .body(counted_body(total, taken.clone()))
        .send()
        .await;
    // The answer may come while the client is still sending (then the connection closes).
    if let Ok(response) = response {
        assert_eq!(response.status(), 401);
    }
    let taken = taken.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        taken < 16 * 1024 * 1024,
        "{taken} bytes were sent before the refusal"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rate_limit_refuses_before_the_body_is_read() {
    // 1 a minute allows a burst of 5.
    let app = spawn_app_with(&[("PORTICO_RATE_LIMIT_PER_MINUTE", "1")]).await;
    for _ in 0..5 {
        app.same_origin_post(CLINIC_CONTACT).send().await.unwrap();
    }
    // A body whose second half comes three seconds later: a server that read it first would
    // answer after that.
    let slow = futures_util::stream::iter([0u64, 3]).then(|wait| async move {
        tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
        Ok::<_, std::io::Error>(vec![b'a'; 1000])
    });
    let started = std::time::Instant::now();
    let response = app
        .same_origin_post(CLINIC_CONTACT)
        .header("content-length", "2000")
        .body(reqwest::Body::wrap_stream(slow))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert!(
        started.elapsed() < std::time::Duration::from_millis(2500),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_imports_large_cap_is_for_staff_only() {
    let app = spawn_app().await;
    let (_, cookie) = crate::helpers::patient_cookie(&app, "Cap", "Patient", "1970-01-01").await;
    // Five megabytes declared: over the default cap (1 MiB), under the import's.
    let taken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let response = app
        .same_origin_post_as(
            "/api/staff/import",
            "multipart/form-data; boundary=portico-boundary",
        )
        .header("cookie", cookie)
        .header("content-length", (5 * 1024 * 1024).to_string())
        .body(counted_body(5 * 1024 * 1024, taken))
        .send()
        .await;
    if let Ok(response) = response {
        assert_eq!(response.status(), 413);
    }
}
