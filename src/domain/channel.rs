//! Where a citizen talks to us, and their address on that channel.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A conversation channel: an identifier (stored in the database, in job payloads). What a channel
/// can do and how it looks is its adapter's business (`channel::ChannelAdapter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Telegram,
    Sms,
    /// WhatsApp Business Platform (Cloud API); stored as "whatsapp" (`rename_all`).
    WhatsApp,
    /// The terminal (`kentongan chat`), for trying dialogs without a phone.
    Cli,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Telegram => "telegram",
            Channel::Sms => "sms",
            Channel::WhatsApp => "whatsapp",
            Channel::Cli => "cli",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "telegram" => Ok(Channel::Telegram),
            "sms" => Ok(Channel::Sms),
            "whatsapp" => Ok(Channel::WhatsApp),
            "cli" => Ok(Channel::Cli),
            other => Err(format!("unknown channel {other:?}")),
        }
    }
}

/// A reporter's address on a channel: a Telegram chat id, an E.164 number, a CLI user name.
/// Personal data: never log it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Address {
    pub channel: Channel,
    pub id: String,
}

impl Address {
    pub fn new(channel: Channel, id: impl Into<String>) -> Self {
        Self { channel, id: id.into() }
    }
}
