//! Parses a verified webhook body into the messages and delivery statuses it carries, normalised: the
//! sender as E.164, the time as UTC, the content as one [`MessageContent`]. A malformed body is one
//! [`ParseError`] (the route answers 400 and stores nothing); what is legal but not ours is counted.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::wire::{self, Envelope, Timestamp};
use crate::domain::PhoneNumber;

/// Everything one webhook `POST` carries, in payload order, duplicates within the body removed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inbound {
    pub messages: Vec<InboundMessage>,
    pub statuses: Vec<StatusUpdate>,
    /// Legal items the gateway does not act on, for a counter.
    pub ignored: Vec<Ignored>,
}

/// A message from a citizen.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundMessage {
    /// `wamid.…`: the dedupe key.
    pub wamid: String,
    /// The business number it was sent to (route by it).
    pub phone_number_id: String,
    /// The sender, from `wa_id`, in E.164 (`+62…`). Personal data.
    pub from: PhoneNumber,
    /// The WhatsApp profile name, when given. Personal data.
    pub profile_name: Option<String>,
    pub at: DateTime<Utc>,
    /// The message this one answers (`context.id`), e.g. the one a button was on.
    pub reply_to: Option<String>,
    pub content: MessageContent,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MessageContent {
    Text(String),
    /// A reply button tapped (also a template's quick reply: `id` is its payload).
    ButtonReply {
        id: String,
        title: String,
    },
    ListReply {
        id: String,
        title: String,
    },
    Location {
        lat: f64,
        lon: f64,
        name: Option<String>,
        address: Option<String>,
    },
    Image {
        media_id: String,
        mime: Option<String>,
        caption: Option<String>,
    },
    /// Shared contact cards.
    Contacts(Vec<SharedContact>),
    /// Sticker, audio, video, reaction, … with Meta's type name and error codes (131051 for unknown ones).
    Unsupported {
        kind: String,
        error_codes: Vec<i64>,
    },
}

/// One shared card: its first number that parses, and whether that is the sender's own.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedContact {
    pub name: Option<String>,
    pub phone: Option<PhoneNumber>,
    pub own: bool,
}

/// A delivery report about a message we sent.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusUpdate {
    pub wamid: String,
    pub phone_number_id: String,
    pub status: DeliveryStatus,
    /// The recipient's `wa_id` as E.164, when it parses. Personal data.
    pub recipient: Option<PhoneNumber>,
    pub at: DateTime<Utc>,
    pub errors: Vec<StatusError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeliveryStatus {
    Sent,
    Delivered,
    Read,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusError {
    pub code: i64,
    pub title: String,
}

/// Legal content the gateway does not act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ignored {
    /// A change other than `messages` (template or account updates).
    OtherField,
    /// A group message.
    Group,
    /// A user known only by a business-scoped id (no number to key on yet).
    NoPhoneNumber,
    /// A status such as `deleted` or `warning`.
    OtherStatus,
}

/// Why a body is not a webhook we accept. Names no personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("body is not the webhook JSON: {0}")]
    Json(String),
    #[error("object is not whatsapp_business_account")]
    NotWhatsApp,
    #[error("entry[{entry}].changes[{change}].value: {reason}")]
    Value { entry: usize, change: usize, reason: String },
    #[error("message {index}: {reason}")]
    Message { index: usize, reason: &'static str },
    #[error("status {index}: {reason}")]
    Status { index: usize, reason: &'static str },
}

/// Parses a raw webhook body (already signature-checked).
pub fn parse(body: &[u8]) -> Result<Inbound, ParseError> {
    let envelope: Envelope = serde_json::from_slice(body).map_err(|e| ParseError::Json(describe(&e)))?;
    if envelope.object != "whatsapp_business_account" {
        return Err(ParseError::NotWhatsApp);
    }
    let mut out = Inbound::default();
    let (mut seen_messages, mut seen_statuses) = (HashSet::new(), HashSet::new());
    for (e, entry) in envelope.entry.into_iter().enumerate() {
        for (c, change) in entry.changes.into_iter().enumerate() {
            if change.field != "messages" {
                out.ignored.push(Ignored::OtherField);
                continue;
            }
            let value: wire::Value = serde_json::from_value(change.value).map_err(|err| ParseError::Value {
                entry: e,
                change: c,
                reason: describe(&err),
            })?;
            for (i, m) in value.messages.iter().enumerate() {
                match message(m, &value, i)? {
                    Ok(msg) if seen_messages.insert(msg.wamid.clone()) => out.messages.push(msg),
                    Ok(_) => {}
                    Err(ignored) => out.ignored.push(ignored),
                }
            }
            for (i, s) in value.statuses.iter().enumerate() {
                match status(s, &value.metadata.phone_number_id, i)? {
                    Some(st) if seen_statuses.insert((st.wamid.clone(), st.status)) => out.statuses.push(st),
                    Some(_) => {}
                    None => out.ignored.push(Ignored::OtherStatus),
                }
            }
        }
    }
    Ok(out)
}

/// What is wrong, without the offending value (serde quotes it, and it may be a number or a text):
/// a missing field by name, anything else by its kind and position.
fn describe(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = text.split(" at line").next().unwrap_or(&text);
    if text.starts_with("missing field") {
        return text.chars().take(80).collect();
    }
    let kind = text.split(':').next().unwrap_or("invalid").chars().take(40).collect::<String>();
    format!("{kind} (line {}, column {})", e.line(), e.column())
}

/// The instant of a Meta timestamp (Unix seconds, or milliseconds when that large).
pub fn instant(ts: &Timestamp) -> Option<DateTime<Utc>> {
    let n = match ts {
        Timestamp::Text(s) => s.trim().parse::<i64>().ok()?,
        Timestamp::Number(n) => *n,
    };
    if n >= 1_000_000_000_000 { DateTime::from_timestamp_millis(n) } else { DateTime::from_timestamp(n, 0) }
}

/// A `wa_id` (E.164 without the plus) as a phone number.
pub fn wa_id_phone(wa_id: &str) -> Option<PhoneNumber> {
    let digits = wa_id.trim().trim_start_matches('+');
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    PhoneNumber::parse(&format!("+{digits}"), "ID").ok()
}

mod content;
use content::{message, status};

#[cfg(test)]
mod tests;
