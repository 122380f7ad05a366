//! `GET /healthz` for load balancers and orchestrators: 200 when the database answers, 503 when it
//! does not. It reveals nothing else.

use std::time::Duration;

use axum::{Json, extract::State, http::StatusCode};
use portico_domain::{DatabaseConnection, db};
use serde_json::{Value, json};

pub async fn healthz(State(db): State<DatabaseConnection>) -> (StatusCode, Json<Value>) {
    match tokio::time::timeout(Duration::from_secs(2), db::ping(&db)).await {
        Ok(Ok(())) => (StatusCode::OK, Json(json!({ "status": "ok", "db": "ok" }))),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "db": "unreachable" })),
            )
        }
        Err(_) => {
            tracing::warn!("health check: database timed out");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "db": "timeout" })),
            )
        }
    }
}
