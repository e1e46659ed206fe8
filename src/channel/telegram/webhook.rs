//! `POST /telegram/webhook`: verify the secret, parse, store durably, and only then answer 200.
//! Telegram re-delivers anything that did not get a 2xx, so a 200 is a promise the update is safe.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use teloxide::types::Update;
use tracing::debug;

use super::inbound::{Translated, translate};
use crate::http::{ApiError, AppState};

const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<StatusCode, ApiError> {
    crate::http::secret::require_header(state.telegram_secret.as_deref(), &headers, SECRET_HEADER)?;
    let update: Update = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("not a Telegram update: {}", crate::http::json_reason(&e))))?;
    match translate(&update, Utc::now()) {
        Translated::Event(event) => {
            state.inbox.accept(&event).await?;
        }
        Translated::Ignored(reason) => debug!(reason, "telegram update ignored"),
    }
    Ok(StatusCode::OK)
}
