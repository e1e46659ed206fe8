//! Turns a stored ticket into what the central API receives. Anonymous tickets carry no reporter;
//! a "rahasia" ticket sent to an endpoint that publishes what it receives carries no text, place or
//! photo — only a neutral description naming the tracking ID; the full report stays in the gateway.

use kentongan_central::{Attachment, ForwardTicket, Reporter};

use crate::channel::Channels;
use crate::store::TicketRecord;

/// Builds the forward payload; `channels` say whether the reporter's address is a phone number,
/// `service_code` comes from the OPD catalogue, `endpoint_private` from `central.endpoint_private`.
pub fn forward_ticket(
    channels: &Channels,
    record: &TicketRecord,
    service_code: Option<String>,
    attachments: Vec<Attachment>,
    endpoint_private: bool,
) -> ForwardTicket {
    let t = &record.ticket;
    let reporter = (!t.anonymous).then(|| Reporter {
        name: None,
        // Only an address that is a number (SMS) is sent as the phone; a Telegram chat id is not.
        phone: channels.phone(&t.reporter),
        channel: t.reporter.channel.as_str().to_string(),
    });
    let withheld = t.confidential && !endpoint_private;
    let description = if withheld { confidential_description(&t.tracking_id) } else { t.description.clone() };
    ForwardTicket {
        id: t.id,
        tracking_id: t.tracking_id.clone(),
        report_type: t.report_type.clone().unwrap_or_else(|| "pengaduan".into()),
        title: if withheld { "Laporan rahasia".into() } else { kentongan_central::title(&t.description) },
        description,
        occurred_on: t.occurred_on,
        location: if withheld { None } else { t.location },
        address: if withheld { None } else { t.address_text.clone() },
        opd_code: t.opd_code.clone(),
        service_code,
        anonymous: t.anonymous,
        confidential: t.confidential,
        reporter,
        attachments: if withheld { Vec::new() } else { attachments },
    }
}

/// What a public central endpoint receives instead of a confidential report.
fn confidential_description(tracking_id: &str) -> String {
    format!(
        "Laporan rahasia {tracking_id}. Pelapor meminta isi laporan tidak dipublikasikan; isi, lokasi dan foto \
         laporan dapat dibaca petugas di gateway pengaduan kota dengan nomor laporan ini."
    )
}

/// Appended to what the central API receives when photos the reporter sent could not be fetched.
pub fn photos_left_out_note(n: usize) -> String {
    format!("\n\n({n} foto dari pelapor tidak dapat diambil dari kanal pengaduan dan tidak ikut terkirim.)")
}
