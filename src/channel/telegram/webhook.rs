//! `POST /telegram/webhook`: verify the secret, parse, store durably, and only then answer 200.
//! Telegram re-delivers anything that did not get a 2xx, so a 200 is a promise the update is safe.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::Utc;
use secrecy::SecretString;
use teloxide::types::Update;
use tracing::debug;

use super::inbound::{Translated, translate};
use crate::channel::Intake;
use crate::http::ApiError;

const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// What the webhook route needs: the secret Telegram sends back, and where events go.
#[derive(Clone)]
pub struct WebhookState {
    pub secret: Arc<SecretString>,
    pub intake: Arc<dyn Intake>,
}

/// `POST /telegram/webhook`, with its own state.
pub fn routes(state: WebhookState) -> Router {
    Router::new().route("/telegram/webhook", post(receive)).with_state(state)
}

pub async fn receive(
    State(state): State<WebhookState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    crate::http::secret::require_header(Some(&state.secret), &headers, SECRET_HEADER)?;
    let update: Update = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("not a Telegram update: {}", crate::http::json_reason(&e))))?;
    match translate(&update, Utc::now()) {
        Translated::Event(event) => {
            state.intake.accept(&event).await?;
        }
        Translated::Ignored(reason) => debug!(reason, "telegram update ignored"),
    }
    Ok(StatusCode::OK)
}
