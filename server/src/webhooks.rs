//! `POST /webhooks/stripe`: the card processor's events. Not a browser's request, so it passes
//! the CSRF guard; it is trusted only by its `Stripe-Signature`, which the billing service checks
//! (and audits when it fails) before anything else. Answers 200 once handled (or seen before),
//! 400 when the signature or the event is refused, 404 when the clinic has no processor set up.

use axum::{
    body::Bytes,
    extract::Request,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use portico_domain::{DomainError, audit::RequestMeta, billing::Billing};

pub const STRIPE_PATH: &str = "/webhooks/stripe";

pub async fn stripe_event(billing: Billing, request: Request) -> Response {
    let meta = request
        .extensions()
        .get::<RequestMeta>()
        .cloned()
        .unwrap_or_default();
    let signature = request
        .headers()
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body: Bytes = match axum::body::to_bytes(request.into_body(), 1024 * 1024).await {
        Ok(body) => body,
        Err(_) => {
            return (StatusCode::PAYLOAD_TOO_LARGE, "The event is too large.").into_response();
        }
    };
    match billing.handle_event(&body, &signature, &meta).await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(DomainError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(DomainError::Validation { message, .. }) => {
            (StatusCode::BAD_REQUEST, message.to_string()).into_response()
        }
        Err(other) => {
            // The processor sends the event again later.
            tracing::error!(error = %other, "a card processor event could not be handled");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
