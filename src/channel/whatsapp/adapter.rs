//! WhatsApp as the core sees it: reply buttons (up to 3), lists (up to 10), a location request,
//! photos, 4,096 characters; an address that is the citizen's number, so a push that cannot go by
//! WhatsApp may go by SMS to the same number.

use kentongan_dialog::{Dialogs, Lang, Reply};

use super::outbound::MAX_TEXT;
use crate::channel::{Caps, ChannelAdapter, OutboundMessage, chat_app_message};
use crate::domain::{Address, Channel};

pub struct WhatsAppAdapter;

impl ChannelAdapter for WhatsAppAdapter {
    fn channel(&self) -> Channel {
        Channel::WhatsApp
    }

    fn caps(&self) -> Caps {
        Caps { buttons: true, lists: true, location_request: true, media: true, max_text_chars: MAX_TEXT }
    }

    /// The reply as a chat app shows it; the transport picks buttons, a list or numbered lines, and
    /// needs the language for the list's button and the dialog's short labels.
    fn render(
        &self,
        dialogs: &Dialogs,
        to: &Address,
        _via: Option<&str>,
        reply: &Reply,
        lang: Lang,
    ) -> OutboundMessage {
        let mut msg = chat_app_message(dialogs, to, reply, lang, self.caps());
        msg.lang = Some(lang.code().to_owned());
        msg
    }

    fn falls_back_to_sms(&self) -> bool {
        true
    }

    /// A WhatsApp address is the citizen's number (E.164, from the webhook's `wa_id`).
    fn phone(&self, address: &Address) -> Option<String> {
        Some(address.id.clone())
    }
}
