//! `POST /telegram/webhook`: verify the secret, parse, store durably, and only then answer 200.
//! Telegram re-delivers anything that did not get a 2xx, so a 200 is a promise the update is safe.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use secrecy::ExposeSecret;
use teloxide::types::Update;
use tracing::debug;

use super::inbound::{Translated, translate};
use crate::http::{ApiError, AppState};

const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<StatusCode, ApiError> {
    let expected = state.telegram_secret.as_ref().ok_or(ApiError::Unauthorized)?;
    let given = headers.get(SECRET_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
    if !constant_time_eq(given, expected.expose_secret().as_bytes()) {
        return Err(ApiError::Unauthorized);
    }
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

/// Compares secrets without leaking where they differ through timing.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
