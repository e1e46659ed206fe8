//! Twilio Programmable Messaging: form webhooks signed with `X-Twilio-Signature`, a TwiML answer,
//! status callbacks, and `Messages.json` out. (Twilio cannot receive SMS in Indonesia; it is the
//! international option.)

mod signature;
mod transport;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use chrono::Utc;
use secrecy::ExposeSecret;

pub use signature::{sign, verify};
pub use transport::Transport;

use super::{Provider, ReceivedSms, SmsState};
use crate::config::TwilioSettings;
use crate::http::ApiError;
use crate::store::DeliveryStatus;

/// An empty TwiML answer: replies go out through the API, paced like every other SMS.
const EMPTY_TWIML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

/// `POST /sms/twilio/webhook`: `MessageSid, From, To, Body, …`.
pub async fn receive(
    State(state): State<Arc<SmsState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<impl IntoResponse, ApiError> {
    let settings = &state.settings.twilio;
    let url = settings.webhook_url.as_deref().ok_or(ApiError::Unauthorized)?;
    let params = checked_params(settings, url, &headers, &body)?;
    let get = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let missing = |name: &str| ApiError::BadRequest(format!("missing {name}"));
    let sms = ReceivedSms {
        provider: Provider::Twilio,
        delivery_id: get("MessageSid").or_else(|| get("SmsSid")).ok_or_else(|| missing("MessageSid"))?,
        from: get("From").ok_or_else(|| missing("From"))?,
        text: get("Body").ok_or_else(|| missing("Body"))?,
        received_at: Utc::now(),
    };
    super::ingest(&state, sms).await?;
    Ok(([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], EMPTY_TWIML))
}

/// `POST /sms/twilio/status?ref=JOB.PART`: `MessageStatus` for a message we sent.
pub async fn status(
    State(state): State<Arc<SmsState>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let base = state.settings.public_base_url.as_deref().ok_or(ApiError::Unauthorized)?;
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let url = format!("{}{path}", base.trim_end_matches('/'));
    let params = checked_params(&state.settings.twilio, &url, &headers, &body)?;
    let reference = uri
        .query()
        .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "ref").map(|(_, v)| v.into_owned()))
        .ok_or_else(|| ApiError::BadRequest("missing ref".into()))?;
    let get = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let raw = get("MessageStatus").ok_or_else(|| ApiError::BadRequest("missing MessageStatus".into()))?;
    let status = message_status(&raw).ok_or_else(|| ApiError::BadRequest(format!("unknown MessageStatus {raw:?}")))?;
    let detail = get("ErrorCode").filter(|_| status == DeliveryStatus::Failed).map(|c| format!("twilio error {c}"));
    super::record_delivery(&state, Provider::Twilio, &reference, status, detail).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The form parameters, after the signature over `url` and them checked out.
fn checked_params(
    settings: &TwilioSettings,
    url: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<(String, String)>, ApiError> {
    let token = settings.auth_token.as_ref().ok_or(ApiError::Unauthorized)?;
    let given = headers.get("x-twilio-signature").and_then(|v| v.to_str().ok()).ok_or(ApiError::Unauthorized)?;
    let params: Vec<(String, String)> =
        form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    if !verify(token.expose_secret(), url, &params, given) {
        return Err(ApiError::Unauthorized);
    }
    Ok(params)
}

/// Twilio's `MessageStatus` values, folded into ours.
pub fn message_status(s: &str) -> Option<DeliveryStatus> {
    Some(match s {
        "accepted" | "scheduled" | "queued" | "sending" => DeliveryStatus::Queued,
        "sent" => DeliveryStatus::Sent,
        "delivered" | "read" | "receiving" | "received" => DeliveryStatus::Delivered,
        "undelivered" | "failed" | "canceled" => DeliveryStatus::Failed,
        _ => return None,
    })
}
