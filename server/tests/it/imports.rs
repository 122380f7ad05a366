//! The staff upload over HTTP: a multipart form read as it arrives, after the caller is known to
//! be allowed; the import runs as a job that the page follows.

use std::time::Duration;

use serde_json::Value;

use crate::helpers::{TestApp, spawn_app, staff_cookie};

const BOUNDARY: &str = "portico-test-boundary";

/// A multipart body with a `source` field and the `files`.
fn form(source: &str, files: &[(&str, &str)]) -> String {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\n{source}\r\n"
    );
    for (name, text) in files {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n{text}\r\n"
        ));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    body
}

fn upload(
    app: &TestApp,
    cookie: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> reqwest::RequestBuilder {
    let mut request = app
        .same_origin_post_as(
            "/api/staff/import",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request
}

/// Asks for the job until it has ended.
async fn finished(app: &TestApp, cookie: &str, job: &Value) -> Value {
    let id = job["id"].as_str().unwrap().to_owned();
    for _ in 0..300 {
        let now: Value = app
            .same_origin_post("/api/staff/import/job")
            .header("cookie", cookie)
            .body(format!("job_id={id}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if now["status"] != "running" {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the job did not end");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_runs_as_a_job_and_the_job_says_what_it_stored() {
    let app = spawn_app().await;
    let cookie = staff_cookie(&app, "Dr Upload", "clinician").await;
    let patient = r#"{"resourceType":"Patient","id":"up-1","name":[{"family":"Upload","given":["Una"]}],"birthDate":"1980-01-01"}"#;
    let observation = r#"{"resourceType":"Observation","id":"up-o","status":"final","code":{"text":"Glucose"},"subject":{"reference":"Patient/up-1"},"valueQuantity":{"value":5.1,"unit":"mmol/L"}}"#;
    // NDJSON with a repeated line, as Bulk exports have them.
    let ndjson = format!("{patient}\n{patient}\n");
    let response = upload(
        &app,
        Some(&cookie),
        form(
            "Lab-A",
            &[
                ("Patient.ndjson", &ndjson),
                ("Observation.ndjson", observation),
            ],
        ),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(response.status(), 200);
    let job: Value = response.json().await.unwrap();
    assert_eq!(job["total"], 3, "{job}");
    assert_eq!(job["files"], 2);
    assert_eq!(job["source"], "lab-a");
    assert_eq!(job["by"], "Dr Upload");
    let done = finished(&app, &cookie, &job).await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["report"]["stored"], 2, "{done}");
    assert_eq!(done["report"]["patients_created"], 1);
    let notes = done["report"]["notes"].to_string();
    assert!(notes.contains("1 repeated"), "{notes}");

    let list: Value = app
        .same_origin_post("/api/staff/import/jobs")
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["id"], job["id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_anonymous_upload_is_refused_before_its_body_is_read() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    // A 60 MB upload of which only the first 64 KiB are ever sent: the answer comes all the same,
    // so the server answered before reading the body. (Over a raw connection: an HTTP client
    // still writing the rest would see the server close it, a broken pipe, instead of the answer.)
    let port = app.base_url.rsplit(':').next().unwrap();
    let mut stream = tokio::net::TcpStream::connect(format!("127.0.0.1:{port}"))
        .await
        .unwrap();
    let head = format!(
        "POST /api/staff/import HTTP/1.1\r\nHost: localhost:{port}\r\nSec-Fetch-Site: same-origin\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: 60000000\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&vec![b'a'; 64 * 1024]).await.unwrap();
    let mut answer = vec![0u8; 1024];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("an answer without the rest of the body")
        .unwrap();
    let status_line = String::from_utf8_lossy(&answer[..read]);
    assert!(status_line.starts_with("HTTP/1.1 401"), "{status_line}");
    // Staff without the import task are refused the same way.
    let front_desk = staff_cookie(&app, "Desk Person", "front-desk").await;
    let response = upload(&app, Some(&front_desk), form("", &[("a.json", "{}")]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_that_is_not_a_form_gets_415_and_a_bad_file_a_reason() {
    let app = spawn_app().await;
    let cookie = staff_cookie(&app, "Dr Form", "clinician").await;
    let response = app
        .same_origin_post("/api/staff/import")
        .header("cookie", &cookie)
        .body("files=x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    let response = upload(
        &app,
        Some(&cookie),
        form(
            "",
            &[(
                "Observation.ndjson",
                "{\"resourceType\":\"Observation\"}\n{oops\n",
            )],
        ),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(response.status(), 422);
    let text = response.text().await.unwrap();
    assert!(text.contains("Observation.ndjson: line 2"), "{text}");
    // A form with no file chosen.
    let response = upload(&app, Some(&cookie), form("", &[("", "")]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("choose at least one file")
    );
}

/// Without the page's script the browser posts the form and follows the answer back to the
/// import page, which lists the job.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_posted_without_script_returns_to_the_import_page() {
    let app = spawn_app().await;
    let cookie = staff_cookie(&app, "Dr Plain", "clinician").await;
    let response = upload(
        &app,
        Some(&cookie),
        form("", &[("p.json", r#"{"resourceType":"Patient","id":"plain-1","name":[{"family":"Plain"}],"birthDate":"1990-01-01"}"#)]),
    )
    .header("accept", "text/html")
    .send()
    .await
    .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    // (The server's redirect strips any earlier error from the address, leaving a bare `?`.)
    assert!(
        location.trim_end_matches('?').ends_with("/staff/import"),
        "{location}"
    );
}
