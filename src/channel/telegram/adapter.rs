//! Telegram as the core sees it: reply-keyboard buttons, a location button, photos, 4096 characters;
//! and its transport, `sendMessage` through the Bot API at the configured pace.

use async_trait::async_trait;
use kentongan_dialog::{Dialogs, Lang, Reply};
use kentongan_pace::Pace;
use teloxide::Bot;

use super::outbound::MAX_TEXT_CHARS;
use crate::channel::{Action, Caps, ChannelAdapter, OutboundMessage, SendError, Sent, Transport, chat_app_message};
use crate::domain::{Address, Channel};
use crate::store::{InboundBody, InboundEvent};

pub struct TelegramAdapter;

impl ChannelAdapter for TelegramAdapter {
    fn channel(&self) -> Channel {
        Channel::Telegram
    }

    fn caps(&self) -> Caps {
        Caps { buttons: true, lists: false, location_request: true, media: true, max_text_chars: MAX_TEXT_CHARS }
    }

    /// Text, the options as buttons and, when the step asks for a place, a location button.
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

    /// A tapped inline button is answered (`answerCallbackQuery`), or the phone shows a spinner.
    fn acknowledge(&self, event: &InboundEvent) -> Option<OutboundMessage> {
        let InboundBody::Button { ack: Some(query), .. } = &event.body else {
            return None;
        };
        let answer = Action::AnswerButton { callback_id: query.clone() };
        Some(OutboundMessage { action: Some(answer), ..OutboundMessage::text(event.address.clone(), String::new()) })
    }

    /// A blocked bot can still reach the reporter by SMS, at the number they shared.
    fn falls_back_to_sms(&self) -> bool {
        true
    }
}

/// The Bot API as a [`Transport`] (outbox kind `send.telegram`).
pub struct TelegramTransport {
    pub bot: Bot,
    pub pace: Pace,
}

#[async_trait]
impl Transport for TelegramTransport {
    fn kind(&self) -> String {
        crate::channel::default_send_kind(&Address::new(Channel::Telegram, ""), None)
    }

    fn pace(&self) -> Pace {
        self.pace.clone()
    }

    async fn send(&self, msg: &OutboundMessage, _job_id: i64) -> Result<Sent, SendError> {
        super::outbound::send(&self.bot, msg).await
    }
}
