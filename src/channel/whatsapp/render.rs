//! Turns a channel-neutral reply (the engine's `Reply`: text, option labels, "ask for location") into
//! the one Cloud API body that shows it best within WhatsApp's limits: no options → text; 1–3 → reply
//! buttons; 4–10 → a list; more, or a text too long for an interactive body → numbered lines.
//!
//! Each button or row id is the option's full label, so a tap comes back as the label itself and the
//! engine matches it like a typed answer, with nothing to remember between the two.

use serde_json::Value;

use super::outbound::{self, BodyError, Button, Row, Section};

/// One option: its label in the citizen's language, and a shorter one for tight places, if the
/// dialog file gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub text: String,
    pub short: Option<String>,
}

impl From<&str> for Label {
    fn from(text: &str) -> Self {
        Label { text: text.to_owned(), short: None }
    }
}

/// A reply as the engine gives it (`kentongan_dialog::Reply`), one field for one field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NeutralReply {
    pub text: String,
    pub options: Vec<Label>,
    pub ask_location: bool,
}

impl From<&kentongan_dialog::Reply> for NeutralReply {
    fn from(r: &kentongan_dialog::Reply) -> Self {
        let options = r.options.iter().map(|o| Label::from(o.as_str())).collect();
        NeutralReply { text: r.text.clone(), options, ask_location: r.ask_location }
    }
}

impl NeutralReply {
    /// The engine's reply with each option's `short` label from the dialog files, where one is given.
    pub fn from_dialog(
        r: &kentongan_dialog::Reply,
        dialogs: &kentongan_dialog::Dialogs,
        lang: kentongan_dialog::Lang,
    ) -> Self {
        let mut reply = NeutralReply::from(r);
        for o in &mut reply.options {
            o.short = dialogs.short_label(&o.text, lang).map(str::to_owned);
        }
        reply
    }
}

/// The body for `reply` to `to` (a `wa_id`); `list_button` labels the list's button ("Pilih").
pub fn render(to: &str, reply: &NeutralReply, list_button: &str) -> Result<Value, BodyError> {
    let text = reply.text.trim();
    let n = reply.options.len();
    let fits_interactive = !text.is_empty() && text.chars().count() <= outbound::MAX_INTERACTIVE_BODY;
    if reply.ask_location {
        // A location request carries no buttons: any options go as numbered lines in its body.
        let body = with_numbered(text, &reply.options);
        if body.chars().count() <= outbound::MAX_INTERACTIVE_BODY && !body.is_empty() {
            return outbound::location_request(to, &body);
        }
        return outbound::text(to, &shorten(&body, outbound::MAX_TEXT));
    }
    if fits_interactive && (1..=outbound::MAX_BUTTONS).contains(&n) {
        let buttons: Vec<Button> = reply
            .options
            .iter()
            .map(|o| Button {
                id: shorten(&o.text, outbound::MAX_BUTTON_ID),
                title: fit(o, outbound::MAX_BUTTON_TITLE),
            })
            .collect();
        if let Ok(body) = outbound::buttons(to, text, &buttons) {
            return Ok(body);
        }
    }
    if fits_interactive && (outbound::MAX_BUTTONS + 1..=outbound::MAX_ROWS).contains(&n) {
        let rows: Vec<Row> = reply.options.iter().map(row).collect();
        let button = shorten(list_button, outbound::MAX_LIST_BUTTON);
        if let Ok(body) = outbound::list(to, text, &button, &[Section { title: None, rows }]) {
            return Ok(body);
        }
    }
    // Too many options, titles that collide once shortened, or a long text: numbered lines, which the
    // engine accepts by number.
    outbound::text(to, &shorten(&with_numbered(text, &reply.options), outbound::MAX_TEXT))
}

/// A row titled with the label (or its short form) within 24 characters; a shortened title keeps the
/// full label readable as the row's description.
fn row(o: &Label) -> Row {
    let title = fit(o, outbound::MAX_ROW_TITLE);
    let description = (title != o.text).then(|| shorten(&o.text, outbound::MAX_ROW_DESCRIPTION));
    Row { id: shorten(&o.text, outbound::MAX_ROW_ID), title, description }
}

/// The label if it fits, else the dialog's short label if that fits, else the label shortened.
fn fit(o: &Label, max: usize) -> String {
    if o.text.chars().count() <= max {
        return o.text.clone();
    }
    match &o.short {
        Some(s) if !s.trim().is_empty() && s.chars().count() <= max => s.clone(),
        _ => shorten(&o.text, max),
    }
}

fn with_numbered(text: &str, options: &[Label]) -> String {
    let lines: Vec<String> = options.iter().enumerate().map(|(i, o)| format!("{}. {}", i + 1, o.text)).collect();
    match (text.is_empty(), lines.is_empty()) {
        (_, true) => text.to_owned(),
        (true, false) => lines.join("\n"),
        (false, false) => format!("{text}\n\n{}", lines.join("\n")),
    }
}

/// `t` if at most `max` characters, else cut between words (inside a word only when the first word is
/// too long) and ended with "…" — by characters, never inside a UTF-8 sequence.
pub fn shorten(t: &str, max: usize) -> String {
    let t = t.trim();
    if t.chars().count() <= max || max == 0 {
        return t.chars().take(max).collect();
    }
    let head: String = t.chars().take(max - 1).collect();
    let next_is_space = t.chars().nth(max - 1).is_some_and(char::is_whitespace);
    let cut = match head.rfind(char::is_whitespace) {
        _ if next_is_space => head.as_str(),
        Some(space) if space > 0 => &head[..space],
        _ => head.as_str(),
    };
    format!("{}…", cut.trim_end().trim_end_matches([',', ';', ':', '-', '.']))
}

#[cfg(test)]
mod tests;
