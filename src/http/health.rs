//! Liveness and readiness probes.

use axum::extract::State;
use axum::http::StatusCode;

use super::HttpState;

/// The process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The database answers and every migration is applied.
pub async fn readyz(State(state): State<HttpState>) -> (StatusCode, &'static str) {
    match state.store.ready().await {
        Ok(true) => (StatusCode::OK, "ready"),
        Ok(false) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unreachable"),
    }
}
