//! Gammu SMSD with a USB GSM modem. SMSD runs `kentongan sms gammu-receive` per received message
//! (`RunOnReceive`); that command reads the `SMS_*`/`DECODED_*` environment and posts the message to
//! `POST /sms/gammu/receive` with a shared secret, then exits. Outbound runs `gammu-smsd-inject`.

pub mod env;
mod transport;

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};

pub use transport::Transport;

use super::{Ingested, Provider, ReceivedSms, SmsState};
use crate::http::ApiError;

/// The header carrying `sms.gammu.secret`.
pub const SECRET_HEADER: &str = "x-kentongan-secret";

/// What `gammu-receive` posts: the messages of one `RunOnReceive` call.
#[derive(Debug, Serialize, Deserialize)]
pub struct Batch {
    pub messages: Vec<Message>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Message {
    /// SMSD's message id(s), stable for the message: the dedupe key.
    pub id: String,
    pub number: String,
    pub text: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Receipt {
    pub accepted: usize,
    pub duplicates: usize,
    pub ignored: usize,
}

pub async fn receive(
    State(state): State<Arc<SmsState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Receipt>, ApiError> {
    let settings = &state.settings.gammu;
    crate::http::secret::require_header(settings.secret.as_ref(), &headers, SECRET_HEADER)?;
    let batch: Batch = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("not a gammu-receive batch: {}", crate::http::json_reason(&e))))?;
    if let Some(m) = batch.messages.iter().find(|m| m.id.is_empty() || m.number.is_empty()) {
        let field = if m.id.is_empty() { "id" } else { "number" };
        return Err(ApiError::BadRequest(format!("message without {field}")));
    }
    let mut receipt = Receipt { accepted: 0, duplicates: 0, ignored: 0 };
    for m in batch.messages {
        let sms = ReceivedSms {
            provider: Provider::Gammu,
            delivery_id: m.id,
            from: m.number,
            text: m.text,
            received_at: chrono::Utc::now(),
        };
        match super::ingest(&state, sms).await? {
            Ingested::Accepted => receipt.accepted += 1,
            Ingested::Duplicate => receipt.duplicates += 1,
            Ingested::NotAPhone | Ingested::Dropped => receipt.ignored += 1,
        }
    }
    Ok(Json(receipt))
}
