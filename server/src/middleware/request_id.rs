//! Every request gets an id of ours (a client-sent `x-request-id` is discarded, so nobody can
//! inject text into our logs). The id is on every log line of the request, on the response, and
//! on error pages, so support can find the details.

use axum::extract::Request;
use http::HeaderName;
use tower_http::{
    classify::ServerErrorsFailureClass,
    request_id::{MakeRequestId, RequestId},
    trace::{MakeSpan, OnFailure, OnResponse},
};
use tracing::{Level, Span};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub async fn drop_client_request_id(mut request: Request) -> Request {
    request.headers_mut().remove(REQUEST_ID);
    request
}

#[derive(Clone, Copy, Default)]
pub struct MakeUuid;

impl MakeRequestId for MakeUuid {
    fn make_request_id<B>(&mut self, _: &http::Request<B>) -> Option<RequestId> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        Some(RequestId::new(id.parse().ok()?))
    }
}

/// The request span: id, method and path. Never the query string, headers or body.
#[derive(Clone, Copy, Default)]
pub struct RequestSpan;

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, request: &http::Request<B>) -> Span {
        let id = request
            .headers()
            .get(REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        tracing::span!(Level::INFO, "request", request_id = id, method = %request.method(), path = request.uri().path())
    }
}

#[derive(Clone, Copy, Default)]
pub struct LogResponse;

impl<B> OnResponse<B> for LogResponse {
    fn on_response(self, response: &http::Response<B>, latency: std::time::Duration, _: &Span) {
        tracing::info!(
            status = response.status().as_u16(),
            latency_ms = latency.as_millis() as u64,
            "response"
        );
    }
}

#[derive(Clone, Copy, Default)]
pub struct LogFailure;

impl OnFailure<ServerErrorsFailureClass> for LogFailure {
    fn on_failure(
        &mut self,
        class: ServerErrorsFailureClass,
        latency: std::time::Duration,
        _: &Span,
    ) {
        tracing::error!(failure = %class, latency_ms = latency.as_millis() as u64, "request failed");
    }
}
