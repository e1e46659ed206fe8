//! Per-channel rendering of a `Reply` where the channel has no buttons: SMS (one message) and the CLI.

use crate::dialogs::Dialogs;
use crate::gsm7;
use crate::types::{Lang, Reply};

/// Text plus numbered options ("Balas 1 Biasa, 2 Anonim, 3 Rahasia"), normalised to GSM-7 and cut to one SMS.
pub fn sms(reply: &Reply, lang: Lang, dialogs: &Dialogs) -> String {
    let text = gsm7::normalize(&reply.text);
    let Some(options) = sms_options(reply, lang, dialogs) else {
        return gsm7::truncate(&text, gsm7::ONE_SMS);
    };
    // The options line is the part a feature phone cannot do without: cut the text, keep it.
    let options_cost = gsm7::septets(&options).unwrap_or(gsm7::ONE_SMS) + 1;
    let budget = gsm7::ONE_SMS.saturating_sub(options_cost);
    let text = if budget < 10 { String::new() } else { gsm7::truncate(&text, budget) };
    let joined = if text.is_empty() { options } else { format!("{text}\n{options}") };
    gsm7::truncate(&joined, gsm7::ONE_SMS)
}

/// The same SMS rendering (GSM-7 text, then the numbered options) without cutting: what the validator
/// measures, and what the app sends, split with `gsm7::split_sms`, when a reply is longer than one SMS.
pub fn sms_full(reply: &Reply, lang: Lang, dialogs: &Dialogs) -> String {
    let text = gsm7::normalize(&reply.text);
    match sms_options(reply, lang, dialogs) {
        Some(options) => format!("{text}\n{options}"),
        None => text,
    }
}

/// Joins consecutive replies into one SMS wherever the joined rendering still fits one SMS (a reply with
/// options only ever ends a joined SMS, so its numbered line stays last): every SMS costs the city money,
/// and "Foto tidak bisa lewat SMS." and the next question fit together.
pub fn sms_joined(replies: Vec<Reply>, lang: Lang, dialogs: &Dialogs) -> Vec<Reply> {
    let mut out: Vec<Reply> = Vec::with_capacity(replies.len());
    for reply in replies {
        if let Some(last) = out.last_mut().filter(|l| l.options.is_empty()) {
            let joined = Reply { text: format!("{}\n{}", last.text, reply.text), ..reply.clone() };
            if gsm7::fits_one_sms(&sms_full(&joined, lang, dialogs)) {
                *last = joined;
                continue;
            }
        }
        out.push(reply);
    }
    out
}

fn sms_options(reply: &Reply, lang: Lang, dialogs: &Dialogs) -> Option<String> {
    if reply.options.is_empty() {
        return None;
    }
    let list: Vec<String> = reply.options.iter().enumerate().map(|(i, o)| format!("{} {}", i + 1, o)).collect();
    let line = dialogs.message("sms_reply", lang, &[("options", &list.join(", "))]);
    Some(gsm7::normalize(&line))
}

/// CLI: the text, then one `  [1] Biasa  [2] Anonim` line.
pub fn plain(reply: &Reply) -> String {
    let mut out = reply.text.clone();
    if !reply.options.is_empty() {
        let list: String = reply.options.iter().enumerate().map(|(i, o)| format!("  [{}] {}", i + 1, o)).collect();
        out.push('\n');
        out.push_str(&list);
    }
    if reply.ask_location {
        out.push_str("\n  [📍]");
    }
    out
}
