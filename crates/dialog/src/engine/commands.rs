//! Global commands (`/batal`, `/kembali`, `/bantuan`, `/start`, `/bahasa`, `/privasi`, `lapor`, `cek <id>`):
//! data-driven aliases.

use super::Cx;
use super::matching::norm;
use crate::dialogs::Dialogs;
use crate::state::Pending;
use crate::types::{Effect, Input};

/// A recognised global command.
#[derive(Debug, PartialEq)]
pub(crate) enum Cmd {
    Cancel,
    Back,
    Help,
    Start,
    Language,
    Privacy,
    Report(Option<String>),
    Status(Option<String>),
}

/// Recognises a command: the whole text equals an alias, or (for `lapor`/`status`) starts with one,
/// in any case, with any spacing, and with a colon after it ("Lapor: lampu mati…"). `in_draft`: a draft
/// takes free text as its answer, so "lapor <text>" is no command (a one-shot waiting for its place is
/// not such a draft: a new "LAPOR <isi>" replaces it), and "cek <text>" is a lookup only when the text
/// looks like a tracking ID; outside a draft "cek <anything>" is always a lookup, so every number typed
/// after CEK gets the same kind of answer.
pub(crate) fn parse(d: &Dialogs, text: &str, in_draft: bool) -> Option<Cmd> {
    let text = strip_bot_name(text.trim());
    let whole = norm(text.trim_end_matches(':'));
    let is = |name: &str| aliases(d, name).any(|a| a == whole);
    let simple = [
        ("batal", Cmd::Cancel),
        ("kembali", Cmd::Back),
        ("bantuan", Cmd::Help),
        ("start", Cmd::Start),
        ("bahasa", Cmd::Language),
        ("privasi", Cmd::Privacy),
        ("lapor", Cmd::Report(None)),
        ("status", Cmd::Status(None)),
    ];
    if let Some((_, cmd)) = simple.into_iter().find(|(name, _)| is(name)) {
        return Some(cmd);
    }
    let (head, rest) = text.split_once(|c: char| c.is_whitespace() || c == ':')?;
    let (head, rest) = (norm(head), rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':').trim());
    // "cek jalan rusak" inside a description is not a lookup: an id is short and has a digit,
    // though a feature-phone user may type it with spaces ("PKL 7Q3 K9X").
    // "cek status PKL-…": the word "status" is no part of the number.
    let query = match rest.split_once(char::is_whitespace) {
        Some((word, number)) if norm(word) == "status" => number.trim(),
        _ => rest,
    };
    let lookup = !in_draft || looks_like_id(query, d.id_prefix.as_deref());
    if aliases(d, "status").any(|a| a == head) && !query.is_empty() && lookup {
        return Some(Cmd::Status(Some(query.to_owned())));
    }
    // "LAPOR <isi aduan>" files at once on SMS (`[oneshot]`) or opens a report with its first answer;
    // inside a draft it is just text (but it replaces a one-shot waiting for its place).
    if !in_draft && aliases(d, "lapor").any(|a| a == head) && !rest.is_empty() {
        return Some(Cmd::Report(Some(rest.to_owned())));
    }
    None
}

/// `text` without a leading report keyword ("LAPOR saluran air mampet" → "saluran air mampet"): inside a
/// draft such a text is an answer, and the keyword is no part of it.
pub(crate) fn without_report_keyword<'t>(d: &Dialogs, text: &'t str) -> &'t str {
    let trimmed = text.trim_start();
    let Some((head, rest)) = trimmed.split_once(|c: char| c.is_whitespace() || c == ':') else {
        return text;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':');
    if !rest.is_empty() && aliases(d, "lapor").any(|a| a == norm(head)) { rest } else { text }
}

fn aliases<'a>(d: &'a Dialogs, name: &str) -> impl Iterator<Item = String> + 'a {
    d.catalog.commands.get(name).into_iter().flatten().map(|a| norm(a))
}

fn looks_like_id(s: &str, prefix: Option<&str>) -> bool {
    let compact: String = s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let tokens: Vec<&str> = s.split_whitespace().collect();
    let has_digit = compact.chars().any(|c| c.is_ascii_digit());
    // Digits may be typed as O/I/L, so the first piece may also be the prefix, where PK1 is PKL.
    let starts_with_prefix = prefix.zip(tokens.first()).is_some_and(|(p, first)| {
        let first = first.trim_end_matches('-').to_ascii_uppercase();
        first.len() == p.len()
            && first.chars().zip(p.chars()).all(|(a, b)| {
                a == b
                    || (matches!(a, '1' | 'I' | 'L') && matches!(b, '1' | 'I' | 'L'))
                    || (matches!(a, '0' | 'O') && matches!(b, '0' | 'O'))
            })
    });
    // A tracking ID may be all letters (PKL-QRSTVWX); typed in pieces it must show a digit or the
    // prefix to be told apart from words.
    (6..=14).contains(&compact.chars().count())
        && compact.chars().all(|c| c.is_ascii_alphanumeric())
        && (tokens.len() == 1 || (tokens.len() <= 4 && (has_digit || starts_with_prefix)))
}

/// Telegram groups send `/start@kentongan_bot`.
fn strip_bot_name(text: &str) -> String {
    match text.split_once(char::is_whitespace) {
        Some((head, rest)) if head.starts_with('/') => {
            format!("{} {rest}", head.split('@').next().unwrap_or(head))
        }
        _ if text.starts_with('/') => text.split('@').next().unwrap_or(text).to_owned(),
        _ => text.to_owned(),
    }
}

pub(crate) fn run(cx: &mut Cx, cmd: Cmd) {
    match cmd {
        Cmd::Cancel => {
            let key = if cx.st.has_draft() { "cancelled" } else { "nothing_to_cancel" };
            cx.st.clear_draft();
            cx.menu(key, &[]);
        }
        Cmd::Back => cx.go_back(),
        // By SMS outside a report, one SMS with the keywords (no menu after it: that would be a second SMS).
        Cmd::Help if cx.ev.caps.is_sms() && !cx.st.has_draft() => {
            cx.st.pending = None;
            cx.say("sms_help", &[]);
        }
        Cmd::Help => {
            cx.say("help", &[]);
            cx.show_current();
        }
        Cmd::Privacy if cx.ev.caps.is_sms() && !cx.st.has_draft() => {
            cx.st.pending = None;
            cx.say("privacy_info", &[]);
        }
        Cmd::Privacy => {
            cx.say("privacy_info", &[]);
            cx.show_current();
        }
        Cmd::Start | Cmd::Report(None) if cx.st.has_draft() => cx.ask(Pending::ResumeOrRestart),
        Cmd::Start => {
            cx.st.pending = None;
            cx.menu("welcome", &[]);
        }
        Cmd::Report(first_answer) => report(cx, first_answer),
        Cmd::Language => cx.ask(Pending::Language),
        Cmd::Status(None) => cx.ask(Pending::StatusId),
        Cmd::Status(Some(query)) => cx.effects.push(Effect::LookupStatus { query }),
    }
}

fn report(cx: &mut Cx, first_answer: Option<String>) {
    if first_answer.as_deref().is_some_and(|text| super::oneshot::file(cx, text)) {
        return;
    }
    let before = cx.replies.len();
    cx.start_draft();
    if let (Some(text), Some(step)) = (first_answer, cx.current()) {
        cx.replies.truncate(before);
        super::inputs::answer(cx, step, &Input::Text(text));
    }
}
