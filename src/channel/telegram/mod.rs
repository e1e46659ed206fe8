//! Telegram Bot API adapter (teloxide types on the wire).

mod adapter;
pub mod commands;
pub mod inbound;
mod media;
pub mod outbound;
mod plugin;
pub mod polling;
pub mod webhook;

pub use adapter::{TelegramAdapter, TelegramTransport};
pub use media::TelegramMedia;
pub use plugin::TelegramPlugin;

use secrecy::ExposeSecret;
use teloxide::Bot;

use crate::config::TelegramSettings;

/// A bot client for the configured token and API URL; `None` when Telegram is off.
pub fn bot(settings: &TelegramSettings) -> anyhow::Result<Option<Bot>> {
    let Some(token) = &settings.token else {
        return Ok(None);
    };
    let mut bot = Bot::new(token.expose_secret());
    if let Some(url) = &settings.api_url {
        let url = reqwest::Url::parse(url).map_err(|e| anyhow::anyhow!("telegram.api_url: {e}"))?;
        bot = bot.set_api_url(url);
    }
    Ok(Some(bot))
}
