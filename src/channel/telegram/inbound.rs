//! Turns a Telegram `Update` into a normalised inbound event, or says why it is ignored.

use chrono::{DateTime, Utc};
use teloxide::types::{CallbackQuery, ChatMemberUpdated, Message, Update, UpdateKind};

use crate::channel::clock;
use crate::domain::{Address, Channel};
use crate::store::{InboundBody, InboundEvent};

/// What an update means to us.
#[derive(Debug, Clone, PartialEq)]
pub enum Translated {
    Event(InboundEvent),
    /// Acknowledged and dropped; the reason is safe to log.
    Ignored(&'static str),
}

/// Translates one update received at `now` (our clock: the event's time; Telegram's `date` is only checked).
pub fn translate(update: &Update, now: DateTime<Utc>) -> Translated {
    let external_id = update.id.0.to_string();
    match &update.kind {
        UpdateKind::Message(msg) => message_event(msg, external_id, now),
        UpdateKind::EditedMessage(_) => Translated::Ignored("edited message"),
        UpdateKind::ChannelPost(_) | UpdateKind::EditedChannelPost(_) => Translated::Ignored("channel post"),
        UpdateKind::CallbackQuery(query) => button_event(query, external_id, now),
        UpdateKind::MyChatMember(change) => membership_event(change, external_id, now),
        UpdateKind::Error(_) => Translated::Ignored("update kind not understood"),
        _ => Translated::Ignored("update kind not used"),
    }
}

fn message_event(msg: &Message, external_id: String, now: DateTime<Utc>) -> Translated {
    if msg.from.as_ref().is_some_and(|u| u.is_bot) {
        return Translated::Ignored("message from a bot");
    }
    // `date` is when the citizen sent it; the event is timed on our clock (`now`).
    clock::check("telegram", msg.date, now, true);
    let body = if msg.chat.is_private() { private_body(msg) } else { InboundBody::GroupMessage };
    Translated::Event(InboundEvent {
        via: None,
        address: Address::new(Channel::Telegram, msg.chat.id.0.to_string()),
        external_id,
        body,
        lang_hint: msg.from.as_ref().and_then(|u| u.language_code.clone()),
        received_at: now,
    })
}

/// A tapped inline button: its data and the message it was on, acknowledged by the query id. Only
/// taps in a private chat on a message still there are read (a group's taps are not served).
fn button_event(query: &CallbackQuery, external_id: String, now: DateTime<Utc>) -> Translated {
    let Some(message) = &query.message else {
        return Translated::Ignored("callback query on an inline-mode message");
    };
    if !message.chat().is_private() {
        return Translated::Ignored("callback query in a group");
    }
    let Some(data) = &query.data else {
        return Translated::Ignored("callback query without data");
    };
    Translated::Event(InboundEvent {
        via: None,
        address: Address::new(Channel::Telegram, message.chat().id.0.to_string()),
        external_id,
        body: InboundBody::Button {
            data: data.clone(),
            message_id: message.id().0.to_string(),
            ack: Some(query.id.0.clone()),
        },
        lang_hint: query.from.language_code.clone(),
        received_at: now,
    })
}

/// The bot's own membership changed. In a private chat that is the citizen blocking ("kicked") or
/// unblocking ("member") the bot: who can be reached. Groups are not served, so their changes are not.
fn membership_event(change: &ChatMemberUpdated, external_id: String, now: DateTime<Utc>) -> Translated {
    if !change.chat.is_private() {
        return Translated::Ignored("membership change in a group");
    }
    clock::check("telegram", change.date, now, true);
    Translated::Event(InboundEvent {
        via: None,
        address: Address::new(Channel::Telegram, change.chat.id.0.to_string()),
        external_id,
        body: InboundBody::Membership { member: change.new_chat_member.kind.is_present() },
        lang_hint: change.from.language_code.clone(),
        received_at: now,
    })
}

/// Latitude within −90..90 and longitude within −180..180, both finite (the contract's range).
fn on_the_globe(lat: f64, lon: f64) -> bool {
    lat.is_finite() && lon.is_finite() && (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
}

fn private_body(msg: &Message) -> InboundBody {
    if let Some(text) = msg.text() {
        return InboundBody::Text { text: text.to_string() };
    }
    if let Some(loc) = msg.location() {
        // Telegram's own clients send real places; anything off the globe is no place at all, and is
        // answered like any other input the step cannot use (the location re-ask).
        if !on_the_globe(loc.latitude, loc.longitude) {
            return InboundBody::Unsupported;
        }
        return InboundBody::Location { lat: loc.latitude, lon: loc.longitude };
    }
    if let Some(sizes) = msg.photo() {
        // Telegram sends several sizes of one photo; the largest is the one worth forwarding.
        if let Some(best) = sizes.iter().max_by_key(|p| (u64::from(p.width) * u64::from(p.height), p.file.size)) {
            return InboundBody::Photo { file_id: best.file.id.0.clone() };
        }
    }
    if let Some(contact) = msg.contact() {
        // A shared contact is the reporter's own number only when it carries their own user id.
        let own = match (&contact.user_id, &msg.from) {
            (Some(uid), Some(from)) => *uid == from.id,
            _ => false,
        };
        return InboundBody::Contact { phone: contact.phone_number.clone(), own };
    }
    InboundBody::Unsupported
}
