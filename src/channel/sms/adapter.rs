//! SMS as the core sees it: no buttons, no photos, 160 GSM-7 septets; options numbered in the text,
//! short replies of one step joined into one SMS (each costs the city money), and a text that does
//! not fit one SMS split into "(1/2)" parts, one send job each.

use std::sync::Arc;

use async_trait::async_trait;
use kentongan_dialog::{Dialogs, Lang, Reply};
use kentongan_pace::Pace;

use super::{Provider, SmsTransport};
use crate::channel::{Caps, ChannelAdapter, OutboundMessage, SendError, Sent, Transport};
use crate::domain::{Address, Channel};

/// Most SMS one message may become; a longer text is cut to fit them.
pub const MAX_SMS_PARTS: usize = 3;

pub struct SmsAdapter;

impl ChannelAdapter for SmsAdapter {
    fn channel(&self) -> Channel {
        Channel::Sms
    }

    fn caps(&self) -> Caps {
        Caps { buttons: false, lists: false, location_request: false, media: false, max_text_chars: 160 }
    }

    fn gather(&self, replies: Vec<Reply>, lang: Lang, dialogs: &Dialogs) -> Vec<Reply> {
        kentongan_dialog::render::sms_joined(replies, lang, dialogs)
    }

    /// The whole text with numbered options; [`parts`](Self::parts) splits it in the rare case it
    /// does not fit one SMS.
    fn render(&self, dialogs: &Dialogs, to: &Address, via: Option<&str>, reply: &Reply, lang: Lang) -> OutboundMessage {
        let text = kentongan_dialog::render::sms_full(reply, lang, dialogs);
        OutboundMessage { via: via.map(str::to_owned), ..OutboundMessage::text(to.clone(), text) }
    }

    /// One message, or for an SMS that does not fit one SMS (a last resort, counted in
    /// `kentongan_sms_split_total`) one per "(1/2)" part, at most [`MAX_SMS_PARTS`].
    fn parts(&self, msg: OutboundMessage) -> Vec<OutboundMessage> {
        let parts = sms_parts(&msg.text);
        if parts.len() == 1 {
            return vec![msg];
        }
        metrics::counter!("kentongan_sms_split_total", "provider" => msg.via.clone().unwrap_or_default()).increment(1);
        parts.into_iter().map(|text| OutboundMessage { text, ..msg.clone() }).collect()
    }

    /// An SMS address is the reporter's number (E.164).
    fn phone(&self, address: &Address) -> Option<String> {
        Some(address.id.clone())
    }
}

/// `text` as SMS parts, cut (ending in "..") until it needs at most [`MAX_SMS_PARTS`].
fn sms_parts(text: &str) -> Vec<String> {
    let mut parts = kentongan_dialog::gsm7::split_sms(text);
    let mut keep = text.chars().count();
    while parts.len() > MAX_SMS_PARTS && keep > 0 {
        keep = keep.saturating_sub(keep / 10 + 1);
        let cut: String = text.chars().take(keep).collect();
        parts = kentongan_dialog::gsm7::split_sms(&format!("{}..", cut.trim_end()));
    }
    parts
}

/// One provider as a [`Transport`]: its own outbox kind (`send.sms.<provider>`) and pace.
pub struct SmsSender {
    pub provider: Arc<dyn SmsTransport>,
    pub pace: Pace,
}

#[async_trait]
impl Transport for SmsSender {
    fn kind(&self) -> String {
        self.provider.provider().job_kind()
    }

    fn pace(&self) -> Pace {
        self.pace.clone()
    }

    async fn send(&self, msg: &OutboundMessage, job_id: i64) -> Result<Sent, SendError> {
        super::send(self.provider.as_ref(), msg, job_id).await.map(|()| None)
    }
}

impl Provider {
    /// The outbox kind of SMS sent through this provider.
    pub fn job_kind(self) -> String {
        crate::channel::default_send_kind(&Address::new(Channel::Sms, ""), Some(self.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::channel::Channels;
    use crate::jobs::Priority;

    fn sms(text: &str) -> OutboundMessage {
        let to = Address::new(Channel::Sms, "+6281234567890");
        OutboundMessage { via: Some("android".into()), ..OutboundMessage::text(to, text.into()) }
    }

    fn channels() -> Channels {
        Channels::new([Arc::new(SmsAdapter) as Arc<dyn ChannelAdapter>])
    }

    #[test]
    fn an_sms_that_fits_is_one_job_and_a_longer_one_is_one_job_per_part() {
        let now = Utc::now();
        assert_eq!(channels().jobs(&sms("Laporan diterima."), "k".into(), Priority::StatusPush, now).len(), 1);
        let long = "Jalan sudah ditambal oleh tim DPUPR pada hari Senin. ".repeat(5);
        let parts = channels().jobs(&sms(&long), "k".into(), Priority::StatusPush, now);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].dedupe_key, "k#1");
        assert!(parts[0].payload["text"].as_str().unwrap().starts_with("(1/2)"));
        assert!(parts.iter().all(|j| j.kind == "send.sms.android"));
    }

    #[test]
    fn a_very_long_sms_is_cut_to_three_parts() {
        let huge = "Tanggapan OPD yang sangat panjang sekali. ".repeat(100);
        let parts = channels().jobs(&sms(&huge), "k".into(), Priority::StatusPush, Utc::now());
        assert_eq!(parts.len(), MAX_SMS_PARTS);
        for p in &parts {
            let text = p.payload["text"].as_str().unwrap();
            assert!(kentongan_dialog::gsm7::septets(text).is_some_and(|n| n <= 160), "{text}");
        }
        assert!(parts[2].payload["text"].as_str().unwrap().ends_with(".."));
    }
}
