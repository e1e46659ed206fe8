//! `GET /whatsapp/webhook` (Meta's verification handshake) and `POST /whatsapp/webhook`: verify the
//! signature over the raw body, parse, store every message durably, record delivery statuses, and only
//! then answer 200 — Meta re-delivers anything else, and a re-delivered `wamid` is one effect.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;
use secrecy::SecretString;
use tracing::debug;

use super::inbound::{DeliveryStatus as WaStatus, StatusUpdate};
use super::transport::KIND;
use super::webhook::{Handshake, verify_handshake};
use super::{Rejected, accept, translate};
use crate::channel::Intake;
use crate::http::ApiError;
use crate::store::{DeliveryReport, DeliveryStatus, Store};

const SIGNATURE_HEADER: &str = "x-hub-signature-256";

/// What the webhook needs: the secrets, the number it serves, and where events and reports go.
#[derive(Clone)]
pub struct WebhookState {
    pub app_secret: Arc<SecretString>,
    pub verify_token: Arc<SecretString>,
    pub phone_number_id: Arc<str>,
    pub intake: Arc<dyn Intake>,
    pub store: Arc<dyn Store>,
}

pub fn routes(state: WebhookState) -> Router {
    Router::new().route("/whatsapp/webhook", get(verify).post(receive)).with_state(state)
}

/// Meta's subscription check: the challenge back as the raw body, or 403.
async fn verify(State(state): State<WebhookState>, Query(query): Query<Handshake>) -> Response {
    match verify_handshake(&query, &state.verify_token) {
        Ok(challenge) => (StatusCode::OK, challenge.to_owned()).into_response(),
        Err(_) => (StatusCode::FORBIDDEN, "forbidden").into_response(),
    }
}

async fn receive(State(state): State<WebhookState>, headers: HeaderMap, body: Bytes) -> Result<StatusCode, ApiError> {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    let inbound = accept(&state.app_secret, &body, signature).map_err(|rejected| match rejected {
        Rejected::Unauthorized(_) => ApiError::Unauthorized,
        Rejected::BadRequest(e) => ApiError::BadRequest(format!("not a WhatsApp webhook: {e}")),
    })?;
    let now = Utc::now();
    for msg in &inbound.messages {
        if *msg.phone_number_id != *state.phone_number_id {
            debug!("whatsapp message for another phone number id ignored");
            continue;
        }
        state.intake.accept(&translate::event(msg, now)).await?;
    }
    for status in &inbound.statuses {
        record(&state, status).await?;
    }
    for ignored in &inbound.ignored {
        debug!(?ignored, "whatsapp webhook item ignored");
    }
    Ok(StatusCode::OK)
}

/// One status against the send job whose wamid it names; a status for a message we have no record of
/// (sent by another system on the same number, or purged) is ignored and counted.
async fn record(state: &WebhookState, status: &StatusUpdate) -> Result<(), ApiError> {
    let Some(job_id) = state.store.sent_job(KIND, &status.wamid).await? else {
        metrics::counter!("kentongan_delivery_unknown_total", "channel" => "whatsapp").increment(1);
        return Ok(());
    };
    let mapped = match status.status {
        WaStatus::Sent => DeliveryStatus::Sent,
        // Read implies delivered ("delivered" may be skipped when read at once).
        WaStatus::Delivered | WaStatus::Read => DeliveryStatus::Delivered,
        WaStatus::Failed => DeliveryStatus::Failed,
    };
    let detail = (!status.errors.is_empty())
        .then(|| status.errors.iter().map(|e| e.code.to_string()).collect::<Vec<_>>().join(","));
    let report =
        DeliveryReport { job_id, part: 0, provider: "whatsapp".into(), status: mapped, detail, at: Utc::now() };
    state.store.record_delivery(&report, KIND).await?;
    metrics::counter!("kentongan_delivery_reports_total", "channel" => "whatsapp", "status" => mapped.as_str())
        .increment(1);
    Ok(())
}
