//! A parsed webhook message as the common inbound event: the sender's number is the address, the
//! `wamid` the dedupe key, our clock the time (WhatsApp's timestamp is only checked for skew).

use chrono::{DateTime, Utc};

use super::inbound::{InboundMessage, MessageContent};
use crate::channel::clock;
use crate::domain::{Address, Channel};
use crate::store::{InboundBody, InboundEvent};

/// The event of one message received at `now`.
pub fn event(msg: &InboundMessage, now: DateTime<Utc>) -> InboundEvent {
    clock::check("whatsapp", msg.at, now, true);
    InboundEvent {
        address: Address::new(Channel::WhatsApp, msg.from.as_str()),
        external_id: msg.wamid.clone(),
        body: body(msg),
        lang_hint: None,
        received_at: now,
        via: None,
    }
}

fn body(msg: &InboundMessage) -> InboundBody {
    match &msg.content {
        MessageContent::Text(text) => InboundBody::Text { text: text.clone() },
        // The button's or row's id is the option's full label (see render.rs): the engine takes it
        // as the option typed.
        MessageContent::ButtonReply { id, .. } | MessageContent::ListReply { id, .. } => {
            InboundBody::Button { data: id.clone(), message_id: msg.reply_to.clone().unwrap_or_default(), ack: None }
        }
        MessageContent::Location { lat, lon, .. } => InboundBody::Location { lat: *lat, lon: *lon },
        MessageContent::Image { media_id, .. } => InboundBody::Photo { file_id: media_id.clone() },
        MessageContent::Contacts(cards) => match cards.iter().find(|c| c.phone.is_some()) {
            Some(card) => InboundBody::Contact {
                phone: card.phone.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default(),
                own: card.own,
            },
            None => InboundBody::Unsupported,
        },
        MessageContent::Unsupported { .. } => InboundBody::Unsupported,
    }
}
