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
    mut request: Request,
    next: Next,
) -> Response {
    // The card processor's events are no browser's: their signature is checked instead.
    if is_safe(request.method()) || request.uri().path() == crate::webhooks::STRIPE_PATH {
        return next.run(request).await;
    }
    if is_same_origin(&request, &origin) {
        give_form_posts_a_way_back(&mut request, &origin);
        return next.run(request).await;
    }
    tracing::warn!(method = %request.method(), path = request.uri().path(), "cross-site request refused");
    let locale = crate::middleware::language::request_locale(&request);
    (
        StatusCode::FORBIDDEN,
        portico_domain::i18n::t(locale, "refused-cross-site"),
    )
        .into_response()
}

/// The pages that hold plain forms other than the home page's, by the server functions (path
/// prefixes) their forms post to.
const FORM_PAGES: [(&str, &str); 3] = [
    // The staff upload's page lists the job the form started.
    (crate::middleware::body_limit::IMPORT_PATH, "/staff/import"),
    ("/api/admin/schedule/", "/admin/schedule"),
    ("/api/account/notices/", "/security"),
];

/// A page without its script posts a plain form to a server function, which answers with a
/// redirect back to the `Referer` (the error, if any, in its query). Portico's
/// `Referrer-Policy: no-referrer` means browsers send none, so a same-origin form post that
/// accepts HTML and carries none is given the page that holds its form ([`FORM_PAGES`]) as where
/// it came from, or the home page: the other forms that work without the script live there or
/// return there.
fn give_form_posts_a_way_back(request: &mut Request, origin: &Origin) {
    let headers = request.headers();
    let accepts_html = headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if !accepts_html || headers.contains_key(http::header::REFERER) {
        return;
    }
    let path = request.uri().path();
    let page = FORM_PAGES
        .iter()
        .find(|(prefix, _)| path == *prefix || path.starts_with(prefix))
        .map_or("/", |(_, page)| page);
    let back = format!("{}{page}", origin.as_str().trim_end_matches('/'));
    if let Ok(value) = http::HeaderValue::from_str(&back) {
        request.headers_mut().insert(http::header::REFERER, value);
    }
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
