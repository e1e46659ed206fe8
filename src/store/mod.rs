//! The only room that speaks SQL: one repository interface, one implementation per database.

mod admin;
mod forward;
mod model;
mod sms;
mod sqlite;
mod sqlite_admin;
mod sqlite_base;
mod sqlite_forward;
mod sqlite_forward_batch;
mod sqlite_inbox;
mod sqlite_rows;
mod sqlite_sms;
mod sqlite_steps;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

pub use admin::*;
pub use forward::*;
pub use model::*;
pub use sms::*;
pub use sqlite_base::SqliteStore;

use crate::domain::Address;

/// What can go wrong below the repository interface.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("unsupported database URL: {0}")]
    Unsupported(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The repository every other room uses. Implementations must be safe to share between tasks
/// and between several gateway processes on one database.
#[async_trait]
pub trait Store: ForwardStore + SmsStore + AdminStore + Send + Sync + 'static {
    /// Applies pending migrations.
    async fn migrate(&self) -> StoreResult<()>;
    /// The database answers and every migration is applied.
    async fn ready(&self) -> StoreResult<bool>;

    /// Durable accept: stores the event once per (channel, external id).
    async fn accept_inbound(&self, event: &InboundEvent) -> StoreResult<Accepted>;
    /// How many events were ever accepted (for tests and operators).
    async fn inbound_count(&self) -> StoreResult<i64>;
    /// The newest event accepted from `address`: its external id and when we received it (a channel
    /// whose provider limits messages to recent writers, WhatsApp's 24-hour window, asks this).
    async fn last_inbound(&self, address: &Address) -> StoreResult<Option<(String, DateTime<Utc>)>>;
    /// The send job of `kind` whose provider message id is `sent_ref` (a delivery report that names
    /// the provider's id, not ours); `None` for an id we never recorded.
    async fn sent_job(&self, kind: &str, sent_ref: &str) -> StoreResult<Option<i64>>;
    /// Accepted events not yet processed and not dead-lettered, oldest first (waiting retries included).
    async fn pending_inbound(&self, limit: i64) -> StoreResult<Vec<PendingInbound>>;
    /// The events to process at `now`, oldest first: per chat at most `per_chat` of its oldest open
    /// events, and nothing of a chat whose oldest open event waits for a retry (so one chat's backlog
    /// or failure never fills the batch, and a chat's events stay in order).
    async fn due_inbound(&self, now: DateTime<Utc>, per_chat: i64, limit: i64) -> StoreResult<Vec<PendingInbound>>;
    /// Records a failed attempt: retry at `retry_at`, or dead-letter the event when `None`.
    async fn fail_inbound(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Unprocessed inbound events that failed at least once (only dead letters with `dead_only`), oldest first.
    async fn failed_inbound(&self, dead_only: bool, limit: i64) -> StoreResult<Vec<FailedInbound>>;
    /// Puts one dead inbound event (`Some(id)`) or all of them back, with a fresh budget; returns how many.
    async fn revive_inbound(&self, which: Option<i64>) -> StoreResult<u64>;

    async fn load_conversation(&self, address: &Address) -> StoreResult<Option<Conversation>>;
    /// Writes a processed event's state, tickets and jobs atomically.
    async fn commit_step(&self, commit: &StepCommit) -> StoreResult<CommitOutcome>;
    /// Writes several processed events in one transaction; each applies or not on its own, exactly as
    /// `commit_step` would (a conflict in one leaves the others committed).
    async fn commit_steps(&self, commits: &[StepCommit]) -> StoreResult<Vec<CommitOutcome>>;
    /// The saved states of several conversations in one read; conversations not started are absent.
    async fn load_conversations(&self, addresses: &[Address]) -> StoreResult<Vec<(Address, Conversation)>>;

    async fn find_ticket(&self, tracking_id: &str) -> StoreResult<Option<TicketView>>;
    async fn ticket_record(&self, tracking_id: &str) -> StoreResult<Option<TicketRecord>>;
    async fn count_tickets(&self) -> StoreResult<i64>;

    /// Says this process is alive until `expires_at`. From its first beat on, its claims carry its id, and
    /// any process takes them back as soon as it stops beating (a crash), long before their lease ends.
    async fn heartbeat(&self, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> StoreResult<()>;
    /// Says this process stopped (graceful shutdown, after it gave its claims back).
    async fn retire(&self) -> StoreResult<()>;
    /// Claims up to `limit` due jobs of `kind`, leasing them until `lease_until`: pending jobs, and running
    /// jobs whose lease expired or whose holder stopped beating. Jobs to one recipient (`to.id`) are
    /// claimed in order: none while an earlier one is held by another live process or waits for a
    /// retry, and a claimed job brings the recipient's earlier claimable ones along. Sorted by id.
    async fn claim_jobs(
        &self,
        kind: &str,
        limit: i64,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> StoreResult<Vec<Job>>;
    async fn complete_job(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()>;
    /// Completes many jobs in one write (the send worker batches its successes).
    async fn complete_jobs(&self, ids: &[i64], now: DateTime<Utc>) -> StoreResult<()>;
    /// Records the intent to send each of `ids` now, for the jobs this process still holds; returns
    /// those (a job missing was taken back by another process and must not be sent here).
    async fn begin_sends(&self, ids: &[i64], now: DateTime<Utc>) -> StoreResult<Vec<i64>>;
    /// Records confirmed sends with the provider's message ids: done, never sent again.
    async fn complete_sends(&self, sent: &[SentJob], now: DateTime<Utc>) -> StoreResult<()>;
    /// Clears a send intent the provider answered with a refusal (a 429): nothing went out.
    async fn cancel_send(&self, id: i64) -> StoreResult<()>;
    /// Extends the lease of jobs a worker still holds in memory.
    async fn renew_leases(&self, ids: &[i64], lease_until: DateTime<Utc>) -> StoreResult<()>;
    /// Gives held jobs back untouched (graceful shutdown): claimable again at once.
    async fn release_jobs(&self, ids: &[i64]) -> StoreResult<()>;
    /// Records a failure: retry at `retry_at`, or dead-letter when `None`.
    async fn fail_job(&self, id: i64, error: &str, retry_at: Option<DateTime<Utc>>) -> StoreResult<()>;
    async fn outbox_counts(&self, kind: &str) -> StoreResult<OutboxCounts>;
    /// Deletes finished outbox jobs and processed inbound events older than `before` (they hold message
    /// text); dead letters and anything unprocessed stay. Returns how many rows went.
    async fn purge_before(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}

/// Opens the store a database URL names.
pub async fn connect(url: &str, max_connections: u32) -> StoreResult<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url, max_connections).await?))
    } else {
        Err(StoreError::Unsupported(url.split(':').next().unwrap_or_default().to_string()))
    }
}
