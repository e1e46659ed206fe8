//! Kannel (operators and aggregators): inbound through an `sms-service` `get-url`, outbound through
//! smsbox `sendsms`, delivery reports through `dlr-url`. The snippet to paste into kannel.conf is in
//! docs/sms.md. Inbound is authenticated by a secret in the URL or by the caller's address.

mod query;
mod transport;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Query, RawQuery, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use secrecy::SecretString;

pub use transport::Transport;

use super::{Provider, ReceivedSms, SmsState};
use crate::config::KannelSettings;
use crate::http::ApiError;
use crate::store::DeliveryStatus;

type Params = Query<HashMap<String, String>>;

/// `GET /sms/kannel/receive?secret=…&id=%I&from=%p&to=%P&time=%T&charset=%C&text=%b`.
pub async fn receive(
    State(state): State<Arc<SmsState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    RawQuery(raw): RawQuery,
) -> Result<StatusCode, ApiError> {
    let settings = &state.settings.kannel;
    let raw = query::params(raw.as_deref().unwrap_or_default());
    let q: HashMap<String, String> =
        raw.iter().map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned())).collect();
    authorize(settings, settings.secret.as_ref(), &q, peer)?;
    let field = |name: &str| q.get(name).filter(|v| !v.is_empty()).cloned();
    let missing = |name: &str| ApiError::BadRequest(format!("missing {name}"));
    let text = raw.get("text").ok_or_else(|| missing("text (%b)"))?;
    let text =
        query::decode_text(text, field("charset").as_deref()).map_err(|reason| ApiError::BadRequest(reason.into()))?;
    let sms = ReceivedSms {
        provider: Provider::Kannel,
        delivery_id: field("id").ok_or_else(|| missing("id (%I)"))?,
        from: field("from").ok_or_else(|| missing("from (%p)"))?,
        text,
        received_at: field("time")
            .and_then(|t| t.parse::<i64>().ok())
            .and_then(|t| DateTime::from_timestamp(t, 0))
            .unwrap_or_else(Utc::now),
    };
    super::ingest(&state, sms).await?;
    // An empty answer: with `max-messages = 0` Kannel sends nothing back; replies go through sendsms.
    Ok(StatusCode::OK)
}

/// `GET /sms/kannel/dlr?secret=…&ref=JOB.PART&status=%d`.
pub async fn delivery(
    State(state): State<Arc<SmsState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(q): Params,
) -> Result<StatusCode, ApiError> {
    let settings = &state.settings.kannel;
    // Messages sent before a dlr_secret was configured carry the inbound secret in their dlr-url.
    authorize(settings, settings.dlr_secret.as_ref(), &q, peer)
        .or_else(|_| authorize(settings, settings.secret.as_ref(), &q, peer))?;
    let reference = q.get("ref").ok_or_else(|| ApiError::BadRequest("missing ref".into()))?;
    let code: u32 = q
        .get("status")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| ApiError::BadRequest("missing or invalid status (%d)".into()))?;
    let status = dlr_status(code).ok_or_else(|| ApiError::BadRequest(format!("unknown DLR type {code}")))?;
    let detail = q.get("answer").filter(|a| !a.is_empty() && status == DeliveryStatus::Failed).cloned();
    super::record_delivery(&state, Provider::Kannel, reference, status, detail).await?;
    Ok(StatusCode::OK)
}

/// The secret in the URL, always; and, when an allow-list is set, a caller on it. (The allow-list alone
/// would let the whole internet in behind a local reverse proxy.)
fn authorize(
    settings: &KannelSettings,
    secret: Option<&SecretString>,
    q: &HashMap<String, String>,
    peer: SocketAddr,
) -> Result<(), ApiError> {
    if !settings.allow_from.is_empty() && !settings.allow_from.contains(&peer.ip()) {
        return Err(ApiError::Unauthorized);
    }
    crate::http::secret::require(secret, q.get("secret").map(|s| s.as_bytes()))
}

/// Kannel's DLR types (`%d`): 1 delivered, 2 failed, 4 buffered, 8 submitted to the SMSC, 16 rejected by it.
pub fn dlr_status(code: u32) -> Option<DeliveryStatus> {
    Some(match code {
        1 => DeliveryStatus::Delivered,
        2 | 16 => DeliveryStatus::Failed,
        4 => DeliveryStatus::Queued,
        8 => DeliveryStatus::Sent,
        _ => return None,
    })
}
