//! Channel adapters: they verify, parse the wire format into an [`InboundEvent`], and render outbound
//! replies. No business rules live here. What every adapter hands its events to is [`Intake`].

mod adapter;
pub mod cli;
pub mod clock;
mod media;
mod message;
mod plugin;
mod registry;
pub mod sms;
pub mod telegram;
mod transport;
pub mod whatsapp;

pub use adapter::{Caps, ChannelAdapter, chat_app_message, default_send_kind};
pub use media::{Fetched, MediaError, MediaSource};
pub use message::{Action, OutboundMessage, SendError};
pub use plugin::{ChannelPlugin, Wired, Wiring};
pub use registry::{Channels, job};
pub use transport::{Sent, Transport};

use async_trait::async_trait;

use crate::store::{Accepted, InboundEvent, StoreResult};

/// Where an adapter hands a parsed event: the durable accept. An adapter acknowledges its provider
/// only after `accept` returned `Ok` (the inbox implements it).
#[async_trait]
pub trait Intake: Send + Sync {
    /// Stores the event once, keyed by (channel, external id); a duplicate is `Accepted::Duplicate`.
    async fn accept(&self, event: &InboundEvent) -> StoreResult<Accepted>;
}
