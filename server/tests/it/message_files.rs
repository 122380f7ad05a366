//! Files sent with a message over HTTP: a multipart form, read only once the caller may write
//! in the conversation; saved back as an attachment with its real type, never as a page.

use portico_domain::audit::RequestMeta;

use crate::helpers::{cookie_pair, enrol_over_http, patient_cookie, spawn_app, staff_cookie};

const BOUNDARY: &str = "portico-files-boundary";

fn form(patient: &str, conversation: &str, files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in [
        ("patient_id", patient),
        ("conversation_id", conversation),
        ("caption", ""),
    ] {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: text/html\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_go_up_as_a_form_and_come_back_as_attachments_never_as_pages() {
    let app = spawn_app().await;
    let (patient, cookie) = patient_cookie(&app, "Fay", "Files", "1980-01-01").await;
    let started = app
        .same_origin_post("/api/patient/messages/start")
        .header("cookie", &cookie)
        .body(format!(
            "patient_id={patient}&topic=medical&subject=Rash&body=See+the+photo"
        ))
        .send()
        .await
        .unwrap();
    assert!(started.status().is_success(), "{}", started.status());
    let list: serde_json::Value = app
        .same_origin_post("/api/patient/messages")
        .header("cookie", &cookie)
        .body(format!("patient_id={patient}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let conversation = list["conversations"][0]["id"].as_str().unwrap().to_owned();
    let send = |cookie: Option<&str>, body: Vec<u8>| {
        let mut request = app
            .same_origin_post_as(
                "/api/patient/messages/files",
                &format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie.to_owned());
        }
        request.send()
    };

    // Anonymous: 401 before anything is read. An HTML page named .png: 422, nothing stored.
    let anonymous = send(
        None,
        form(&patient, &conversation, &[("a.pdf", b"%PDF-1.4\n")]),
    )
    .await
    .unwrap();
    assert_eq!(anonymous.status(), 401);
    let html = send(
        Some(&cookie),
        form(
            &patient,
            &conversation,
            &[("x.png", b"<html><script>alert(1)</script>")],
        ),
    )
    .await
    .unwrap();
    assert_eq!(html.status(), 422);
    assert!(
        html.text()
            .await
            .unwrap()
            .contains("not a PDF, JPEG or PNG")
    );

    // A PDF goes; the thread lists it with a link.
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
    let ok = send(
        Some(&cookie),
        form(&patient, &conversation, &[("letter.pdf", pdf)]),
    )
    .await
    .unwrap();
    assert!(ok.status().is_success(), "{}", ok.status());
    let thread: serde_json::Value = app
        .same_origin_post("/api/patient/messages/thread")
        .header("cookie", &cookie)
        .body(format!(
            "patient_id={patient}&conversation_id={conversation}"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let href = thread["messages"][1]["files"][0]["href"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(href.starts_with(&format!("/files/messages/{patient}/{conversation}/")));

    // Saved as an attachment, its real type, never sniffed, sandboxed.
    let file = app
        .client
        .get(app.url(&href))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    let headers = file.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"letter.pdf\"; filename*=UTF-8''letter.pdf"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("sandbox")
    );
    assert_eq!(file.bytes().await.unwrap().as_ref(), pdf);

    // Nobody else: anonymous 401, the front desk (another pool) 404.
    let anonymous = app.client.get(app.url(&href)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let desk = staff_cookie(&app, "Fran Desk", "front-desk").await;
    let other_pool = app
        .client
        .get(app.url(&href))
        .header("cookie", &desk)
        .send()
        .await
        .unwrap();
    assert_eq!(other_pool.status(), 404);
}

/// A document's file from an import: its declared type decides nothing risky. HTML (which could
/// run in the portal's origin if rendered) comes back as `application/octet-stream`, saved as a
/// file; a PDF as a PDF; both with `nosniff`, `attachment` and a sandboxing policy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_documents_file_is_served_only_as_a_safe_type() {
    use base64::Engine;
    use portico_domain::{
        entities::record_resource,
        identity::Operator,
        records::{ImportFile, Importer},
    };
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn_app().await;
    let encode = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    let subject = serde_json::json!({"reference": "Patient/doc-1"});
    let bundle = serde_json::json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "doc-1",
            "name": [{"family": "Files", "given": ["Dora"]}], "birthDate": "1970-01-01"}},
        {"resource": {"resourceType": "DocumentReference", "id": "doc-1-d", "status": "current",
            "type": {"text": "Letter"}, "subject": subject, "date": "2025-06-01T10:00:00Z",
            "content": [
                {"attachment": {"contentType": "text/html", "title": "Letter",
                    "data": encode("<script>parent.document.title='owned'</script>")}},
                {"attachment": {"contentType": "application/pdf", "title": "Letter (PDF)",
                    "data": encode("%PDF-1.4\n%%EOF\n")}}
            ]}}
    ]});
    app.services
        .records
        .import(
            Importer::CommandLine,
            vec![ImportFile {
                name: "doc.json".into(),
                text: bundle.to_string(),
            }],
            &RequestMeta::cli(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let (patient, _) = app
        .services
        .records
        .patient_by_fhir_id("doc-1")
        .await
        .unwrap();
    let code = app
        .identity
        .reissue_patient_code(Operator::CommandLine, &patient, &RequestMeta::cli())
        .await
        .unwrap();
    let cookie = cookie_pair(
        &enrol_over_http(&app, code.code.expose(), "1970-01-01")
            .await
            .0,
    );
    let entry = record_resource::Entity::find()
        .filter(record_resource::Column::PatientId.eq(patient.as_str()))
        .filter(record_resource::Column::ResourceType.eq("DocumentReference"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let get = |index: usize| {
        app.client
            .get(app.url(&format!("/files/records/{patient}/{entry}/{index}")))
            .header("cookie", cookie.clone())
            .send()
    };
    let html = get(0).await.unwrap();
    assert_eq!(html.status(), 200);
    let headers = html.headers().clone();
    assert_eq!(headers["content-type"], "application/octet-stream");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"Letter.html\"")
    );
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("sandbox")
    );
    let pdf = get(1).await.unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert_eq!(pdf.bytes().await.unwrap().as_ref(), b"%PDF-1.4\n%%EOF\n");
    assert_eq!(get(2).await.unwrap().status(), 404);
    let anonymous = app
        .client
        .get(app.url(&format!("/files/records/{patient}/{entry}/0")))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}
