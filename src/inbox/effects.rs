//! The effects the engine asks for that need the store: filing a report and looking up a ticket.

use chrono::NaiveDate;
use kentongan_dialog::{Effect, Lang, Reply, State};

use super::Inbox;
use crate::domain::{Address, PhoneNumber, TrackingId};
use crate::store::{InboundEvent, NewTicket, TicketView};

/// What one effect adds to the step's commit.
#[derive(Default)]
pub(super) struct Applied {
    pub replies: Vec<Reply>,
    pub ticket: Option<NewTicket>,
    /// The reporter's own phone number (E.164), to keep for SMS pushes.
    pub own_phone: Option<String>,
}

impl Inbox {
    /// Turns one effect into the replies it produces and, for a report, the ticket to write. `state` is
    /// the conversation after the step, `today` the citizen's date.
    pub(super) async fn apply_effect(
        &self,
        effect: Effect,
        event: &InboundEvent,
        state: &State,
        today: NaiveDate,
    ) -> anyhow::Result<Applied> {
        let lang = state.lang();
        let reporter = &event.address;
        match effect {
            Effect::SubmitReport(report) => {
                let tracking = TrackingId::generate(&self.tracking_prefix, &mut rand::rng());
                let id = tracking.to_string();
                let mut ticket = super::ticket::from_report(&report, reporter, id.clone(), event.received_at);
                ticket.via = event.via.clone();
                let reply = self.dialogs.ticket_created(&report, &id, self.channels.caps(reporter.channel));
                Ok(Applied { replies: vec![reply], ticket: Some(ticket), own_phone: None })
            }
            Effect::LookupStatus { query } => {
                let mut status = self.status_reply(&query, reporter, lang).await?;
                let caps = self.channels.caps(reporter.channel);
                if !state.has_draft() {
                    return Ok(Applied { replies: vec![status], ..Default::default() });
                }
                // In the middle of a report: the answer without the main menu, then the report's open
                // question again, so the draft is what the citizen answers next.
                status.options.clear();
                let mut replies = vec![status];
                replies.extend(kentongan_dialog::ask_again(&self.dialogs, state, caps, today));
                Ok(Applied { replies, ..Default::default() })
            }
            Effect::PhoneShared { phone } => {
                // Only a number we can text is kept; the engine has already thanked the reporter.
                let own_phone = PhoneNumber::parse(&phone, &self.sms_region).ok().map(|p| p.as_str().to_owned());
                Ok(Applied { own_phone, ..Default::default() })
            }
            Effect::LanguageChanged(_) => Ok(Applied::default()),
        }
    }

    /// Status and history, shown only to the ticket's own reporter; anyone else learns nothing.
    async fn status_reply(&self, query: &str, reporter: &Address, lang: Lang) -> anyhow::Result<Reply> {
        let caps = self.channels.caps(reporter.channel);
        let Ok(id) = TrackingId::parse(query, &self.tracking_prefix) else {
            return Ok(self.dialogs.menu_reply_on("status_invalid_id", lang, caps, &[]));
        };
        match self.store.find_ticket(&id.to_string()).await? {
            Some(ticket) if &ticket.reporter == reporter => {
                Ok(self.render_status(&ticket, lang, self.channels.caps(reporter.channel).is_sms()))
            }
            _ => Ok(self.dialogs.menu_reply_on("status_not_found", lang, caps, &[("id", &id.to_string())])),
        }
    }

    /// The header and the history; by SMS only the latest entry, so the answer stays one SMS.
    fn render_status(&self, ticket: &TicketView, lang: Lang, sms: bool) -> Reply {
        let status = self.dialogs.status_label(ticket.status.as_str(), lang);
        let mut reply =
            self.dialogs.menu_reply("status_header", lang, &[("id", &ticket.tracking_id), ("status", &status)]);
        let shown = if sms { ticket.history.len().saturating_sub(1) } else { 0 };
        for entry in &ticket.history[shown..] {
            let time = entry.at.with_timezone(&self.tz).format("%d/%m/%Y %H:%M").to_string();
            let label = self.dialogs.status_label(entry.status.as_str(), lang);
            let note = entry.note.clone().unwrap_or_default();
            let line =
                self.dialogs.message("status_line", lang, &[("time", &time), ("status", &label), ("note", &note)]);
            reply.text.push('\n');
            reply.text.push_str(line.trim_end());
        }
        reply
    }
}
