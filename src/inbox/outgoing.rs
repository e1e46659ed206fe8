//! What a processed event sends out: replies rendered for the recipient's channel, and the jobs that
//! go with a new ticket.

use chrono::{DateTime, Utc};
use kentongan_dialog::{Dialogs, Lang};

use crate::domain::Address;
use crate::forward::FORWARD_JOB;
use crate::outbound::OutboundMessage;
use crate::store::{NewJob, NewTicket};

/// An engine reply as the recipient's channel shows it: SMS gets numbered options inside one text,
/// Telegram gets buttons and, when the step asks for a place, a location button.
/// `via` is the SMS provider for SMS addresses. An SMS text is rendered whole; the sender splits it with
/// "(1/2)" markers in the rare case it does not fit one SMS.
pub fn render_outbound(
    dialogs: &Dialogs,
    to: &Address,
    via: Option<&str>,
    reply: &kentongan_dialog::Reply,
    lang: Lang,
) -> OutboundMessage {
    let caps = to.channel.caps();
    let via = via.map(str::to_owned);
    if caps.is_sms() {
        let text = kentongan_dialog::render::sms_full(reply, lang, dialogs);
        return OutboundMessage {
            to: to.clone(),
            text,
            options: Vec::new(),
            location_button: None,
            via,
            reroute: None,
        };
    }
    let location_button =
        (reply.ask_location && caps.location_button).then(|| dialogs.message("location_button", lang, &[]));
    let options = reply.options.clone();
    OutboundMessage { to: to.clone(), text: reply.text.clone(), options, location_button, via: None, reroute: None }
}

/// The jobs written in the same transaction as a new ticket: a ticket never exists without its forward job.
pub fn ticket_jobs(ticket: &NewTicket, now: DateTime<Utc>) -> Vec<NewJob> {
    vec![NewJob {
        kind: FORWARD_JOB.into(),
        dedupe_key: format!("forward:{}", ticket.id),
        payload: serde_json::json!({ "ticket_id": ticket.id }),
        priority: 0,
        run_at: now,
    }]
}
