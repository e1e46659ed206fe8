//! `POST /central/callback`: the central API tells us a status changed. Signed with HMAC-SHA256
//! over `timestamp + "." + body`; stale timestamps and bad signatures get 401 and change nothing;
//! the same update twice is recorded once; whether it is news is decided by `observe`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::Utc;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use sha2::Sha256;

use super::observe::{self, Outcome, Report, Rules, Source, Verdict};
use crate::domain::TicketStatus;
use crate::http::ApiError;
use crate::store::Store;

pub const TIMESTAMP_HEADER: &str = "x-kentongan-timestamp";
pub const SIGNATURE_HEADER: &str = "x-kentongan-signature";

/// What the callback route needs to know.
pub struct CallbackConfig {
    pub secret: SecretString,
    pub max_skew_secs: i64,
    pub map: BTreeMap<String, TicketStatus>,
    pub rules: Rules,
}

#[derive(Deserialize)]
struct Body {
    central_id: String,
    status: String,
    response_text: Option<String>,
    #[serde(default)]
    agency: Option<String>,
    updated_at: String,
}

/// Lowercase hex HMAC-SHA256 of `timestamp.body` — what the central side must send.
pub fn sign(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

fn verify(cfg: &CallbackConfig, headers: &HeaderMap, body: &[u8]) -> Result<(), ApiError> {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok()).ok_or(ApiError::Unauthorized);
    let timestamp = header(TIMESTAMP_HEADER)?;
    let signature = hex::decode(header(SIGNATURE_HEADER)?).map_err(|_| ApiError::Unauthorized)?;
    let sent: i64 = timestamp.parse().map_err(|_| ApiError::Unauthorized)?;
    if Utc::now().timestamp().abs_diff(sent) > cfg.max_skew_secs.unsigned_abs() {
        return Err(ApiError::Unauthorized);
    }
    let mut mac =
        Hmac::<Sha256>::new_from_slice(cfg.secret.expose_secret().as_bytes()).map_err(|_| ApiError::Unauthorized)?;
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    // verify_slice compares in constant time.
    mac.verify_slice(&signature).map_err(|_| ApiError::Unauthorized)
}

/// What the callback route shares: its configuration, the store, and the notify worker's wake-up.
#[derive(Clone)]
pub struct CallbackState {
    pub config: Arc<CallbackConfig>,
    pub store: Arc<dyn Store>,
    /// Wakes the notify worker after a status change.
    pub wake_notify: Arc<tokio::sync::Notify>,
}

/// `POST /central/callback`, with its own state.
pub fn routes(state: CallbackState) -> Router {
    Router::new().route("/central/callback", post(receive)).with_state(state)
}

pub async fn receive(
    State(state): State<CallbackState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, &'static str), ApiError> {
    let cfg = state.config.as_ref();
    verify(cfg, &headers, &body)?;
    let parsed: Body = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("invalid callback body: {}", crate::http::json_reason(&e))))?;
    let status = super::lookup_status(&cfg.map, &parsed.status)
        .ok_or_else(|| ApiError::BadRequest("unknown status word (see central.status_map)".into()))?;
    let updated_at = chrono::DateTime::parse_from_rfc3339(&parsed.updated_at)
        .map_err(|_| ApiError::BadRequest("updated_at: not an RFC 3339 time".into()))?;
    let report = Report {
        word: parsed.status,
        status,
        note: parsed.response_text,
        agency: parsed.agency,
        central_at: Some(updated_at.with_timezone(&Utc)),
        source: Source::Callback,
        now: Utc::now(),
    };
    match observe::record(&state.store, &cfg.rules, &parsed.central_id, &report).await? {
        Outcome::UnknownTicket => Ok((StatusCode::NOT_FOUND, "unknown central_id")),
        Outcome::Recorded(Verdict::Unchanged) => Ok((StatusCode::OK, "unchanged")),
        Outcome::Recorded(Verdict::Stale) => Ok((StatusCode::OK, "older than a recorded change")),
        Outcome::Recorded(Verdict::Baseline | Verdict::Noted) => Ok((StatusCode::OK, "noted")),
        Outcome::Recorded(Verdict::Changed { .. }) => {
            state.wake_notify.notify_one();
            Ok((StatusCode::OK, "recorded"))
        }
    }
}
