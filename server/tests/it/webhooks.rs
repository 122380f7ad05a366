//! `POST /webhooks/stripe`: the card processor's events reach billing without a browser's
//! same-origin headers (the CSRF guard lets this one path through), are trusted only by their
//! signature, and are handled once; pages admit the processor's origins in their policy only
//! when it is set up.

use chrono::Utc;
use portico_domain::{billing::processor::sign, entities::audit_event};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{spawn_app, spawn_app_with};

const SECRET: &str = "whsec_http_test";

fn with_processor() -> [(&'static str, &'static str); 5] {
    [
        ("PORTICO_STRIPE_SECRET_KEY", "sk_test_http"),
        ("PORTICO_STRIPE_PUBLISHABLE_KEY", "pk_test_http"),
        ("PORTICO_STRIPE_WEBHOOK_SECRET", SECRET),
        ("PORTICO_STRIPE_API_BASE", "http://127.0.0.1:9"),
        (
            "PORTICO_STRIPE_SCRIPT_URL",
            "http://127.0.0.1:9/js.stripe.com/v3/",
        ),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn events_are_checked_by_signature_and_handled_once() {
    let app = spawn_app_with(&with_processor()).await;
    let payload = br#"{"id":"evt_http_1","type":"payment_intent.succeeded","data":{"object":{"id":"pi_unknown","status":"succeeded","amount":2500,"currency":"usd","metadata":{}}}}"#;
    let post = |signature: String| {
        app.client
            .post(app.url("/webhooks/stripe"))
            .header("content-type", "application/json")
            .header("stripe-signature", signature)
            .body(payload.to_vec())
            .send()
    };
    // Forged: refused for its signature (not by the CSRF guard), and audited.
    let forged = post(sign(payload, b"whsec_other", Utc::now()))
        .await
        .unwrap();
    assert_eq!(forged.status(), 400);
    let refused = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("billing.event.refused"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(refused.len(), 1);
    // Signed: handled (a payment Portico does not know changes nothing), then a duplicate.
    let signed = sign(payload, SECRET.as_bytes(), Utc::now());
    assert_eq!(post(signed.clone()).await.unwrap().status(), 200);
    assert_eq!(post(signed).await.unwrap().status(), 200);
    let page = app.client.get(app.url("/")).send().await.unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("connect-src 'self' http://127.0.0.1:9;"),
        "{csp}"
    );
    assert!(csp.contains("frame-src http://127.0.0.1:9;"), "{csp}");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_processor_there_is_no_webhook_and_no_processor_in_the_policy() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/webhooks/stripe"))
        .header("stripe-signature", "t=1,v1=00")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let page = app.client.get(app.url("/")).send().await.unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-src 'none';"), "{csp}");
}
