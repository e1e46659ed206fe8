//! android-sms-gateway (an Android phone with a SIM as the gateway): webhook in, device API out.
//!
//! Inbound `POST /sms/android/webhook`: `X-Signature` is lowercase hex HMAC-SHA256(signing key, raw
//! body followed by the `X-Timestamp` string); stale timestamps are refused. The envelope `id` is
//! stable across the app's retries and is the dedupe key (`messageId` is only a content hash).

mod transport;
mod wire;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::ExposeSecret;
use sha2::Sha256;
use tracing::debug;

pub use transport::Transport;
pub use wire::sign;

use super::{Provider, ReceivedSms, SmsState};
use crate::config::AndroidSettings;
use crate::http::ApiError;
use wire::{Envelope, Parsed};

pub async fn receive(
    State(state): State<Arc<SmsState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let settings = &state.settings.android;
    verify(settings, &headers, &body, Utc::now().timestamp())?;
    let envelope: Envelope = serde_json::from_slice(&body).map_err(|e| {
        ApiError::BadRequest(format!("not an android-sms-gateway webhook: {}", crate::http::json_reason(&e)))
    })?;
    match wire::parse(envelope)? {
        Parsed::Received { delivery_id, from, text, received_at } => {
            let sms = ReceivedSms {
                provider: Provider::Android,
                delivery_id,
                from,
                text,
                received_at: received_at.unwrap_or_else(Utc::now),
            };
            super::ingest(&state, sms).await?;
        }
        Parsed::Delivery { reference, status, detail } => {
            // Messages sent from the phone by hand carry ids we never issued: acknowledged, nothing recorded
            // (a non-2xx would only make the app retry).
            match super::record_delivery(&state, Provider::Android, &reference, status, detail).await {
                Ok(()) | Err(ApiError::BadRequest(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Parsed::Other(event) => debug!(event, "android-sms-gateway event ignored"),
    }
    Ok(StatusCode::OK)
}

/// Checks the signature over body + timestamp, and that the timestamp is fresh.
pub fn verify(settings: &AndroidSettings, headers: &HeaderMap, body: &[u8], now: i64) -> Result<(), ApiError> {
    let key = settings.signing_key.as_ref().ok_or(ApiError::Unauthorized)?;
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok()).ok_or(ApiError::Unauthorized);
    let timestamp = header("x-timestamp")?;
    let signature = hex::decode(header("x-signature")?.trim()).map_err(|_| ApiError::Unauthorized)?;
    let sent: i64 = timestamp.trim().parse().map_err(|_| ApiError::Unauthorized)?;
    if now.abs_diff(sent) > settings.max_skew_secs.unsigned_abs() {
        return Err(ApiError::Unauthorized);
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(key.expose_secret().as_bytes()).map_err(|_| ApiError::Unauthorized)?;
    mac.update(body);
    mac.update(timestamp.as_bytes());
    // verify_slice compares in constant time.
    mac.verify_slice(&signature).map_err(|_| ApiError::Unauthorized)
}
