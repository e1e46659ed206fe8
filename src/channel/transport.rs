//! The one way out of every channel: a transport sends one rendered message and classifies the
//! provider's answer (`Ok` with the provider's reference, or a [`SendError`] saying who waits).
//! The send worker (`outbound`) paces, records and retries; a transport only speaks its wire.

use async_trait::async_trait;
use kentongan_pace::Pace;

use super::{OutboundMessage, SendError};

/// A provider's answer to a send that went out: its id for the message, when it gives one
/// (Telegram's `message_id`, a Graph API `wamid`); kept with the send record.
pub type Sent = Option<String>;

/// One configured way out: one send worker runs per transport.
#[async_trait]
pub trait Transport: Send + Sync {
    /// The outbox kind whose jobs this transport sends (`send.telegram`, `send.sms.kannel`, …): what
    /// [`ChannelAdapter::send_kind`](super::ChannelAdapter::send_kind) gives its messages.
    fn kind(&self) -> String;

    /// How fast it may send: global and per-chat rates.
    fn pace(&self) -> Pace;

    /// Sends one message. `job_id` is stable across retries of the same message: a provider that
    /// takes an idempotency key or a reference for delivery reports gets it from here.
    async fn send(&self, msg: &OutboundMessage, job_id: i64) -> Result<Sent, SendError>;
}
