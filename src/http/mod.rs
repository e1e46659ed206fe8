//! The HTTP surface: health, readiness, metrics and the channel webhooks.

mod error;
mod health;
pub mod metrics;
pub mod secret;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use secrecy::SecretString;

pub use error::{ApiError, json_reason};

use crate::inbox::Inbox;
use crate::store::Store;

/// What handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub inbox: Arc<Inbox>,
    /// Set when the Telegram webhook route is served.
    pub telegram_secret: Option<Arc<SecretString>>,
    pub metrics: metrics_exporter_prometheus::PrometheusHandle,
    /// Set when `POST /central/callback` is served (a callback secret is configured).
    pub callback: Option<Arc<crate::forward::callback::CallbackConfig>>,
    /// Wakes the notify worker after a status change.
    pub wake_notify: Arc<tokio::sync::Notify>,
    /// Set when at least one SMS provider is enabled.
    pub sms: Option<Arc<crate::channel::sms::SmsState>>,
}

pub fn router(state: AppState, body_limit: usize) -> Router {
    let mut router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .route("/media/{token}", get(crate::forward::media::serve));
    if state.telegram_secret.is_some() {
        router = router.route("/telegram/webhook", post(crate::channel::telegram::webhook::receive));
    }
    if state.callback.is_some() {
        router = router.route("/central/callback", post(crate::forward::callback::receive));
    }
    if let Some(sms) = &state.sms {
        router = crate::channel::sms::routes(router, &sms.settings);
    }
    router.layer(DefaultBodyLimit::max(body_limit)).with_state(state)
}
