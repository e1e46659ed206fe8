//! One wire message or status into its normalised form: the checks that make a payload malformed live here.

use super::{
    DeliveryStatus, Ignored, InboundMessage, MessageContent, ParseError, SharedContact, StatusError, StatusUpdate,
    instant, wa_id_phone,
};
use crate::channel::whatsapp::wire;

/// A message, or what kind of legal message we skip; an error when it is malformed.
pub(super) fn message(
    m: &wire::Message,
    value: &wire::Value,
    index: usize,
) -> Result<Result<InboundMessage, Ignored>, ParseError> {
    let bad = |reason| ParseError::Message { index, reason };
    if m.group_id.is_some() {
        return Ok(Err(Ignored::Group));
    }
    if m.id.trim().is_empty() {
        return Err(bad("id is empty"));
    }
    let at = instant(&m.timestamp).ok_or_else(|| bad("timestamp is not Unix seconds"))?;
    let Some(from) = m.from.as_deref() else {
        return match &m.from_user_id {
            Some(_) => Ok(Err(Ignored::NoPhoneNumber)),
            None => Err(bad("no sender (from)")),
        };
    };
    let phone = wa_id_phone(from).ok_or_else(|| bad("from is not a WhatsApp number"))?;
    let contact = value.contacts.iter().find(|c| c.wa_id.as_deref() == Some(from)).or(value.contacts.first());
    let profile_name = contact.and_then(|c| c.profile.as_ref()).and_then(|p| p.name.clone());
    Ok(Ok(InboundMessage {
        wamid: m.id.clone(),
        phone_number_id: value.metadata.phone_number_id.clone(),
        from: phone,
        profile_name,
        at,
        reply_to: m.context.as_ref().and_then(|c| c.id.clone()),
        content: content(m, from).map_err(bad)?,
    }))
}

fn content(m: &wire::Message, from: &str) -> Result<MessageContent, &'static str> {
    Ok(match m.kind.as_str() {
        "text" => MessageContent::Text(m.text.as_ref().ok_or("text without text.body")?.body.clone()),
        "interactive" => interactive(m.interactive.as_ref().ok_or("interactive without interactive")?)?,
        "button" => {
            let b = m.button.as_ref().ok_or("button without button")?;
            MessageContent::ButtonReply { id: b.payload.clone(), title: b.text.clone() }
        }
        "location" => {
            let l = m.location.as_ref().ok_or("location without location")?;
            if !(l.latitude.is_finite() && (-90.0..=90.0).contains(&l.latitude)) {
                return Err("location latitude outside -90..90");
            }
            if !(l.longitude.is_finite() && (-180.0..=180.0).contains(&l.longitude)) {
                return Err("location longitude outside -180..180");
            }
            let (name, address) = (l.name.clone(), l.address.clone());
            MessageContent::Location { lat: l.latitude, lon: l.longitude, name, address }
        }
        "image" => {
            let i = m.image.as_ref().ok_or("image without image")?;
            if i.id.trim().is_empty() {
                return Err("image without a media id");
            }
            MessageContent::Image { media_id: i.id.clone(), mime: i.mime_type.clone(), caption: i.caption.clone() }
        }
        "contacts" => MessageContent::Contacts(
            m.contacts.as_deref().ok_or("contacts without contacts")?.iter().map(|c| card(c, from)).collect(),
        ),
        other => MessageContent::Unsupported {
            kind: other.chars().filter(char::is_ascii_alphanumeric).take(32).collect(),
            error_codes: m.errors.iter().map(|e| e.code).collect(),
        },
    })
}

fn interactive(i: &wire::Interactive) -> Result<MessageContent, &'static str> {
    match i.kind.as_str() {
        "button_reply" => {
            let r = i.button_reply.as_ref().ok_or("button_reply without button_reply")?;
            Ok(MessageContent::ButtonReply { id: r.id.clone(), title: r.title.clone() })
        }
        "list_reply" => {
            let r = i.list_reply.as_ref().ok_or("list_reply without list_reply")?;
            Ok(MessageContent::ListReply { id: r.id.clone(), title: r.title.clone() })
        }
        // Flows (nfm_reply) and future kinds: answered like any other unsupported message.
        _ => Ok(MessageContent::Unsupported { kind: "interactive".into(), error_codes: Vec::new() }),
    }
}

/// A card's first number that parses; "own" when WhatsApp says it is the sender's `wa_id`.
fn card(c: &wire::SharedContact, from: &str) -> SharedContact {
    let name = c.name.as_ref().and_then(|n| n.formatted_name.clone());
    let parsed = c.phones.iter().find_map(|p| {
        let phone = p
            .wa_id
            .as_deref()
            .and_then(wa_id_phone)
            .or_else(|| p.phone.as_deref().and_then(|raw| crate::domain::PhoneNumber::parse(raw, "ID").ok()))?;
        Some((phone, p.wa_id.as_deref() == Some(from)))
    });
    match parsed {
        Some((phone, own)) => SharedContact { name, phone: Some(phone), own },
        None => SharedContact { name, phone: None, own: false },
    }
}

/// A status, or `None` for a legal status we do not track (`deleted`, `warning`, …).
pub(super) fn status(
    s: &wire::Status,
    phone_number_id: &str,
    index: usize,
) -> Result<Option<StatusUpdate>, ParseError> {
    let bad = |reason| ParseError::Status { index, reason };
    let status = match s.status.as_str() {
        "sent" => DeliveryStatus::Sent,
        "delivered" => DeliveryStatus::Delivered,
        "read" => DeliveryStatus::Read,
        "failed" => DeliveryStatus::Failed,
        _ => return Ok(None),
    };
    if s.id.trim().is_empty() {
        return Err(bad("id is empty"));
    }
    let at = instant(&s.timestamp).ok_or_else(|| bad("timestamp is not Unix seconds"))?;
    let errors = s
        .errors
        .iter()
        .map(|e| StatusError { code: e.code, title: e.title.clone().unwrap_or_default().chars().take(200).collect() })
        .collect();
    Ok(Some(StatusUpdate {
        wamid: s.id.clone(),
        phone_number_id: phone_number_id.to_owned(),
        status,
        recipient: s.recipient_id.as_deref().and_then(wa_id_phone),
        at,
        errors,
    }))
}
