//! Security headers on every response, and a fresh CSP nonce per request. The nonce goes into the
//! request's extensions, where the Leptos context picks it up for the hydration scripts, and into
//! the `Content-Security-Policy` header of the response.

use axum::{extract::Request, middleware::Next, response::Response};
use base64::{Engine, engine::general_purpose::STANDARD};
use http::{HeaderName, HeaderValue, header};
use rand::RngCore;

/// The nonce of the current request, as it appears in the CSP header.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

impl CspNonce {
    /// 128 random bits from a CSPRNG seeded by the operating system.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        Self(STANDARD.encode(bytes))
    }
}

pub fn content_security_policy(nonce: &CspNonce) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'",
        nonce.0
    )
}

pub async fn security_headers(mut request: Request, next: Next) -> Response {
    let nonce = CspNonce::generate();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;

    let headers = response.headers_mut();
    let csp = HeaderValue::from_str(&content_security_policy(&nonce))
        .expect("base64 nonce is a valid header value");
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    let fixed: [(HeaderName, &str); 6] = [
        (
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=(self)",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // Anything not explicitly marked cacheable (static assets are) may hold PHI: never store it.
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}
