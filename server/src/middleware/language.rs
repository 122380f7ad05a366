//! The language of each request: the person's or browser's choice (the language cookie, which
//! signing in sets from the account's choice), else `Accept-Language`, else the clinic's default.
//! The app reads it from the request's extensions (`app::i18n::locale`); HTML answers say it in
//! `Content-Language`. `POST /language` is the header's language switcher.

use app::{
    api::server_context::cookie_value,
    i18n::{LANGUAGE_COOKIE, Locale, language_cookie},
};
use axum::{
    Form,
    extract::{FromRequest, Request, State},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use http::{HeaderValue, StatusCode, header};
use portico_domain::{
    audit::RequestMeta,
    i18n,
    identity::{CurrentSession, Identity},
};
use serde::Deserialize;

/// The language [`resolve_language`] chose for `request` (the default before it ran).
pub fn request_locale(request: &Request) -> Locale {
    request
        .extensions()
        .get::<Locale>()
        .copied()
        .unwrap_or_default()
}

/// Runs before the refusals of the other layers (cross-site, rate limit, body size), so that they
/// are said in the request's language too: it reads only headers.
pub async fn resolve_language(
    State(default): State<Locale>,
    mut request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let locale = i18n::negotiate(
        cookie_value(headers, LANGUAGE_COOKIE),
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
        default,
    );
    request.extensions_mut().insert(locale);
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        response.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(locale.tag()),
        );
    }
    response
}

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    #[serde(default)]
    back: String,
}

/// The switcher's form: keeps the language in this browser and, for a signed-in person, with
/// their account; then shows the page it came from again (only a path of this site).
pub async fn choose_language(identity: Identity, request: Request) -> Response {
    let session = request.extensions().get::<CurrentSession>().cloned();
    let meta = request
        .extensions()
        .get::<RequestMeta>()
        .cloned()
        .unwrap_or_default();
    let Ok(Form(form)) = Form::<LanguageForm>::from_request(request, &()).await else {
        return bad_request();
    };
    let Some(locale) = Locale::from_tag(&form.lang) else {
        return bad_request();
    };
    if let Some(session) = &session
        && let Err(err) = identity.set_language(session, locale, &meta).await
    {
        tracing::error!(error = %err, "could not keep the account's language");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let back = if is_local_path(&form.back) {
        form.back.as_str()
    } else {
        "/"
    };
    let mut response = Redirect::to(back).into_response();
    if let Ok(cookie) = HeaderValue::from_str(&language_cookie(locale)) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

fn bad_request() -> Response {
    (
        StatusCode::BAD_REQUEST,
        "Choose English (en) or Spanish (es).",
    )
        .into_response()
}

/// A path on this site (`/patients/…?page=2`), never another site (`//evil.example`,
/// `/\evil.example`, `https://…`).
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control())
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_paths_of_this_site_are_gone_back_to() {
        assert!(is_local_path("/patients/p1/records/results?page=2"));
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("/\\evil.example"));
        assert!(!is_local_path("https://evil.example/"));
        assert!(!is_local_path("/\r\nSet-Cookie: x=1"));
        assert!(!is_local_path(""));
    }
}
