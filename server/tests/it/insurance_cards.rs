//! Pictures of the insurance card over HTTP: a multipart form read only once the caller may
//! write on the patient's bill, stored without the photo's metadata, and shown back (the billing
//! scope) as an image that is saved, never run as a page.

use image::{ImageEncoder, codecs::jpeg::JpegEncoder};
use portico_domain::entities::audit_event;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{patient_cookie, spawn_app, staff_cookie};

const BOUNDARY: &str = "portico-card-boundary";

fn form(patient: &str, side: &str, name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    for (field, value) in [("patient_id", patient), ("side", side)] {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: image/jpeg\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// A photo of a card as a phone takes it: a JPEG whose EXIF names where it was taken.
fn phone_photo() -> Vec<u8> {
    let mut exif = b"II\x2a\0\x08\0\0\0\x01\0\x0e\x01\x02\0\x10\0\0\0\x1a\0\0\0\0\0\0\0".to_vec();
    exif.extend_from_slice(b"Taken 12 Elm St\0");
    let mut bytes = Vec::new();
    let mut encoder = JpegEncoder::new(&mut bytes);
    encoder.set_exif_metadata(exif).unwrap();
    encoder
        .write_image(
            &[180u8; 16 * 10 * 3],
            16,
            10,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn card_pictures_are_cleaned_kept_per_side_and_shown_only_to_the_billing_scope() {
    let app = spawn_app().await;
    let (patient, cookie) = patient_cookie(&app, "Ida", "Insured", "1975-05-05").await;
    let send = |cookie: Option<&str>, body: Vec<u8>| {
        let mut request = app
            .same_origin_post_as(
                "/api/patient/billing/card",
                &format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie.to_owned());
        }
        request.send()
    };
    let photo = phone_photo();
    assert!(contains(&photo, b"Elm St"), "the fixture carries the place");

    // Anonymous: 401. A PDF, a page named .jpg, an unknown side: 422, nothing stored.
    let anonymous = send(None, form(&patient, "front", "card.jpg", &photo))
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    for (side, name, bytes) in [
        ("front", "card.pdf", b"%PDF-1.4\n%%EOF\n".as_slice()),
        (
            "front",
            "card.jpg",
            b"<html><script>alert(1)</script>".as_slice(),
        ),
        ("middle", "card.jpg", photo.as_slice()),
    ] {
        let refused = send(Some(&cookie), form(&patient, side, name, bytes))
            .await
            .unwrap();
        assert_eq!(refused.status(), 422, "{side} {name}");
    }
    let href = format!("/files/insurance/{patient}/front");
    let get = |cookie: Option<String>| {
        let mut request = app.client.get(app.url(&href));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send()
    };
    assert_eq!(get(Some(cookie.clone())).await.unwrap().status(), 404);

    // The photo goes up; the bill lists it; it comes back a JPEG without the place.
    let ok = send(
        Some(&cookie),
        form(&patient, "front", "IMG_0001.jpg", &photo),
    )
    .await
    .unwrap();
    assert!(ok.status().is_success(), "{}", ok.status());
    let page: serde_json::Value = app
        .same_origin_post("/api/patient/billing")
        .header("cookie", &cookie)
        .body(format!("patient_id={patient}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["cards"][0]["href"], href.as_str());
    assert!(page["cards"][1]["href"].is_null(), "no back yet: {page}");
    let file = get(Some(cookie.clone())).await.unwrap();
    assert_eq!(file.status(), 200);
    let headers = file.headers().clone();
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"insurance-card-front.jpg\"")
    );
    let bytes = file.bytes().await.unwrap();
    assert!(!contains(&bytes, b"Elm St"));
    assert!(!contains(&bytes, b"Exif"));
    let again = image::load_from_memory(&bytes).unwrap();
    assert_eq!((again.width(), again.height()), (16, 10));

    // Billing staff and the front desk see it; a clinician (no billing scope) does not.
    for (name, role, status) in [
        ("Bea Billing", "billing", 200),
        ("Fran Desk", "front-desk", 200),
        ("Dr Cole", "clinician", 403),
    ] {
        let staff = staff_cookie(&app, name, role).await;
        assert_eq!(get(Some(staff)).await.unwrap().status(), status, "{role}");
    }
    assert_eq!(get(None).await.unwrap().status(), 401);

    // A new picture replaces the old; removing leaves none; every step is in the audit.
    let png = {
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::new_rgb8(4, 3)
            .write_to(&mut out, image::ImageFormat::Png)
            .unwrap();
        out.into_inner()
    };
    let replaced = send(Some(&cookie), form(&patient, "front", "new.png", &png))
        .await
        .unwrap();
    assert!(replaced.status().is_success());
    let file = get(Some(cookie.clone())).await.unwrap();
    assert_eq!(file.headers()["content-type"], "image/png");
    let removed = app
        .same_origin_post("/api/patient/billing/card/remove")
        .header("cookie", &cookie)
        .body(format!("patient_id={patient}&side=front"))
        .send()
        .await
        .unwrap();
    assert!(removed.status().is_success(), "{}", removed.status());
    assert_eq!(get(Some(cookie.clone())).await.unwrap().status(), 404);
    let actions: Vec<String> = audit_event::Entity::find()
        .filter(audit_event::Column::ActingForPatientId.eq(patient.as_str()))
        .filter(audit_event::Column::Action.starts_with("billing.card."))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in [
        "billing.card.upload",
        "billing.card.view",
        "billing.card.remove",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
}
