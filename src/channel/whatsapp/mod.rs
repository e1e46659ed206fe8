//! WhatsApp Business Platform (Cloud API): the channel's pure pieces — settings, webhook verification,
//! payload parsing, request bodies, error classes, the 24-hour window, media download and sending —
//! ready to plug into the channel `Transport` once it exists.
//!
//! Personal data: a `wa_id`, a phone number, message text or a token never goes into a log line or
//! an error message built here.

pub mod accept;
pub mod config;
pub mod errors;
pub mod inbound;
pub mod media;
pub mod outbound;
pub mod render;
pub mod send;
pub mod webhook;
pub mod window;
pub mod wire;

pub use accept::{Rejected, accept};
pub use config::{StatusTemplate, TemplateSettings, WhatsAppSettings};
pub use errors::{Failure, GraphError};
pub use inbound::{Inbound, InboundMessage, MessageContent, ParseError, StatusUpdate};
pub use send::GraphClient;
