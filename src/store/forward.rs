//! The part of the repository that forwarding, status updates, media and dead letters use.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{StoreResult, TicketRecord};
use crate::domain::{Address, TicketStatus};

/// Where a ticket stands with the central API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CentralRef {
    pub central_id: Option<String>,
    pub tracking_url: Option<String>,
    pub token: Option<String>,
}

/// A status reported by the central side (callback or poll), already mapped to our lifecycle.
#[derive(Debug, Clone, PartialEq)]
pub struct CentralUpdate {
    pub central_id: String,
    pub status: TicketStatus,
    pub note: Option<String>,
    /// The central side's own time of the change; with id and status it makes the dedupe key.
    pub central_updated_at: String,
    /// `callback` or `poll`.
    pub source: &'static str,
    pub now: DateTime<Utc>,
}

/// The one spelling of a central update time, so a callback and a poll of the same change match
/// and times compare as text.
pub fn central_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// What recording a central update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateOutcome {
    /// No ticket has that central ID.
    UnknownTicket,
    /// This exact update was recorded before.
    Duplicate,
    /// New report, but it changes nothing the reporter would see (same status and note), or it is
    /// older than a change already recorded.
    Unchanged,
    /// Status changed: history written and the reporter's notification queued.
    Changed,
}

/// A forwarded ticket the poller should ask about.
#[derive(Debug, Clone, PartialEq)]
pub struct PollTarget {
    pub ticket_id: Uuid,
    pub central_id: String,
    pub created_at: DateTime<Utc>,
}

/// One photo of a ticket and, once downloaded, where it lives.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaRow {
    pub position: i64,
    pub file_ref: String,
    pub token: Option<String>,
    pub path: Option<String>,
    pub mime: Option<String>,
}

/// An outbox row as operators see it.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub dedupe_key: String,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub run_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub payload: serde_json::Value,
}

/// Which dead letters to revive.
#[derive(Debug, Clone, PartialEq)]
pub enum Revive {
    AllDead,
    Key(String),
}

#[async_trait]
pub trait ForwardStore: Send + Sync {
    async fn ticket_by_id(&self, id: Uuid) -> StoreResult<Option<TicketRecord>>;
    async fn central_ref(&self, id: Uuid) -> StoreResult<CentralRef>;
    async fn record_token(&self, id: Uuid, token: &str) -> StoreResult<()>;
    /// Stores the central ID once, moves the ticket to `diteruskan`, queues the reporter's
    /// notification and completes `done_job`, atomically. Returns false when the ticket already had
    /// a central ID (the job is completed all the same).
    async fn record_forwarded(&self, forwarded: &Forwarded, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Everything the forward worker reads of several tickets, in a few queries; tickets not found are absent.
    async fn forward_inputs(&self, ids: &[Uuid]) -> StoreResult<std::collections::HashMap<Uuid, ForwardInput>>;
    /// `record_forwarded` for many tickets in one transaction (the forward worker's round).
    async fn record_forwarded_many(&self, forwarded: &[Forwarded], now: DateTime<Utc>) -> StoreResult<()>;
    async fn record_central_update(&self, update: &CentralUpdate) -> StoreResult<UpdateOutcome>;
    async fn due_polls(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<PollTarget>>;
    async fn schedule_poll(&self, id: Uuid, at: Option<DateTime<Utc>>) -> StoreResult<()>;

    async fn ticket_media(&self, id: Uuid) -> StoreResult<Vec<MediaRow>>;
    async fn record_media(&self, id: Uuid, position: i64, token: &str, path: &str, mime: &str) -> StoreResult<()>;
    async fn media_by_token(&self, token: &str) -> StoreResult<Option<(String, String)>>;

    async fn mark_unreachable(&self, address: &Address, reason: &str, now: DateTime<Utc>) -> StoreResult<()>;
    async fn is_unreachable(&self, address: &Address) -> StoreResult<bool>;

    /// Enqueues `jobs` and, when given, completes job `done` in the same transaction (a notification
    /// becomes a send, exactly once).
    async fn hand_over(&self, done: Option<i64>, jobs: &[super::NewJob], now: DateTime<Utc>) -> StoreResult<()>;

    /// Routing corrections (a citizen's "pilih instansi lain", an admin's re-route) as labelled
    /// examples: (complaint text, OPD code). The classifier trains on them above catalogue examples.
    async fn routing_corrections(&self) -> StoreResult<Vec<(String, String)>>;

    async fn list_jobs(&self, kind: &str, state: Option<&str>, limit: i64) -> StoreResult<Vec<JobRow>>;
    /// Puts dead letters back in the queue with a fresh retry budget; returns how many.
    async fn revive_jobs(&self, kind: &str, which: Revive, now: DateTime<Utc>) -> StoreResult<u64>;
}

/// A ticket the central API accepted, to record with its job.
#[derive(Debug, Clone, PartialEq)]
pub struct Forwarded {
    pub id: Uuid,
    pub central_id: String,
    pub tracking_url: Option<String>,
    pub first_poll: DateTime<Utc>,
    pub done_job: Option<i64>,
}

/// What the forward worker needs of one ticket, read together with the rest of its round.
#[derive(Debug, Clone, PartialEq)]
pub struct ForwardInput {
    pub central: CentralRef,
    pub record: TicketRecord,
    pub media: Vec<MediaRow>,
}
