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
    /// Since when an earlier create may have reached the server (timeout, 500, unreadable 2xx).
    pub uncertain_since: Option<DateTime<Utc>>,
}

/// What the gateway knows of a ticket's central side: the reporter's status and the last observation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CentralSeen {
    /// The ticket's status as the reporter last heard it.
    pub status: Option<TicketStatus>,
    /// The central status word last observed; `None` before the first observation.
    pub word: Option<String>,
    pub note: Option<String>,
    pub agency: Option<String>,
    /// The newest believable central timestamp seen (the server's clock).
    pub seen_at: Option<DateTime<Utc>>,
    /// When the last observation was recorded (our clock).
    pub observed_at: Option<DateTime<Utc>>,
    /// Bumped by every kept observation: the compare-and-set key of `write_central`.
    pub version: i64,
}

/// A ticket found by its central ID, with what we know of its central side.
#[derive(Debug, Clone, PartialEq)]
pub struct CentralTicket {
    pub id: Uuid,
    pub tracking_id: String,
    pub seen: CentralSeen,
}

/// One observation to keep, decided above the store.
#[derive(Debug, Clone, PartialEq)]
pub struct CentralWrite {
    pub ticket_id: Uuid,
    /// `CentralSeen::version` as read: the write happens only if nobody recorded another since.
    pub expected_version: i64,
    pub word: String,
    pub note: Option<String>,
    pub agency: Option<String>,
    pub seen_at: Option<DateTime<Utc>>,
    /// A change the reporter hears of: the new status and its note (history row + notify job).
    pub change: Option<(TicketStatus, Option<String>)>,
    /// `poll` or `callback`, for the history.
    pub source: &'static str,
    /// The central side says the ticket is final: stop polling it. When false, a ticket that had left the
    /// schedule (a final state, reopened) is put back on it at `now`.
    pub stop_polling: bool,
    pub now: DateTime<Utc>,
}

/// A forwarded ticket whose create may have been repeated: look for requests besides ours.
#[derive(Debug, Clone, PartialEq)]
pub struct OrphanCheck {
    pub ticket_id: Uuid,
    pub central_id: String,
    pub created_at: DateTime<Utc>,
    /// Looks that failed so far (the listing timed out or answered 5xx).
    pub failed_looks: i64,
}

