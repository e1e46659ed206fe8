//! The android-sms-gateway webhook envelope and its events, as they travel.

use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::http::ApiError;
use crate::store::DeliveryStatus;

/// `{id, webhookId, event, deviceId, payload}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    pub id: String,
    pub event: String,
    #[serde(default)]
    pub payload: serde_json::Value,
}

/// `sms:received` payload: `messageId, message, sender, recipient, simNumber, receivedAt`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Received {
    message: String,
    sender: String,
    received_at: Option<String>,
}

/// `sms:sent` / `sms:delivered` / `sms:failed` payload: the `messageId` we gave when sending.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Status {
    message_id: String,
    reason: Option<String>,
}

pub enum Parsed {
    Received { delivery_id: String, from: String, text: String, received_at: Option<DateTime<Utc>> },
    Delivery { reference: String, status: DeliveryStatus, detail: Option<String> },
    Other(String),
}

pub fn parse(envelope: Envelope) -> Result<Parsed, ApiError> {
    // The id is the dedupe key: an empty one would make every later empty-id SMS a "duplicate".
    if envelope.id.trim().is_empty() {
        return Err(ApiError::BadRequest("envelope without id".into()));
    }
    let status = match envelope.event.as_str() {
        "sms:received" => {
            let p: Received = serde_json::from_value(envelope.payload)
                .map_err(|e| ApiError::BadRequest(format!("sms:received payload: {}", crate::http::json_reason(&e))))?;
            let received_at = p.received_at.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.to_utc());
            return Ok(Parsed::Received { delivery_id: envelope.id, from: p.sender, text: p.message, received_at });
        }
        "sms:sent" => DeliveryStatus::Sent,
        "sms:delivered" => DeliveryStatus::Delivered,
        "sms:failed" => DeliveryStatus::Failed,
        other => return Ok(Parsed::Other(other.to_owned())),
    };
    let p: Status = serde_json::from_value(envelope.payload)
        .map_err(|e| ApiError::BadRequest(format!("{} payload: {}", envelope.event, crate::http::json_reason(&e))))?;
    Ok(Parsed::Delivery { reference: p.message_id, status, detail: p.reason })
}

/// The `X-Signature` for `body` sent at `timestamp` (what the phone computes; used by tests and tools).
pub fn sign(key: &str, body: &[u8], timestamp: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    mac.update(timestamp.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}
