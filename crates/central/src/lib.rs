//! Clients for the central complaint API (a documented JSON contract for a LAPOR!-style endpoint, and
//! Open311 GeoReport v2): the interface the forward worker calls, the data crossing it, and the adapters.
//! Adapters only translate and classify failures; retries, leases and dead letters belong to the worker.

mod http;
mod json_api;
mod open311;
mod status_map;
mod title;

#[cfg(feature = "fake")]
pub mod fake;

pub use json_api::JsonApi;
pub use open311::{Open311Api, Open311Config};
pub use status_map::{default_status_map, map_status};
pub use title::title;

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A ticket as the central API receives it. Built by the forward worker from the stored ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForwardTicket {
    /// The ticket's UUID: sent as `Idempotency-Key`, so a retried create never makes a second ticket.
    pub id: Uuid,
    pub tracking_id: String,
    /// `pengaduan`, `aspirasi` or `permintaan_informasi`.
    pub report_type: String,
    /// Short title derived from the description (see `title.rs`).
    pub title: String,
    pub description: String,
    pub occurred_on: Option<NaiveDate>,
    /// (latitude, longitude)
    pub location: Option<(f64, f64)>,
    /// Address text typed by the citizen.
    pub address: Option<String>,
    pub opd_code: Option<String>,
    /// Open311 `service_code` for the OPD (from the catalogue or config).
    pub service_code: Option<String>,
    pub anonymous: bool,
    pub confidential: bool,
    /// Absent when the reporter chose anonymity: no identifying data leaves the gateway.
    pub reporter: Option<Reporter>,
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reporter {
    pub name: Option<String>,
    /// E.164, when known.
    pub phone: Option<String>,
    /// `telegram`, `sms`, `cli`.
    pub channel: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    /// Public URL under `public_base_url` (`/media/{token}`).
    pub url: String,
    pub mime: String,
}

/// What a successful create returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Created {
    /// The central ID is known.
    Done { central_id: String, tracking_url: Option<String> },
    /// Open311 answered with a `token`: the ID comes later from `resolve_token`.
    Pending { token: String },
}

/// The central side's view of a ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CentralStatus {
    /// The central API's own status word (`open`, `closed`, `diverifikasi`, …), mapped by config.
    pub status: String,
    /// The agency's response or status notes, when given.
    pub response_text: Option<String>,
    /// Who handles it on the central side (Open311 `agency_responsible`), when the server says.
    pub agency: Option<String>,
    /// The server's own time of the last change; missing on some servers, never trusted to order
    /// polls (see the gateway's `forward::observe`).
    pub updated_at: Option<DateTime<Utc>>,
}

/// Why a call failed, classified for the worker.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForwardError {
    /// Try again later (5xx, timeout, connection refused, 429). `retry_after` honours the server's header.
    /// `maybe_delivered`: the request may have reached the server and been acted on (a timeout, a 500, a
    /// 2xx we could not read) — a server without idempotency may already hold it.
    #[error("retryable: {reason}")]
    Retryable { reason: String, retry_after: Option<Duration>, maybe_delivered: bool },
    /// Retrying cannot help (4xx for a bad request, unknown service code): dead-letter at once.
    #[error("permanent: {reason}")]
    Permanent { reason: String },
}

impl ForwardError {
    /// Retryable, and the request cannot have been acted on.
    pub fn retryable(reason: impl Into<String>) -> Self {
        ForwardError::Retryable { reason: reason.into(), retry_after: None, maybe_delivered: false }
    }
    /// Retryable, but the server may hold the request already.
    pub fn uncertain(reason: impl Into<String>) -> Self {
        ForwardError::Retryable { reason: reason.into(), retry_after: None, maybe_delivered: true }
    }
    /// Whether the request may have reached the server and been acted on.
    pub fn maybe_delivered(&self) -> bool {
        matches!(self, ForwardError::Retryable { maybe_delivered: true, .. })
    }
    pub fn permanent(reason: impl Into<String>) -> Self {
        ForwardError::Permanent { reason: reason.into() }
    }
}

/// A central complaint API.
#[async_trait]
pub trait CentralApi: Send + Sync + 'static {
    /// Adapter name for logs and metrics (`json`, `open311`).
    fn name(&self) -> &'static str;
    /// Creates the ticket; safe to call again with the same ticket (idempotency key).
    async fn create(&self, ticket: &ForwardTicket) -> Result<Created, ForwardError>;
    /// Turns an Open311 token into a service request ID; `Ok(None)` while the server has none yet.
    async fn resolve_token(&self, token: &str) -> Result<Option<String>, ForwardError>;
    /// Reads the current status of a forwarded ticket.
    async fn status(&self, central_id: &str) -> Result<CentralStatus, ForwardError>;

    /// Whether a repeated `create` with the same ticket is safe (the server honours `Idempotency-Key`).
    /// When false, the worker calls `find_existing` before a create that may repeat an earlier attempt.
    fn idempotent_create(&self) -> bool {
        true
    }

    /// The central IDs of requests the server already holds for `ticket` (matched by its tracking ID),
    /// created at or after `since`. Only for servers that ignore `Idempotency-Key`; the default finds none.
    async fn find_existing(&self, ticket: &ForwardTicket, since: DateTime<Utc>) -> Result<Vec<String>, ForwardError> {
        let _ = (ticket, since);
        Ok(Vec::new())
    }
}
