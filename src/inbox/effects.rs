//! The effects the engine asks for that need the store: filing a report and looking up a ticket.

use chrono::{DateTime, Utc};
use kentongan_dialog::{Effect, Lang, Reply};

use super::Inbox;
use crate::domain::{Address, TrackingId};
use crate::store::{NewTicket, TicketView};

impl Inbox {
    /// Turns one effect into the reply it produces and, for a report, the ticket to write.
    pub(super) async fn apply_effect(
        &self,
        effect: Effect,
        reporter: &Address,
        lang: Lang,
        received_at: DateTime<Utc>,
    ) -> anyhow::Result<(Option<Reply>, Option<NewTicket>)> {
        match effect {
            Effect::SubmitReport(report) => {
                let tracking = TrackingId::generate(&self.tracking_prefix, &mut rand::rng());
                let ticket = super::ticket::from_report(&report, reporter, tracking.to_string(), received_at);
                let id = tracking.to_string();
                let reply = self.dialogs.menu_reply("ticket_created", lang, &[("id", &id)]);
                Ok((Some(reply), Some(ticket)))
            }
            Effect::LookupStatus { query } => Ok((Some(self.status_reply(&query, reporter, lang).await?), None)),
            Effect::LanguageChanged(_) => Ok((None, None)),
        }
    }

    /// Status and history, shown only to the ticket's own reporter; anyone else learns nothing.
    async fn status_reply(&self, query: &str, reporter: &Address, lang: Lang) -> anyhow::Result<Reply> {
        let Ok(id) = TrackingId::parse(query, &self.tracking_prefix) else {
            return Ok(self.dialogs.menu_reply("status_invalid_id", lang, &[]));
        };
        match self.store.find_ticket(&id.to_string()).await? {
            Some(ticket) if &ticket.reporter == reporter => Ok(self.render_status(&ticket, lang)),
            _ => Ok(self.dialogs.menu_reply("status_not_found", lang, &[("id", &id.to_string())])),
        }
    }

    fn render_status(&self, ticket: &TicketView, lang: Lang) -> Reply {
        let status = self.dialogs.status_label(ticket.status.as_str(), lang);
        let mut reply =
            self.dialogs.menu_reply("status_header", lang, &[("id", &ticket.tracking_id), ("status", &status)]);
        for entry in &ticket.history {
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
