//! The Cloud API request bodies of `POST /{phone_number_id}/messages`, exactly as documented
//! (PROTOCOLS.md): each builder checks Meta's limits, counted in characters, and refuses what Meta
//! would refuse, so a bad body never costs a request.

use serde_json::{Value, json};

use crate::domain::PhoneNumber;

pub const MAX_TEXT: usize = 4096;
pub const MAX_INTERACTIVE_BODY: usize = 1024;
pub const MAX_BUTTONS: usize = 3;
pub const MAX_BUTTON_TITLE: usize = 20;
pub const MAX_BUTTON_ID: usize = 256;
pub const MAX_ROWS: usize = 10;
pub const MAX_ROW_TITLE: usize = 24;
pub const MAX_ROW_ID: usize = 200;
pub const MAX_ROW_DESCRIPTION: usize = 72;
pub const MAX_LIST_BUTTON: usize = 20;
pub const MAX_SECTION_TITLE: usize = 24;

/// A reply button: the `id` comes back in `button_reply.id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Required when the list has more than one section.
    pub title: Option<String>,
    pub rows: Vec<Row>,
}

/// A list row: the `id` comes back in `list_reply.id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

/// A body Meta would refuse, named by the limit it breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("{0} is empty")]
    Empty(&'static str),
    #[error("{what} is longer than {max} characters")]
    TooLong { what: &'static str, max: usize },
    #[error("{what}: {count} given, {min}–{max} allowed")]
    Count { what: &'static str, count: usize, min: usize, max: usize },
    #[error("{0} are not unique")]
    NotUnique(&'static str),
}

/// The `to` of a body: the number in E.164 without the plus, as a `wa_id`.
pub fn to_wa_id(phone: &PhoneNumber) -> String {
    phone.as_str().trim_start_matches('+').to_owned()
}

fn check(what: &'static str, text: &str, max: usize) -> Result<(), BodyError> {
    match text.chars().count() {
        0 => Err(BodyError::Empty(what)),
        n if n > max => Err(BodyError::TooLong { what, max }),
        _ => Ok(()),
    }
}

fn count(what: &'static str, count: usize, min: usize, max: usize) -> Result<(), BodyError> {
    if (min..=max).contains(&count) { Ok(()) } else { Err(BodyError::Count { what, count, min, max }) }
}

fn unique<'a>(what: &'static str, items: impl Iterator<Item = &'a str>) -> Result<(), BodyError> {
    let mut seen = std::collections::HashSet::new();
    if items.into_iter().all(|i| seen.insert(i)) { Ok(()) } else { Err(BodyError::NotUnique(what)) }
}

fn envelope(to: &str, kind: &str, key: &str, content: Value) -> Value {
    json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": kind, key: content})
}

/// A text message without link previews (a preview would fetch whatever URL a citizen typed back).
pub fn text(to: &str, body: &str) -> Result<Value, BodyError> {
    check("text.body", body, MAX_TEXT)?;
    Ok(envelope(to, "text", "text", json!({"preview_url": false, "body": body})))
}

/// 1–3 reply buttons under `body`; titles unique.
pub fn buttons(to: &str, body: &str, buttons: &[Button]) -> Result<Value, BodyError> {
    check("interactive.body.text", body, MAX_INTERACTIVE_BODY)?;
    count("buttons", buttons.len(), 1, MAX_BUTTONS)?;
    for b in buttons {
        check("button title", &b.title, MAX_BUTTON_TITLE)?;
        check("button id", &b.id, MAX_BUTTON_ID)?;
    }
    unique("button titles", buttons.iter().map(|b| b.title.as_str()))?;
    unique("button ids", buttons.iter().map(|b| b.id.as_str()))?;
    let buttons: Vec<Value> =
        buttons.iter().map(|b| json!({"type": "reply", "reply": {"id": b.id, "title": b.title}})).collect();
    let interactive = json!({"type": "button", "body": {"text": body}, "action": {"buttons": buttons}});
    Ok(envelope(to, "interactive", "interactive", interactive))
}

/// A list behind a `button` label: at most 10 rows over all sections; section titles when more than one.
pub fn list(to: &str, body: &str, button: &str, sections: &[Section]) -> Result<Value, BodyError> {
    check("interactive.body.text", body, MAX_INTERACTIVE_BODY)?;
    check("list button", button, MAX_LIST_BUTTON)?;
    count("sections", sections.len(), 1, MAX_ROWS)?;
    count("rows", sections.iter().map(|s| s.rows.len()).sum(), 1, MAX_ROWS)?;
    let mut out = Vec::with_capacity(sections.len());
    for s in sections {
        count("rows of a section", s.rows.len(), 1, MAX_ROWS)?;
        match &s.title {
            Some(t) => check("section title", t, MAX_SECTION_TITLE)?,
            None if sections.len() > 1 => return Err(BodyError::Empty("section title")),
            None => {}
        }
        let mut rows = Vec::with_capacity(s.rows.len());
        for r in &s.rows {
            check("row title", &r.title, MAX_ROW_TITLE)?;
            check("row id", &r.id, MAX_ROW_ID)?;
            let mut row = json!({"id": r.id, "title": r.title});
            if let Some(d) = &r.description {
                check("row description", d, MAX_ROW_DESCRIPTION)?;
                row["description"] = json!(d);
            }
            rows.push(row);
        }
        let mut section = json!({"rows": rows});
        if let Some(t) = &s.title {
            section["title"] = json!(t);
        }
        out.push(section);
    }
    let rows = sections.iter().flat_map(|s| &s.rows);
    unique("row ids", rows.clone().map(|r| r.id.as_str()))?;
    unique("row titles", rows.map(|r| r.title.as_str()))?;
    let interactive = json!({"type": "list", "body": {"text": body}, "action": {"button": button, "sections": out}});
    Ok(envelope(to, "interactive", "interactive", interactive))
}

/// Asks for the citizen's location with WhatsApp's "Send location" button.
pub fn location_request(to: &str, body: &str) -> Result<Value, BodyError> {
    check("interactive.body.text", body, MAX_INTERACTIVE_BODY)?;
    let interactive =
        json!({"type": "location_request_message", "body": {"text": body}, "action": {"name": "send_location"}});
    Ok(envelope(to, "interactive", "interactive", interactive))
}

/// An approved template with text body parameters (`{{1}}`, `{{2}}`, … in order).
pub fn template(to: &str, name: &str, language: &str, parameters: &[String]) -> Result<Value, BodyError> {
    check("template name", name, 512)?;
    check("template language", language, 16)?;
    let mut template = json!({"name": name, "language": {"code": language}});
    if !parameters.is_empty() {
        let params: Vec<Value> = parameters.iter().map(|p| json!({"type": "text", "text": p})).collect();
        template["components"] = json!([{"type": "body", "parameters": params}]);
    }
    Ok(envelope(to, "template", "template", template))
}

/// Marks an inbound message as read (blue ticks), optionally with a typing indicator.
pub fn mark_read(wamid: &str, typing: bool) -> Value {
    let mut body = json!({"messaging_product": "whatsapp", "status": "read", "message_id": wamid});
    if typing {
        body["typing_indicator"] = json!({"type": "text"});
    }
    body
}

/// An image by uploaded media id, with an optional caption (≤ 1024 characters).
pub fn image(to: &str, media_id: &str, caption: Option<&str>) -> Result<Value, BodyError> {
    check("image id", media_id, 256)?;
    let mut image = json!({"id": media_id});
    if let Some(c) = caption {
        check("image caption", c, MAX_INTERACTIVE_BODY)?;
        image["caption"] = json!(c);
    }
    Ok(envelope(to, "image", "image", image))
}

#[cfg(test)]
mod tests;
