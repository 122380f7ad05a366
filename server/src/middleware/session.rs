//! Finds the session behind the request's cookie and records where the request came from. Runs
//! on every request (after the CSRF guard): server functions and page renders read the
//! [`CurrentSession`] and [`RequestMeta`] from the request's extensions. A cookie naming a dead
//! session is cleared in the response.

use std::net::SocketAddr;

use app::api::server_context::{SESSION_COOKIE, cookie_value, expired_session_cookie};
use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{HeaderValue, StatusCode, header};
use portico_domain::{
    audit::RequestMeta,
    identity::{Identity, SessionLookup},
};

use super::request_id::REQUEST_ID;

/// The one endpoint that reads the session without counting as activity.
pub const STATUS_PATH: &str = "/api/session/status";

/// Paths that never need a session: static files (served before any session work).
fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/icons/")
        || path == "/favicon.ico"
        || path == "/manifest.webmanifest"
        || path == "/healthz"
}

/// What the session layer needs: the identity service, and whether a reverse proxy in front of
/// Portico reports the client's address in `X-Forwarded-For`.
#[derive(Clone)]
pub struct SessionLayer {
    pub identity: Identity,
    pub trust_proxy: bool,
}

/// The client's address: the peer, or behind a trusted proxy the last address it appended to
/// `X-Forwarded-For` (earlier entries come from the client and prove nothing).
fn client_ip(request: &Request, trust_proxy: bool) -> Option<String> {
    if trust_proxy
        && let Some(forwarded) = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| v.parse::<std::net::IpAddr>().is_ok())
    {
        return Some(forwarded.to_owned());
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
}

pub fn request_meta(request: &Request, trust_proxy: bool) -> RequestMeta {
    let header = |name: &http::HeaderName| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    RequestMeta {
        ip: client_ip(request, trust_proxy),
        user_agent: header(&header::USER_AGENT),
        request_id: header(&REQUEST_ID),
        // Only the functions that open a session read the device cookie (and set one).
        device: None,
    }
}

pub async fn resolve_session(
    State(SessionLayer {
        identity,
        trust_proxy,
    }): State<SessionLayer>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if is_static(&path) {
        return next.run(request).await;
    }
    let meta = request_meta(&request, trust_proxy);
    let token = cookie_value(request.headers(), SESSION_COOKIE).map(str::to_owned);
    let mut clear_cookie = false;
    if let Some(token) = token {
        match identity
            .resolve_session(&token, &meta, path != STATUS_PATH)
            .await
        {
            Ok(SessionLookup::Active(session)) => {
                request.extensions_mut().insert(*session);
            }
            Ok(SessionLookup::Expired | SessionLookup::Unknown) => clear_cookie = true,
            Err(err) => {
                tracing::error!(error = %err, "session lookup failed");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        }
    }
    request.extensions_mut().insert(meta);
    let mut response = next.run(request).await;
    if clear_cookie && !response.headers().contains_key(header::SET_COOKIE) {
        response.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_static(expired_session_cookie()),
        );
    }
    response
}