/// A suspected duplicate central request of a ticket, as operators see it.
#[derive(Debug, Clone, PartialEq)]
pub struct OrphanRow {
    pub tracking_id: String,
    /// The ticket's own central ID.
    pub kept: Option<String>,
    /// The other request; `None` when the server could not be checked.
    pub central_id: Option<String>,
    pub detail: String,
    pub found_at: DateTime<Utc>,
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
    /// Why the channel refused this photo for good; such a photo is not asked for again.
    pub unavailable: Option<String>,
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
    /// The ticket with this central ID and what we know of its central side.
    async fn central_ticket(&self, central_id: &str) -> StoreResult<Option<CentralTicket>>;
    /// Keeps an observation (and, for a change, the history row and the reporter's notification)
    /// atomically; false when another observation was recorded since `expected_observed_at`.
    async fn write_central(&self, write: &CentralWrite) -> StoreResult<bool>;
    /// Forwarded tickets due for a look for duplicate central requests.
    async fn due_orphan_checks(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<OrphanCheck>>;
    /// Ends a ticket's orphan check, keeping what it found: other central IDs, or one row with no ID
    /// and `detail` when the server could not be checked.
    async fn record_orphans(
        &self,
        ticket_id: Uuid,
        found: &[(Option<String>, String)],
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn list_orphans(&self, limit: i64) -> StoreResult<Vec<OrphanRow>>;
    /// Parks forward job `id` of `ticket` while the ticket still has no OPD (triage); if an OPD was set
    /// meanwhile, the job is made due again instead. True when it was parked.
    async fn hold_job(&self, id: i64, ticket: Uuid, reason: &str) -> StoreResult<bool>;
    /// Notes that a create may have reached the server (kept from the first such attempt).
    async fn mark_create_uncertain(&self, id: Uuid, now: DateTime<Utc>) -> StoreResult<()>;
    /// Puts an orphan check off to `at` after a failed look, counting the failure.
    async fn postpone_orphan_check(&self, id: Uuid, at: DateTime<Utc>) -> StoreResult<()>;
    /// Routes a ticket without an OPD: sets its code, records the decision (a correction the classifier
    /// learns from) and makes its forward job due (a held or dead one gets a fresh budget). False when the
    /// ticket already has an OPD or a central ID.
    async fn assign_opd(&self, id: Uuid, opd_code: &str, decided_by: &str, now: DateTime<Utc>) -> StoreResult<bool>;
    /// A photo the channel refused for good: the ticket is forwarded without it.
    async fn record_media_unavailable(&self, id: Uuid, position: i64, reason: &str) -> StoreResult<()>;
    async fn due_polls(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<PollTarget>>;
    async fn schedule_poll(&self, id: Uuid, at: Option<DateTime<Utc>>) -> StoreResult<()>;

    async fn ticket_media(&self, id: Uuid) -> StoreResult<Vec<MediaRow>>;
    async fn record_media(&self, id: Uuid, position: i64, token: &str, path: &str, mime: &str) -> StoreResult<()>;
    async fn media_by_token(&self, token: &str) -> StoreResult<Option<(String, String)>>;

    async fn mark_unreachable(&self, address: &Address, reason: &str, now: DateTime<Utc>) -> StoreResult<()>;
    async fn is_unreachable(&self, address: &Address) -> StoreResult<bool>;
    /// A send that found its recipient unreachable, in one transaction: `address` is marked, send job
    /// `job_id` dead-lettered with `reason`, and `reroute` (the status push, to be routed another way)
    /// queued. A crash cannot leave the mark without the reroute, or a dead push without either.
    async fn recipient_unreachable(
        &self,
        job_id: i64,
        address: &Address,
        reason: &str,
        reroute: Option<&super::NewJob>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Enqueues `jobs` and, when given, completes job `done` in the same transaction (a notification
    /// becomes a send, exactly once).
    async fn hand_over(&self, done: Option<i64>, jobs: &[super::NewJob], now: DateTime<Utc>) -> StoreResult<()>;

    /// Routing corrections (a citizen's "pilih instansi lain", an admin's re-route) as labelled
    /// examples: (complaint text, OPD code). The classifier trains on them above catalogue examples.
    async fn routing_corrections(&self) -> StoreResult<Vec<(String, String)>>;

    async fn list_jobs(&self, kind: &str, state: Option<&str>, limit: i64) -> StoreResult<Vec<JobRow>>;
    /// The outbox row with this dedupe key (`forward:{ticket uuid}`), if any.
    async fn find_job(&self, dedupe_key: &str) -> StoreResult<Option<JobRow>>;
    /// Puts dead letters back in the queue with a fresh retry budget; returns how many.
    async fn revive_jobs(&self, kind: &str, which: Revive, now: DateTime<Utc>) -> StoreResult<u64>;
}

/// A ticket the central API accepted, to record with its job.
#[derive(Debug, Clone, PartialEq)]
pub struct Forwarded {
    pub id: Uuid,
    /// For logs: the tracking ID, never personal data.
    pub tracking_id: String,
    pub central_id: String,
    pub tracking_url: Option<String>,
    pub first_poll: DateTime<Utc>,
    pub done_job: Option<i64>,
    /// Set when the create may have repeated an earlier attempt on a server that ignores
    /// Idempotency-Key: when to look again for a duplicate request.
    pub orphan_check_at: Option<DateTime<Utc>>,
    /// Other central requests already found for this ticket.
    pub orphans: Vec<String>,
    /// For the operator's log line.
    pub opd_code: Option<String>,
    pub channel: &'static str,
}

/// What the forward worker needs of one ticket, read together with the rest of its round.
#[derive(Debug, Clone, PartialEq)]
pub struct ForwardInput {
    pub central: CentralRef,
    pub record: TicketRecord,
    pub media: Vec<MediaRow>,
}
