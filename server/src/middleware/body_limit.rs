//! A cap on every request body, applied after the cheap refusals (CSRF, the session, the rate
//! limit) and inside the request timeout, so nothing is read for a caller refused anyway. A
//! declared `Content-Length` over the cap is refused before reading; a chunked body is read up to the cap and refused as soon as it passes it. Either way
//! the answer is 413 and the handler never runs. The staff record import (FHIR files) has a cap
//! of its own, since exports are large, and is not read here: its server function checks who
//! asks before it reads a byte, then reads the files as they arrive (a body that passes the cap
//! on the way fails the upload). Its body must be a multipart form (415 otherwise). Files sent
//! with a message, and pictures of an insurance card, are read the same way, under the message's
//! caps.

use axum::{
    body::Body,
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{StatusCode, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use portico_domain::{i18n, identity::CurrentSession};

#[derive(Clone, Copy, Debug)]
pub struct BodyLimit {
    pub default: usize,
    /// For [`IMPORT_PATH`].
    pub import: usize,
    /// For [`ATTACHMENTS_PATH`].
    pub attachments: usize,
}

/// The staff upload of FHIR files.
pub const IMPORT_PATH: &str = "/api/staff/import";
/// Files sent with a message; read as they arrive by its server function, which asks the
/// policy before the first file and stops at the message's caps.
pub const ATTACHMENTS_PATH: &str = "/api/patient/messages/files";
/// A picture of the insurance card; read the same way, under the cap for one file.
pub const CARD_PATH: &str = "/api/patient/billing/card";

pub async fn limit_body(State(limits): State<BodyLimit>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let locale = crate::middleware::language::request_locale(&request);
    // Runs after the session is resolved and the rate limit is checked, inside the timeout: the
    // larger caps are for callers known to need them (staff for the import, a signed-in account
    // for files); anyone else gets the default cap.
    let role = request
        .extensions()
        .get::<CurrentSession>()
        .map(|s| s.account.role);
    let (streamed, limit) = match path {
        IMPORT_PATH if role.is_some_and(|r| r.is_staff()) => (true, limits.import),
        ATTACHMENTS_PATH | CARD_PATH if role.is_some() => (true, limits.attachments),
        IMPORT_PATH | ATTACHMENTS_PATH | CARD_PATH => (true, limits.default),
        _ => (false, limits.default),
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    // Without a session, an upload's function refuses (401, audited) before reading a byte.
    let anonymous_upload = streamed && role.is_none();
    if declared.is_some_and(|len| len > limit as u64) && !anonymous_upload {
        return too_large(locale);
    }
    let (parts, body) = request.into_parts();
    if streamed {
        let multipart = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| multer::parse_boundary(v).is_ok());
        if !multipart {
            return (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                i18n::t(locale, "refused-not-a-form"),
            )
                .into_response();
        }
        return next
            .run(Request::from_parts(
                parts,
                Body::new(Limited::new(body, limit)),
            ))
            .await;
    }
    let bytes = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(err) if err.is::<LengthLimitError>() => return too_large(locale),
        Err(_) => {
            return (
                StatusCode::BAD_REQUEST,
                i18n::t(locale, "refused-unreadable-body"),
            )
                .into_response();
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn too_large(locale: i18n::Locale) -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        i18n::t(locale, "refused-too-large"),
    )
        .into_response()
}
