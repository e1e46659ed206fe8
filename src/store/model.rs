//! What goes in and out of the store: plain data, no SQL.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{Address, Channel, TicketStatus};
pub use crate::jobs::{Job, NewJob};

/// A normalised inbound event, as a channel adapter produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboundEvent {
    pub address: Address,
    /// The provider's id for the delivery (Telegram `update_id`): the dedupe key with the channel.
    pub external_id: String,
    pub body: InboundBody,
    /// Language code the client reports (Telegram `language_code`), used for a first conversation.
    pub lang_hint: Option<String>,
    pub received_at: DateTime<Utc>,
    /// The provider an SMS came through (`android`, `kannel`, …); replies go back the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// What the citizen sent, channel-neutral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboundBody {
    Text {
        text: String,
    },
    Location {
        lat: f64,
        lon: f64,
    },
    Photo {
        file_id: String,
    },
    Contact {
        phone: String,
        own: bool,
    },
    /// A tapped button: its `data` (an option's label or a code the bot put there), the id of the
    /// message it was on, and what acknowledges the tap when the channel wants one (Telegram's
    /// callback query id).
    Button {
        data: String,
        message_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ack: Option<String>,
    },
    /// Something the dialog cannot use (sticker, voice note, document …).
    Unsupported,
    /// A message in a group or channel: the bot only serves private chats.
    GroupMessage,
    /// The first SMS over the number's flood limit: answered with one notice, not read.
    Flooded {
        minutes: u64,
    },
    /// The bot's membership in a private chat changed (Telegram `my_chat_member`): `false` when the
    /// citizen blocked the bot, `true` when they unblocked it. Changes who can be reached, nothing else.
    Membership {
        member: bool,
    },
}

/// The answer to a durable accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    /// Stored for processing under this id.
    New(i64),
    /// Seen before: acknowledge and do nothing.
    Duplicate,
}

/// An accepted event waiting to be processed.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingInbound {
    pub id: i64,
    pub event: InboundEvent,
    /// Failed processing attempts so far.
    pub attempts: i64,
}

/// An inbound event that failed at least once, as operators see it (no text, no address).
#[derive(Debug, Clone, PartialEq)]
pub struct FailedInbound {
    pub id: i64,
    pub channel: Channel,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub received_at: DateTime<Utc>,
    /// The next try, while it is being retried.
    pub retry_at: Option<DateTime<Utc>>,
    /// When its budget ran out: a dead letter.
    pub dead_at: Option<DateTime<Utc>>,
}

/// A conversation's saved state.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    /// Whose conversation it is: which step function reads `state`.
    pub kind: crate::domain::ConversationKind,
    pub state: serde_json::Value,
    pub dialog_version: String,
    pub version: i64,
}

/// A new ticket, written with its first history entry, media and routing decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewTicket {
    pub id: Uuid,
    pub tracking_id: String,
    pub reporter: Address,
    pub lang: String,
    pub dialog: String,
    pub description: String,
    pub location: Option<(f64, f64)>,
    pub address_text: Option<String>,
    pub occurred_on: Option<NaiveDate>,
    pub report_type: Option<String>,
    pub anonymous: bool,
    pub confidential: bool,
    pub opd_code: Option<String>,
    pub opd_suggested: Option<String>,
    pub opd_corrected: bool,
    pub photos: Vec<String>,
    pub answers: serde_json::Value,
    pub created_at: DateTime<Utc>,
    /// The SMS provider the report came through; status pushes use it.
    #[serde(default)]
    pub via: Option<String>,
}

/// Everything one processed inbound event changes, committed in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct StepCommit {
    pub inbound_id: i64,
    pub address: Address,
    /// The conversation's new state; `None` leaves the conversation untouched.
    pub state: Option<ConversationWrite>,
    pub tickets: Vec<NewTicket>,
    pub jobs: Vec<NewJob>,
    /// The reporter's own phone (E.164) when they shared it in this step.
    pub own_phone: Option<String>,
    /// What the event says about reaching the chat: `Some(true)` clears an unreachable mark (they
    /// wrote to us, or unblocked the bot), `Some(false)` sets one (they blocked it).
    pub reachable: Option<bool>,
    pub now: DateTime<Utc>,
}

/// A conversation state to write, guarded by the version read before the engine ran.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationWrite {
    pub kind: crate::domain::ConversationKind,
    pub state: serde_json::Value,
    pub dialog_version: String,
    /// `None` when there was no conversation yet.
    pub expected_version: Option<i64>,
}

/// How a commit went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitOutcome {
    Committed,
    /// Someone else changed the conversation first: reload and run the engine again.
    Conflict,
    /// The event was processed already (a second worker, a replay): nothing written.
    AlreadyProcessed,
    /// A new ticket's tracking ID is taken: generate another and retry.
    TrackingIdTaken,
}

/// A ticket as the reporter may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketView {
    pub id: Uuid,
    pub tracking_id: String,
    pub reporter: Address,
    pub status: TicketStatus,
    pub opd_code: Option<String>,
    pub created_at: DateTime<Utc>,
    pub history: Vec<StatusEntry>,
}

/// One row of a ticket's status history.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusEntry {
    pub status: TicketStatus,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// A ticket with every stored answer, for operators and tests.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketRecord {
    pub ticket: NewTicket,
    pub status: TicketStatus,
}

/// A send the provider confirmed, to record.
#[derive(Debug, Clone, PartialEq)]
pub struct SentJob {
    pub id: i64,
    /// The provider's id for the message (Telegram `message_id`), when it gives one.
    pub reference: Option<String>,
}

/// Counts of outbox jobs by state, for health and tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: i64,
    pub running: i64,
    pub done: i64,
    pub dead: i64,
}

impl Channel {
    /// Parses a channel column; unknown values are a storage bug.
    pub(crate) fn from_column(s: &str) -> Result<Self, super::StoreError> {
        s.parse().map_err(super::StoreError::Corrupt)
    }
}
