//! Building the reply that asks a step's question, per language and channel.

use crate::dialogs::Dialogs;
use crate::model::{Kind, Step};
use crate::types::{Caps, Lang, Reply};

/// Button message keys of the built-in kinds, in order.
pub(crate) fn button_keys(kind: &Kind, photos_so_far: usize) -> &'static [&'static str] {
    match kind {
        Kind::Date => &["btn_today", "btn_yesterday", "btn_skip"],
        Kind::Photos { .. } if photos_so_far > 0 => &["btn_done"],
        Kind::Photos { .. } => &["btn_skip"],
        Kind::YesNo => &["btn_yes", "btn_no"],
        Kind::Confirm => &["btn_send", "btn_edit", "btn_cancel"],
        _ => &[],
    }
}

/// Option labels of a step in `lang`.
pub(crate) fn options(d: &Dialogs, step: &Step, lang: Lang, photos_so_far: usize) -> Vec<String> {
    if matches!(step.kind, Kind::Choice) {
        return step.options.iter().map(|o| o.label.get(lang).to_owned()).collect();
    }
    button_keys(&step.kind, photos_so_far).iter().map(|k| d.message(k, lang, &[])).collect()
}

/// The prompt text: the short `sms` variant on SMS when the file has one.
pub(crate) fn prompt_text(step: &Step, lang: Lang, caps: Caps) -> &str {
    match &step.sms[lang.index()] {
        Some(short) if caps.is_sms() => short,
        _ => step.prompt.get(lang),
    }
}

/// The reply asking `step` (without the dynamic parts of `confirm` and `opd`).
pub(crate) fn step_reply(d: &Dialogs, step: &Step, lang: Lang, caps: Caps) -> Reply {
    Reply {
        text: prompt_text(step, lang, caps).to_owned(),
        options: options(d, step, lang, 0),
        ask_location: matches!(step.kind, Kind::LocationOrText { .. }) && caps.location_button,
    }
}

/// All names a built-in button answers to: its label in every language plus its `[aliases]`.
pub(crate) fn button_names<'a>(d: &'a Dialogs, key: &str) -> Vec<&'a str> {
    let mut names: Vec<&str> = d.texts(key).map(|t| t.all().collect()).unwrap_or_default();
    names.extend(d.aliases(key).iter().map(String::as_str));
    names
}

/// Names of every button in `keys`, for `matching::pick`.
pub(crate) fn buttons<'a>(d: &'a Dialogs, keys: &[&str]) -> Vec<Vec<&'a str>> {
    keys.iter().map(|k| button_names(d, k)).collect()
}
