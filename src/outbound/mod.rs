//! Every message to a citizen is an outbox job: enqueued with the state change that caused it,
//! sent by a worker, retried on failure, never sent twice for one dedupe key.

mod bell;
mod worker;

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use bell::SendBell;
pub use worker::{SendWorker, Senders};

use crate::domain::{Address, Channel};
use crate::store::NewJob;

/// One message to one recipient, already in their language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboundMessage {
    pub to: Address,
    pub text: String,
    /// Answer buttons (Telegram) or numbered options (SMS, already inside `text` there).
    pub options: Vec<String>,
    /// Label of a "share my location" button, when the step asks for a place.
    pub location_button: Option<String>,
    /// The SMS provider to send through (`android`, `kannel`, …); `None` for other channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
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

/// Why a send failed, and what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub enum SendError {
    /// The provider asked us to wait (Telegram 429 `retry_after`).
    RateLimited(Duration),
    /// The recipient cannot be reached (blocked the bot, deactivated): do not retry.
    Unreachable,
    /// A transient failure: retry after about this long.
    Retry(Duration),
    /// The provider refused the message itself: retrying will not help.
    Permanent(String),
}

/// The outbox kind of a message: one per channel, one per SMS provider (each has its own pace), and one
/// per CLI user so two terminals never mix.
pub fn job_kind(to: &Address, via: Option<&str>) -> String {
    match (to.channel, via) {
        (Channel::Cli, _) => format!("send.cli:{}", to.id),
        (Channel::Sms, Some(via)) => format!("send.sms.{via}"),
        (other, _) => format!("send.{other}"),
    }
}

/// An outbox job that sends `msg` once per `dedupe_key`.
pub fn job(msg: &OutboundMessage, dedupe_key: String, priority: Priority, now: DateTime<Utc>) -> NewJob {
    NewJob {
        kind: job_kind(&msg.to, msg.via.as_deref()),
        dedupe_key,
        payload: serde_json::to_value(msg).unwrap_or_default(),
        priority: priority as i32,
        run_at: now,
    }
}
