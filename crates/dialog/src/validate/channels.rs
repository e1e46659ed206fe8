//! The right words on each channel: an SMS text never speaks of buttons or slash commands (a feature
//! phone has neither), a Telegram text never tells the citizen to type an SMS keyword (LAPOR, CEK, BATAL…:
//! Telegram has buttons and /commands). Each text is checked where it is sent: a step's `sms` prompt (or
//! its prompt when it has none) and `[sms.<key>]` (or `[messages.<key>]`) by SMS, the prompt and
//! `[messages.<key>]` on Telegram; `model::message_channels` says which messages go where.

use crate::dialogs::{Dialogs, MENU_COMMANDS};
use crate::model::{Dialog, L10n, message_channels};
use crate::problem::Problem;
use crate::types::Lang;

/// Words that speak of buttons (any language, whole words, any case).
const BUTTON_WORDS: &[&str] = &["tombol", "button", "buttons", "klik", "click", "tap", "ketuk", "pencet"];

/// What is wrong with `text` as an SMS: a button word or a slash command, named.
fn sms_problem(text: &str) -> Option<String> {
    let words = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    if let Some(word) = words.clone().find(|w| BUTTON_WORDS.contains(&w.to_lowercase().as_str())) {
        return Some(format!("speaks of buttons ('{word}'), which SMS has not"));
    }
    // A slash that starts a word and is followed by a letter: "/status", not "RT/RW" or "28/11".
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        if c == '/' && (previous.is_whitespace() || "([\"'".contains(previous)) {
            let name: String = text[i + 1..].chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            if !name.is_empty() {
                return Some(format!("names the slash command '/{name}', which SMS has not (use its keyword)"));
            }
        }
        previous = c;
    }
    None
}

/// What is wrong with `text` on Telegram: an SMS keyword written as one (all capitals, "Ketik LAPOR"),
/// named. `LAPOR!` with its exclamation mark is the national system's name, not a command.
fn telegram_problem(text: &str, keywords: &[String]) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_alphabetic()) {
        let word_len = rest[start..].find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len() - start);
        let word = &rest[start..start + word_len];
        let after = rest[start + word_len..].chars().next();
        let capitals = word.chars().count() >= 2 && word.chars().all(|c| c.is_uppercase());
        if capitals && after != Some('!') && keywords.contains(&word.to_lowercase()) {
            return Some(format!("names the SMS keyword '{word}' (Telegram has buttons and /commands)"));
        }
        rest = &rest[start + word_len..];
    }
    None
}

/// Every command alias that is a single word without a slash: what an SMS user types.
fn sms_keywords(d: &Dialogs) -> Vec<String> {
    let all = d.catalog.commands.values().flatten();
    all.filter(|a| !a.starts_with('/') && !a.contains(' ')).map(|a| a.to_lowercase()).collect()
}

pub(super) fn check(d: &Dialogs, out: &mut Vec<Problem>) {
    let keywords = sms_keywords(d);
    for dialog in d.dialogs.values() {
        steps(dialog, &keywords, out);
    }
    let catalog = &d.catalog;
    let problem = |table: &str, key: &str, lang: Lang, channel: &str, what: String| Problem {
        file: catalog.file.clone(),
        line: catalog.lines.get(&format!("{table}.{key}")).copied(),
        step: Some(key.to_owned()),
        message: format!("{channel} text in '{}' {what}", lang.code()),
    };
    for (key, text) in &catalog.messages {
        let (by_sms, on_chat) = message_channels(key);
        let sms_text = catalog.sms.get(key);
        let fix = if sms_text.is_some() { "" } else { "; word it for SMS in [sms.<key>]" };
        for lang in Lang::ALL {
            if on_chat && let Some(what) = telegram_problem(text.get(lang), &keywords) {
                let what = format!("{what}{}", fix.replace("<key>", key));
                out.push(problem("messages", key, lang, "Telegram", what));
            }
            let (table, sms) = match sms_text {
                Some(t) => ("sms", t),
                None => ("messages", text),
            };
            if by_sms && let Some(what) = sms_problem(sms.get(lang)) {
                let what = format!("{what}{}", fix.replace("<key>", key));
                out.push(problem(table, key, lang, "SMS", what));
            }
        }
    }
    for (key, label) in &catalog.status {
        for lang in Lang::ALL {
            let what = telegram_problem(label.get(lang), &keywords).or_else(|| sms_problem(label.get(lang)));
            if let Some(what) = what {
                out.push(problem("status", key, lang, "A status", what));
            }
        }
    }
    menu_commands(d, out);
    super::whatsapp::check(d, out);
}

/// Step prompts: the `sms` prompt (or the prompt) by SMS, the prompt on Telegram.
fn steps(dialog: &Dialog, keywords: &[String], out: &mut Vec<Problem>) {
    for step in &dialog.steps {
        let line = step.prompt_line.or(Some(step.line));
        let at = |message: String| super::problem(dialog, line, &step.id, message);
        for lang in Lang::ALL {
            let prompt = step.prompt.get(lang);
            let sms = step.sms[lang.index()].as_deref().unwrap_or(prompt);
            let code = lang.code();
            if let Some(what) = telegram_problem(prompt, keywords) {
                out.push(at(format!("Telegram prompt in '{code}' {what}; keep SMS keywords to the `sms` prompt")));
            }
            if let Some(what) = sms_problem(sms) {
                out.push(at(format!("SMS prompt in '{code}' {what}; add an `sms` prompt without it")));
            }
        }
        for option in &step.options {
            if let Some(what) = labels_problem(&option.label, keywords) {
                out.push(super::problem(dialog, Some(option.line), &step.id, format!("option label {what}")));
            }
        }
    }
}

fn labels_problem(label: &L10n, keywords: &[String]) -> Option<String> {
    label.all().find_map(|l| sms_problem(l).or_else(|| telegram_problem(l, keywords)))
}

/// Each command of the Telegram command menu needs a `/` alias that Telegram accepts as a command name
/// (1–32 of a-z, 0-9, _).
fn menu_commands(d: &Dialogs, out: &mut Vec<Problem>) {
    let catalog = &d.catalog;
    for key in MENU_COMMANDS {
        let ok = d.command_name(key).is_some_and(|n| {
            (1..=32).contains(&n.len()) && n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        });
        if !ok && catalog.commands.contains_key(key) {
            out.push(Problem {
                file: catalog.file.clone(),
                line: catalog.lines.get(&format!("commands.{key}")).copied(),
                step: Some(format!("commands.{key}")),
                message: "needs a `/` alias of 1-32 lower-case letters, digits or _ for the Telegram command menu"
                    .into(),
            });
        }
    }
}
