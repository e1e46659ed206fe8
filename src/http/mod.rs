//! The HTTP surface: health, readiness and metrics, merged with the routers the rooms bring (each
//! channel's webhooks, the central callback, media) — each with its own state. This room names none
//! of them: it merges what `app` hands it and maps errors (`ApiError`) in one place.

mod error;
mod health;
pub mod metrics;
pub mod secret;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;

pub use error::{ApiError, json_reason};

use crate::store::Store;

/// What the probes and `/metrics` share.
#[derive(Clone)]
pub struct HttpState {
    pub store: Arc<dyn Store>,
    pub metrics: metrics_exporter_prometheus::PrometheusHandle,
}

/// Health, readiness and metrics, with every router of `parts` merged in, under one body limit.
pub fn router(state: HttpState, parts: Vec<Router>, body_limit: usize) -> Router {
    let mut router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .with_state(state);
    for part in parts {
        router = router.merge(part);
    }
    router.layer(DefaultBodyLimit::max(body_limit))
}
