//! What every channel sends and how its transport answers: one message to one recipient, already in
//! their language and rendered for their channel; and what a send's failure means.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::domain::Address;

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
    /// For a status push: the notify job's payload, queued again when the recipient turns out to be
    /// unreachable, so the change can reach them another way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reroute: Option<crate::jobs::StatusChanged>,
    /// Not a new message but an effect on an earlier one: answering a tapped button, or editing
    /// the message a button was on. `None`: a new message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// The recipient's language code, for a channel whose wire needs words the reply does not carry
    /// (WhatsApp's list button, short option labels); `None` where the renderer did not need it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// What an outbound job does besides sending a new message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Acknowledge a tapped button (Telegram `answerCallbackQuery`), with `text` as a short notice
    /// when it is not empty.
    AnswerButton { callback_id: String },
    /// Replace the text (and the buttons, with `options`) of the message `message_id` the bot sent
    /// (Telegram `editMessageText`).
    EditText { message_id: String },
    /// Mark the citizen's message `message_id` read (a channel with read receipts: WhatsApp).
    MarkRead { message_id: String },
    /// Replace only the buttons of message `message_id` (Telegram `editMessageReplyMarkup`); no
    /// options removes them.
    EditButtons { message_id: String },
}

impl OutboundMessage {
    /// Plain text to `to`: no options, no location request.
    pub fn text(to: Address, text: String) -> Self {
        Self {
            to,
            text,
            options: Vec::new(),
            location_button: None,
            via: None,
            reroute: None,
            action: None,
            lang: None,
        }
    }
}

/// Why a send failed, and what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub enum SendError {
    /// The provider as a whole asked us to wait (an SMS gateway's 429, a bot-wide limit): every
    /// message through this transport pauses.
    RateLimited(Duration),
    /// Too many messages to this one recipient: only this chat waits.
    ChatRateLimited(Duration),
    /// A 429 whose answer does not say whose limit it was (Telegram's `retry_after`): the pacer
    /// judges whether only this chat or the whole bot pauses (`kentongan_pace::adapt`).
    TooManyRequests(Duration),
    /// The recipient cannot be reached (blocked the bot, deactivated): do not retry.
    Unreachable,
    /// A transient failure: retry after about this long.
    Retry(Duration),
    /// The provider refused the message itself: retrying will not help.
    Permanent(String),
    /// The channel as a whole cannot send until an operator acts (rejected credentials, an expired
    /// token): every message waits, none uses up its attempts, and the reason is logged for operators.
    Paused { wait: Duration, reason: String },
}
