//! The outbox rows themselves, as the store writes and claims them: a kind, a dedupe key, an opaque
//! JSON payload (what it means is the business of the job's type, see `jobs::BackgroundJob`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An effect to run later, exactly once per `dedupe_key`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewJob {
    pub kind: String,
    pub dedupe_key: String,
    pub payload: serde_json::Value,
    /// Lower runs first.
    pub priority: i32,
    pub run_at: DateTime<Utc>,
}

/// A claimed outbox job.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub dedupe_key: String,
    pub payload: serde_json::Value,
    /// Lower runs first (see [`Priority`]).
    pub priority: i32,
    pub attempts: i64,
    /// Retries count against a budget from this time (creation, or the last revival).
    pub budget_from: DateTime<Utc>,
    /// Taken back from a holder that had begun sending it and recorded no outcome (a crash between
    /// the provider call and its record): the message may have reached the recipient already.
    pub maybe_sent: bool,
}

/// Delivery classes in the order they are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    /// A reply inside a conversation: the citizen is waiting.
    DialogReply = 0,
    /// A message to an OPD admin about a new report.
    AdminPing = 1,
    /// A status change of a ticket, pushed to its reporter.
    StatusPush = 2,
    /// A periodic summary.
    Digest = 3,
}
