//! The ping for a new ticket, the relayed citizen reply, and the buttons that fit a ticket's status.

use crate::action::Action;
use crate::lang::Lang;
use crate::message::{AdminMessage, Button, excerpt};
use crate::texts::Texts;
use crate::ticket::{Channel, PhotoRef, ReportType, Reporter, TicketView};
use crate::transition::ticket_actions;

/// How much of the description a ping shows.
pub const PING_EXCERPT: usize = 300;
/// A relayed reply sent as a photo's caption stays within Telegram's 1024-character caption limit.
pub const RELAY_WITH_PHOTO: usize = 800;
/// A relayed text alone stays within Telegram's 4096-character message limit.
pub const RELAY_TEXT: usize = 3500;
/// The place as the caller words it is cut too: the ping with a photo is a caption.
const PLACE_MAX: usize = 120;

/// A ping: tracking id, type, OPD, place, the first ~300 characters, the channel, the due date, the photo,
/// the reporter's name only for `Reporter::Known`, and the buttons its status allows.
pub fn render_ping(texts: &Texts, lang: Lang, ticket: &TicketView) -> AdminMessage {
    let opd = match &ticket.opd {
        Some(opd) => opd.name.clone(),
        None => texts.message(lang, "opd_triage", &[]),
    };
    let place =
        ticket.place.as_deref().map_or_else(|| texts.message(lang, "place_none", &[]), |p| excerpt(p, PLACE_MAX));
    let args = [
        ("kind", kind_label(texts, lang, ticket.report_type)),
        ("id", ticket.id.clone()),
        ("opd", opd),
        ("place", place),
        ("channel", channel_label(texts, lang, ticket.reporter.channel())),
        ("text", excerpt(&ticket.text, PING_EXCERPT)),
    ];
    let mut text = texts.message(lang, "ping", &pairs(&args));
    if let Reporter::Known { name: Some(name), .. } = &ticket.reporter {
        text.push('\n');
        text.push_str(&texts.message(lang, "ping_reporter", &[("name", name)]));
    }
    if let Some(due) = ticket.due {
        text.push('\n');
        text.push_str(&texts.message(lang, "ping_due", &[("due", &due.format("%d/%m/%Y").to_string())]));
    }
    AdminMessage { text, buttons: ticket_buttons(texts, lang, ticket), photo: ticket.photo.clone() }
}

/// The reporter's reply to "Minta info", relayed to the admin: text, photo or both; named only when known.
pub fn render_relay(
    texts: &Texts,
    lang: Lang,
    ticket: &TicketView,
    text: Option<&str>,
    photo: Option<PhotoRef>,
) -> AdminMessage {
    let max = if photo.is_some() { RELAY_WITH_PHOTO } else { RELAY_TEXT };
    let text = text.map(|t| excerpt(t, max)).filter(|t| !t.is_empty());
    let body = match (text, &ticket.reporter) {
        (None, _) => texts.message(lang, "relay_photo", &[("id", &ticket.id)]),
        (Some(t), Reporter::Known { name: Some(name), .. }) => {
            texts.message(lang, "relay_named", &[("id", &ticket.id), ("name", &excerpt(name, 60)), ("text", &t)])
        }
        (Some(t), _) => texts.message(lang, "relay", &[("id", &ticket.id), ("text", &t)]),
    };
    AdminMessage { text: body, buttons: ticket_buttons(texts, lang, ticket), photo }
}

/// Triage: the classifier's suggestions, the full list and Tolak; otherwise the status's actions.
pub(crate) fn ticket_buttons(texts: &Texts, lang: Lang, ticket: &TicketView) -> Vec<Button> {
    if ticket.opd.is_none() && ticket.status.awaits_acceptance() {
        let mut out = opd_buttons(ticket.suggestions.iter().take(3));
        out.push(Button::new(&texts.button(lang, "full_list"), Action::RerouteList { page: 0 }));
        out.push(Button::new(&texts.button(lang, "reject"), Action::Reject));
        return out;
    }
    ticket_actions(ticket.status).into_iter().map(|a| Button::new(&action_label(texts, lang, &a), a)).collect()
}

pub(crate) fn opd_buttons<'a>(opds: impl Iterator<Item = &'a crate::ticket::OpdRef>) -> Vec<Button> {
    opds.map(|o| Button::new(o.short.as_deref().unwrap_or(&o.code), Action::RerouteTo { opd: o.code.clone() }))
        .collect()
}

fn action_label(texts: &Texts, lang: Lang, action: &Action) -> String {
    let key = match action {
        Action::Accept => "accept",
        Action::NotOurs => "not_ours",
        Action::RequestInfo => "request_info",
        Action::Respond => "respond",
        Action::Postpone => "postpone",
        _ => "reject",
    };
    texts.button(lang, key)
}

pub(crate) fn kind_label(texts: &Texts, lang: Lang, kind: ReportType) -> String {
    let key = match kind {
        ReportType::Pengaduan => "kind_pengaduan",
        ReportType::Aspirasi => "kind_aspirasi",
        ReportType::PermintaanInformasi => "kind_permintaan_informasi",
    };
    texts.message(lang, key, &[])
}

pub(crate) fn channel_label(texts: &Texts, lang: Lang, channel: Channel) -> String {
    let key = match channel {
        Channel::Telegram => "channel_telegram",
        Channel::Sms => "channel_sms",
        Channel::Whatsapp => "channel_whatsapp",
    };
    texts.message(lang, key, &[])
}

pub(crate) fn pairs<'a>(args: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    args.iter().map(|(k, v)| (*k, v.as_str())).collect()
}
