//! What a server function can reach on the server: the database and the current request.

use http::request::Parts;
use leptos::prelude::use_context;
use portico_domain::DatabaseConnection;
use portico_domain::DomainError;

/// Provided to every server function and page render by the server crate.
#[derive(Clone)]
pub struct ServerContext {
    pub db: DatabaseConnection,
}

/// The request id header set by the server's middleware.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

pub fn server_context() -> Result<ServerContext, DomainError> {
    use_context::<ServerContext>().ok_or_else(|| {
        DomainError::Internal("ServerContext missing from the Leptos context".into())
    })
}

pub fn request_id() -> Option<String> {
    let parts = use_context::<Parts>()?;
    let value = parts.headers.get(REQUEST_ID_HEADER)?;
    value.to_str().ok().map(str::to_owned)
}
