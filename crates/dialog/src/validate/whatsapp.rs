//! WhatsApp's button limits: up to 3 options show as reply buttons (titles ≤ 20 characters), 4–10 as a
//! list (row titles ≤ 24), more as numbered lines (no limit). Every option label that WhatsApp would show
//! in a button or a row must fit — or its `short` label must — in every language; the built-in buttons
//! (`btn_*`, `lang_name_*`, the `menu_*` list) and the step titles of the summary's "Ubah" list too.

use crate::dialogs::{Dialogs, MENU};
use crate::model::{Dialog, L10n};
use crate::problem::Problem;
use crate::types::Lang;

/// Reply-button title limit (1–3 options).
pub(crate) const BUTTON_TITLE: usize = 20;
/// List-row title limit (4–10 options).
pub(crate) const ROW_TITLE: usize = 24;

/// The limit for a label among `count` options, or `None` when they go as numbered lines.
fn limit(count: usize) -> Option<(usize, &'static str)> {
    match count {
        0..=3 => Some((BUTTON_TITLE, "reply-button title")),
        4..=10 => Some((ROW_TITLE, "list-row title")),
        _ => None,
    }
}

/// The first language whose text is over `max` characters, with its length.
fn over(text: &L10n, max: usize) -> Option<(Lang, usize)> {
    Lang::ALL.into_iter().map(|l| (l, text.get(l).chars().count())).find(|(_, n)| *n > max)
}

pub(super) fn check(d: &Dialogs, out: &mut Vec<Problem>) {
    for dialog in d.dialogs.values() {
        options(dialog, out);
        titles(dialog, out);
    }
    let catalog = &d.catalog;
    for (key, text) in &catalog.messages {
        let max = match key.as_str() {
            k if MENU.contains(&k) => ROW_TITLE,
            k if k.starts_with("btn_") || k.starts_with("lang_name_") => BUTTON_TITLE,
            _ => continue,
        };
        if let Some((lang, n)) = over(text, max) {
            out.push(Problem {
                file: catalog.file.clone(),
                line: catalog.lines.get(&format!("messages.{key}")).copied(),
                step: Some(key.clone()),
                message: format!("button label in '{}' is {n} characters, over WhatsApp's limit of {max}", lang.code()),
            });
        }
    }
}

/// Each option of a choice step, against the limit its step's option count implies.
fn options(dialog: &Dialog, out: &mut Vec<Problem>) {
    for step in &dialog.steps {
        let Some((max, what)) = limit(step.options.len()) else { continue };
        for option in &step.options {
            let at = |message: String| super::problem(dialog, Some(option.line), &step.id, message);
            if let Some(short) = &option.short {
                if let Some((lang, n)) = over(short, max) {
                    let code = lang.code();
                    out.push(at(format!(
                        "short label in '{code}' is {n} characters, over WhatsApp's {what} limit of {max}"
                    )));
                }
            } else if let Some((lang, n)) = over(&option.label, max) {
                let code = lang.code();
                out.push(at(format!(
                    "option label in '{code}' is {n} characters, over WhatsApp's {what} limit of {max}; shorten it or add `short`"
                )));
            }
        }
    }
}

/// The summary's "Ubah" list shows the titles of the steps that store a field.
fn titles(dialog: &Dialog, out: &mut Vec<Problem>) {
    let editable: Vec<_> = dialog.steps.iter().filter(|s| s.field.is_some()).collect();
    let Some((max, what)) = limit(editable.len()) else { return };
    for step in editable {
        if let Some((lang, n)) = over(&step.title, max) {
            let code = lang.code();
            let message = format!(
                "title in '{code}' is {n} characters, over WhatsApp's {what} limit of {max} (the \"Ubah\" list)"
            );
            out.push(super::problem(dialog, Some(step.line), &step.id, message));
        }
    }
}
