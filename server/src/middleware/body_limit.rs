//! A cap on every request body. A declared `Content-Length` over the cap is refused before
//! reading; a chunked body is read up to the cap and refused as soon as it passes it. Either way
//! the answer is 413 and the handler never runs. The staff record import (FHIR files) has a cap
//! of its own: exports are large.

use axum::{
    body::Body,
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{StatusCode, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};

#[derive(Clone, Copy, Debug)]
pub struct BodyLimit {
    pub default: usize,
    /// For [`IMPORT_PATH`].
    pub import: usize,
}

/// The staff upload of FHIR files.
pub const IMPORT_PATH: &str = "/api/staff/import";

pub async fn limit_body(State(limits): State<BodyLimit>, request: Request, next: Next) -> Response {
    let limit = if request.uri().path() == IMPORT_PATH {
        limits.import
    } else {
        limits.default
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    let bytes = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(err) if err.is::<LengthLimitError>() => return too_large(),
        Err(_) => {
            return (
                StatusCode::BAD_REQUEST,
                "The request body could not be read.",
            )
                .into_response();
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn too_large() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        "The request is larger than this server accepts.",
    )
        .into_response()
}
