//! WhatsApp Business Platform (Cloud API) as a channel: settings, webhook verification and parsing,
//! request bodies, error classes, the 24-hour window, media download and sending (the pure pieces), and
//! the plug-in that joins them to the app (`plugin.rs`: routes, transport, media source).
//!
//! Personal data: a `wa_id`, a phone number, message text or a token never goes into a log line or
//! an error message built here.

pub mod accept;
mod adapter;
pub mod config;
pub mod errors;
pub mod inbound;
pub mod media;
mod media_source;
pub mod outbound;
mod plugin;
pub mod render;
mod routes;
pub mod send;
mod translate;
mod transport;
pub mod webhook;
pub mod window;
pub mod wire;

pub use accept::{Rejected, accept};
pub use config::{StatusTemplate, TemplateSettings, WhatsAppSettings};
pub use errors::{Failure, GraphError};
pub use inbound::{Inbound, InboundMessage, MessageContent, ParseError, StatusUpdate};
pub use plugin::WhatsAppPlugin;
pub use send::GraphClient;
