//! What the reporter is told about an admin action, from `[citizen]` of admin.toml; the response comes
//! with the rating prompt. The caller sends these on the reporter's channel (and splits long SMS).

use crate::engine::AdminEffect;
use crate::lang::Lang;
use crate::rating::Rating;
use crate::texts::Texts;
use crate::ticket::PhotoRef;

/// One message to the reporter; `buttons` are labels (Telegram/WhatsApp), a tap comes back as its label
/// and [`crate::rating_outcome`] reads it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CitizenMessage {
    pub text: String,
    pub buttons: Vec<String>,
    pub photo: Option<PhotoRef>,
}

/// The reporter's messages for `effect` on ticket `id`; `opd` is the name of the OPD that acted (for a
/// re-route: the new one). `sms`: numbered answers instead of buttons. Triage and admin-only effects: none.
pub fn render_citizen(texts: &Texts, lang: Lang, sms: bool, effect: &AdminEffect, opd: &str) -> Vec<CitizenMessage> {
    let say = |key: &str, args: &[(&str, &str)]| CitizenMessage {
        text: texts.citizen(lang, key, args),
        ..Default::default()
    };
    match effect {
        AdminEffect::Accept { ticket } => vec![say("accepted", &[("id", ticket), ("opd", opd)])],
        AdminEffect::Reroute { ticket, .. } => vec![say("rerouted", &[("id", ticket), ("opd", opd)])],
        AdminEffect::RequestInfo { ticket, question } => {
            vec![say("info_request", &[("id", ticket), ("opd", opd), ("question", question)])]
        }
        AdminEffect::Respond { ticket, text, photo } => {
            let mut response = say("response", &[("id", ticket), ("opd", opd), ("text", text)]);
            response.photo = if sms { None } else { photo.clone() };
            vec![response, rating_prompt(texts, lang, sms, None)]
        }
        AdminEffect::Postpone { ticket, reason } => {
            vec![say("postponed", &[("id", ticket), ("opd", opd), ("reason", reason)])]
        }
        AdminEffect::Reject { ticket, reason } => {
            let label = texts.reason_label(lang, reason).unwrap_or_else(|| reason.clone());
            vec![say("rejected", &[("id", ticket), ("reason", &label)])]
        }
        _ => Vec::new(),
    }
}

/// The rating prompt, or with `reminder_for` the one reminder: [Puas] [Belum puas], on SMS "Balas 1 …".
pub fn rating_prompt(texts: &Texts, lang: Lang, sms: bool, reminder_for: Option<&str>) -> CitizenMessage {
    let text = match (reminder_for, sms) {
        (None, false) => texts.citizen(lang, "rating_prompt", &[]),
        (None, true) => texts.citizen(lang, "rating_prompt_sms", &[]),
        (Some(id), false) => texts.citizen(lang, "rating_reminder", &[("id", id)]),
        (Some(id), true) => texts.citizen(lang, "rating_reminder_sms", &[("id", id)]),
    };
    let buttons = if sms { Vec::new() } else { vec![texts.button(lang, "puas"), texts.button(lang, "belum_puas")] };
    CitizenMessage { text, buttons, photo: None }
}

/// The answer to a rating: thanks for Puas; for Belum puas, that the ticket is reopened to `opd` (the
/// caller moves it back to `ditindaklanjuti` with the reason and pings the OPD with `render_relay`).
pub fn render_rating_answer(texts: &Texts, lang: Lang, rating: &Rating, id: &str, opd: &str) -> CitizenMessage {
    let text = match rating {
        Rating::Puas => texts.citizen(lang, "rating_thanks", &[]),
        Rating::BelumPuas { .. } => texts.citizen(lang, "reopened", &[("id", id), ("opd", opd)]),
    };
    CitizenMessage { text, ..Default::default() }
}
