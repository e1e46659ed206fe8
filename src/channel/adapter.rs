//! What a channel is, without any configuration: what it can show (capabilities), how an engine reply
//! looks on it (its one renderer), which outbox kind its messages go to, and what its addresses are.

use kentongan_dialog::{Dialogs, Lang, Reply};

use super::OutboundMessage;
use crate::domain::{Address, Channel};
use crate::store::InboundEvent;

/// What a channel can show and carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    /// Tappable answer buttons (otherwise options are numbered in the text).
    pub buttons: bool,
    /// A list picker for more options than buttons take (WhatsApp's list message).
    pub lists: bool,
    /// A "share my location" request.
    pub location_request: bool,
    /// Photos come in.
    pub media: bool,
    /// The longest text one message carries, in characters.
    pub max_text_chars: usize,
}

impl Caps {
    /// What the dialog engine needs to know of them.
    pub fn dialog(self) -> kentongan_dialog::Caps {
        kentongan_dialog::Caps { media: self.media, location_button: self.location_request, buttons: self.buttons }
    }
}

/// One channel's pure side; registered in [`Channels`](super::Channels).
pub trait ChannelAdapter: Send + Sync {
    /// The identifier stored with conversations, tickets and jobs.
    fn channel(&self) -> Channel;

    fn caps(&self) -> Caps;

    /// One step's replies, before rendering: a channel that pays per message joins what fits one.
    fn gather(&self, replies: Vec<Reply>, _lang: Lang, _dialogs: &Dialogs) -> Vec<Reply> {
        replies
    }

    /// An engine reply as this channel shows it (buttons, lists or numbered text, within its limits).
    /// `via` is the provider an inbound message came through, for channels with several.
    fn render(&self, dialogs: &Dialogs, to: &Address, via: Option<&str>, reply: &Reply, lang: Lang) -> OutboundMessage;

    /// The effect that acknowledges an inbound event, sent before the step's replies: Telegram answers
    /// a tapped button's callback query; a channel with read receipts marks the message read.
    fn acknowledge(&self, _event: &InboundEvent) -> Option<OutboundMessage> {
        None
    }

    /// The messages one rendered message travels as: itself, or (SMS) one per part.
    fn parts(&self, msg: OutboundMessage) -> Vec<OutboundMessage> {
        vec![msg]
    }

    /// The outbox kind of a message to `to` (its transport's [`kind`](super::Transport::kind)).
    fn send_kind(&self, to: &Address, via: Option<&str>) -> String {
        default_send_kind(to, via)
    }

    /// Whether citizens reach the gateway through it over the network (not a local terminal).
    fn served(&self) -> bool {
        true
    }

    /// Whether a status push to a reporter unreachable here may go by SMS to the number they shared
    /// (a chat app's reporters, yes; SMS itself, no).
    fn falls_back_to_sms(&self) -> bool {
        false
    }

    /// The reporter's phone number when the address is one (E.164), for the central API.
    fn phone(&self, _address: &Address) -> Option<String> {
        None
    }
}

/// `send.{channel}`, or `send.{channel}.{via}` for a message through one of the channel's providers
/// (each provider has its own send worker and pace): `send.telegram`, `send.sms.kannel`.
pub fn default_send_kind(to: &Address, via: Option<&str>) -> String {
    match via {
        Some(via) => format!("send.{}.{via}", to.channel),
        None => format!("send.{}", to.channel),
    }
}

/// A reply on a chat app: the text, its options as they are, and a location button when asked for.
pub fn chat_app_message(dialogs: &Dialogs, to: &Address, reply: &Reply, lang: Lang, caps: Caps) -> OutboundMessage {
    let location_button =
        (reply.ask_location && caps.location_request).then(|| dialogs.message("location_button", lang, &[]));
    OutboundMessage {
        options: reply.options.clone(),
        location_button,
        ..OutboundMessage::text(to.clone(), reply.text.clone())
    }
}
