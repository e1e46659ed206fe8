//! The terminal (`kentongan chat`) as a channel: pseudo photos and locations, numbered options, one
//! outbox kind per user so two terminals never mix. Nothing is sent: `chat` prints what is queued.

use std::sync::Arc;

use kentongan_dialog::{Dialogs, Lang, Reply};

use crate::channel::{Caps, ChannelAdapter, ChannelPlugin, OutboundMessage, Wired, Wiring, chat_app_message};
use crate::domain::{Address, Channel};

pub struct CliAdapter;

impl ChannelAdapter for CliAdapter {
    fn channel(&self) -> Channel {
        Channel::Cli
    }

    fn caps(&self) -> Caps {
        Caps { buttons: false, lists: false, location_request: true, media: true, max_text_chars: 4096 }
    }

    fn render(
        &self,
        dialogs: &Dialogs,
        to: &Address,
        _via: Option<&str>,
        reply: &Reply,
        lang: Lang,
    ) -> OutboundMessage {
        chat_app_message(dialogs, to, reply, lang, self.caps())
    }

    /// A local terminal: no metrics of its own.
    fn served(&self) -> bool {
        false
    }

    /// `send.cli:{user}`: each terminal reads its own replies.
    fn send_kind(&self, to: &Address, _via: Option<&str>) -> String {
        format!("send.cli:{}", to.id)
    }
}

/// Registered so stored CLI conversations render; it runs nothing (`kentongan chat` drives it).
pub struct CliPlugin;

impl ChannelPlugin for CliPlugin {
    fn adapter(&self) -> Arc<dyn ChannelAdapter> {
        Arc::new(CliAdapter)
    }

    fn wire(&self, _: &Wiring<'_>) -> anyhow::Result<Wired> {
        Ok(Wired::default())
    }
}

/// The terminal's rendering: text, numbered options, a hint for the location button.
pub fn show(msg: &OutboundMessage) -> String {
    let mut out = format!("bot> {}", msg.text.replace('\n', "\n     "));
    if let Some(label) = &msg.location_button {
        out.push_str(&format!("\n     [{label}: /lokasi LAT LON]"));
    }
    for (i, option) in msg.options.iter().enumerate() {
        out.push_str(&format!("\n     [{}] {option}", i + 1));
    }
    out
}
