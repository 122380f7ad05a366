//! HTTP throughput benchmark (not a test): prints figures, asserts nothing about time.
//!
//! Starts Portico (release build, SQLite or `PORTICO_TEST_POSTGRES_URL`) and, in the same process,
//! a bare axum "hello world", then loads each with `wrk` (Debian's package) from a second process
//! on loopback: the hello world, then a clinician's health-summary page of patients with 100 and
//! 10,000 observations (`PORTICO_BENCH_SIZES` for others). Each summary request is the whole
//! page: session lookup, one policy answer, the summary's queries and decryption, the audit
//! append, and server-side rendering. Prints requests per second and the share of the hello
//! world's.
//!
//! `cargo bench -p server --bench http` (`PORTICO_BENCH_SECONDS`, default 10, per run)

#[allow(dead_code)]
#[path = "../tests/it/helpers.rs"]
mod helpers;

use std::process::Command;

use portico_domain::{
    audit::RequestMeta,
    records::{ImportFile, Importer},
    test_util::patient_with_observations,
};

/// Runs `wrk` against `url` and returns its requests per second.
fn wrk(url: &str, cookie: Option<&str>) -> f64 {
    let seconds = std::env::var("PORTICO_BENCH_SECONDS").unwrap_or_else(|_| "10".into());
    let mut command = Command::new("wrk");
    command.args(["-t1", "-c8", &format!("-d{seconds}s"), "--latency"]);
    if let Some(cookie) = cookie {
        command.args(["-H", &format!("Cookie: {cookie}")]);
    }
    let output = command
        .arg(url)
        .output()
        .expect("wrk runs (apt-get install wrk)");
    let text = String::from_utf8_lossy(&output.stdout);
    if text.contains("Non-2xx") {
        panic!("{url}: some responses were not 2xx:\n{text}");
    }
    let line = |label: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(label))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    println!("  {} | {}", line("50%"), line("99%"));
    line("Requests/sec:")
        .trim_start_matches("Requests/sec:")
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("wrk printed no rate:\n{text}"))
}

async fn hello_world() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://127.0.0.1:{}/",
        listener.local_addr().unwrap().port()
    );
    let router = axum::Router::new().route("/", axum::routing::get(|| async { "Hello, world!" }));
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let backend = if std::env::var("PORTICO_TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty()) {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("Portico HTTP benchmark on {backend} (wrk -t1 -c8, loopback, 2 cores shared)");
    let hello = hello_world().await;
    println!("bare axum hello world:");
    let bare = wrk(&hello, None);
    println!("  {bare:.0} requests/s");

    let sizes: Vec<usize> = std::env::var("PORTICO_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 10_000]);
    for size in sizes {
        let app = helpers::spawn_app_with(&[("PORTICO_RATE_LIMIT_PER_MINUTE", "100000")]).await;
        app.services
            .records
            .import(
                Importer::CommandLine,
                vec![ImportFile {
                    name: "bench.json".into(),
                    text: patient_with_observations(size).to_string(),
                }],
                &RequestMeta::cli(),
                &mut |_| {},
            )
            .await
            .unwrap();
        let (patient, _) = app
            .services
            .records
            .patient_by_fhir_id("bench-p")
            .await
            .unwrap();
        let cookie = helpers::staff_cookie(&app, "Bench Clinician", "clinician").await;
        let url = format!(
            "http://127.0.0.1:{}/patients/{patient}",
            app.base_url.rsplit(':').next().unwrap()
        );
        let page = app
            .client
            .get(&url)
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "the summary page renders");
        let html = page.text().await.unwrap();
        assert!(html.contains("Test 0"), "the page shows the latest results");
        println!(
            "health summary, {size} observations ({:.0} KB of HTML):",
            html.len() as f64 / 1e3
        );
        let rate = wrk(&url, Some(&cookie));
        println!(
            "  {rate:.0} requests/s = {:.1}% of the hello world's",
            rate / bare * 100.0
        );
    }
}
