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

/// Malformed bodies sent to every registered server function, signed in as staff (who reach the
/// most functions) and as nobody: wrong types, truncated JSON, a huge field, NUL bytes, invalid
/// UTF-8, an unknown content type. None is a 5xx (a function without arguments may answer 2xx;
/// signing out is left out so the sessions last the run).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_arguments_to_every_server_function_are_refused_never_a_500() {
    use crate::helpers::{spawn_app_with, staff_cookie};
    let app = spawn_app_with(&[("PORTICO_RATE_LIMIT_PER_MINUTE", "100000")]).await;
    let admin = staff_cookie(&app, "Ada Fuzz", "admin").await;
    let clinician = staff_cookie(&app, "Dr Fuzz", "clinician").await;
    let huge = format!("patient_id={}&section={0}", "A".repeat(200_000));
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        (
            "application/x-www-form-urlencoded",
            b"patient_id[]=1&page=-1&index=abc&months=1e9&day=32".to_vec(),
        ),
        (
            "application/x-www-form-urlencoded",
            b"patient_id=%00%00&section=%00".to_vec(),
        ),
        (
            "application/x-www-form-urlencoded",
            b"patient_id=%FF%FE&x=\xff\xfe".to_vec(),
        ),
        ("application/x-www-form-urlencoded", b"%%%&&&===".to_vec()),
        ("application/x-www-form-urlencoded", huge.into_bytes()),
        ("application/json", b"{\"patient_id\":".to_vec()),
        ("application/json", b"[1,2,3]".to_vec()),
        ("text/plain", b"hello".to_vec()),
        ("multipart/form-data; boundary=x", b"--x\r\nbroken".to_vec()),
    ];
    let paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .filter(|path| !path.contains("sign-out"))
        .collect();
    assert!(paths.len() > 50, "{} functions", paths.len());
    let mut failures = Vec::new();
    let mut tried = 0;
    for path in &paths {
        for cookie in [None, Some(&admin), Some(&clinician)] {
            for (content_type, body) in &bodies {
                let mut request = app
                    .same_origin_post_as(path, content_type)
                    .body(body.clone());
                if let Some(cookie) = cookie {
                    request = request.header("cookie", cookie.as_str());
                }
                tried += 1;
                let response = match request.send().await {
                    Ok(response) => response,
                    // The upload routes answer before reading a body they refuse (415, 401) and
                    // close the connection while a large body is still being sent.
                    Err(err)
                        if err.is_request()
                            && [
                                "/api/staff/import",
                                "/api/patient/messages/files",
                                "/api/patient/billing/card",
                            ]
                            .contains(&path.as_str()) =>
                    {
                        continue;
                    }
                    Err(err) => panic!("{path}: {err}"),
                };
                let status = response.status().as_u16();
                let text = response.text().await.unwrap_or_default();
                if status >= 500 {
                    failures.push(format!(
                        "{path} {content_type} {:?}: {status} {}",
                        String::from_utf8_lossy(&body[..body.len().min(60)]),
                        &text[..text.len().min(200)]
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {tried} malformed calls answered 5xx:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
