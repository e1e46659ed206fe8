//! The one way an inbound SMS enters: check the sender, apply the flood guard, store durably.
//! A provider handler answers 2xx only after this returns `Ok`.

use std::time::Instant;

use tracing::debug;

use super::{ReceivedSms, SmsState, Verdict};
use crate::domain::{Address, Channel, PhoneNumber};
use crate::http::ApiError;
use crate::store::{Accepted, InboundBody, InboundEvent};

/// What became of an inbound SMS. Every outcome is acknowledged to the provider (it would retry
/// anything else); only `Accepted` leads to an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ingested {
    Accepted,
    /// Seen before under the same delivery id.
    Duplicate,
    /// An alphanumeric or invalid sender: nobody to answer.
    NotAPhone,
    /// Over the number's flood limit and already told.
    Dropped,
}

pub async fn ingest(sms_state: &SmsState, sms: ReceivedSms) -> Result<Ingested, ApiError> {
    let provider = sms.provider.as_str();
    let phone = match PhoneNumber::parse(&sms.from, &sms_state.settings.default_region) {
        Ok(phone) => phone,
        Err(reason) => {
            // The number is personal data even when it is not a phone number: only the reason is logged.
            debug!(provider, reason = %reason, "sms from a sender we cannot answer; acknowledged and ignored");
            metrics::counter!("kentongan_sms_ignored_total", "provider" => provider, "reason" => "sender").increment(1);
            return Ok(Ingested::NotAPhone);
        }
    };
    let now = Instant::now();
    let body = match sms_state.flood.verdict(phone.as_str(), now) {
        Verdict::Allow => InboundBody::Text { text: sms.text },
        Verdict::Notice => InboundBody::Flooded { minutes: sms_state.flood.window_minutes() },
        Verdict::Drop => {
            metrics::counter!("kentongan_sms_ignored_total", "provider" => provider, "reason" => "flood").increment(1);
            return Ok(Ingested::Dropped);
        }
    };
    let event = InboundEvent {
        address: Address::new(Channel::Sms, phone.as_str()),
        external_id: format!("{provider}:{}", sms.delivery_id),
        body,
        lang_hint: None,
        // The provider's timestamp is a phone's or an SMSC's clock: information, not ours to order by.
        received_at: crate::channel::clock::our_clock(provider, sms.received_at, false),
        via: Some(provider.to_owned()),
    };
    Ok(match sms_state.intake.accept(&event).await? {
        Accepted::New(_) => {
            sms_state.flood.record(phone.as_str(), now);
            Ingested::Accepted
        }
        Accepted::Duplicate => Ingested::Duplicate,
    })
}
