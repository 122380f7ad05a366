//! CSRF defence for every state-changing request. Browsers say where a request comes from in
//! `Sec-Fetch-Site`; only `same-origin` passes. Older browsers without it must send an `Origin`
//! equal to the configured public origin. A request with neither is refused: only browsers call
//! these endpoints, and failing closed costs nothing.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{Method, StatusCode};

use crate::config::Origin;

pub async fn csrf_guard(
    State(origin): State<Arc<Origin>>,
    request: Request,
    next: Next,
) -> Response {
    if is_safe(request.method()) || is_same_origin(&request, &origin) {
        return next.run(request).await;
    }
    tracing::warn!(method = %request.method(), path = request.uri().path(), "cross-site request refused");
    (
        StatusCode::FORBIDDEN,
        "This request was refused because it did not come from this site.",
    )
        .into_response()
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_same_origin(request: &Request, origin: &Origin) -> bool {
    let headers = request.headers();
    match headers.get("sec-fetch-site") {
        Some(site) => site.as_bytes() == b"same-origin",
        None => headers
            .get(http::header::ORIGIN)
            .is_some_and(|o| o.as_bytes() == origin.as_str().as_bytes()),
    }
}
