//! Turns a stored ticket into what the central API receives. Anonymous tickets carry no reporter.

use kentongan_central::{Attachment, ForwardTicket, Reporter};

use crate::domain::Channel;
use crate::store::TicketRecord;

/// Builds the forward payload; `service_code` comes from the OPD catalogue.
pub fn forward_ticket(
    record: &TicketRecord,
    service_code: Option<String>,
    attachments: Vec<Attachment>,
) -> ForwardTicket {
    let t = &record.ticket;
    let reporter = (!t.anonymous).then(|| Reporter {
        name: None,
        // Only an SMS address is a phone number; a Telegram chat id is not.
        phone: (t.reporter.channel == Channel::Sms).then(|| t.reporter.id.clone()),
        channel: t.reporter.channel.as_str().to_string(),
    });
    ForwardTicket {
        id: t.id,
        tracking_id: t.tracking_id.clone(),
        report_type: t.report_type.clone().unwrap_or_else(|| "pengaduan".into()),
        title: kentongan_central::title(&t.description),
        description: t.description.clone(),
        occurred_on: t.occurred_on,
        location: t.location,
        address: t.address_text.clone(),
        opd_code: t.opd_code.clone(),
        service_code,
        anonymous: t.anonymous,
        confidential: t.confidential,
        reporter,
        attachments,
    }
}
