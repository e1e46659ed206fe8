//! Sends an outbound message through the Bot API — `sendMessage` with a reply keyboard, or the effect it
//! carries: `answerCallbackQuery` for a tapped button, `editMessageText` / `editMessageReplyMarkup`
//! with an inline keyboard — and maps Bot API failures to retry decisions.

use std::time::Duration;

use teloxide::payloads::{
    AnswerCallbackQuerySetters, EditMessageReplyMarkupSetters, EditMessageTextSetters, SendMessageSetters,
};
use teloxide::prelude::Requester;
use teloxide::types::{
    ButtonRequest, CallbackQueryId, ChatId, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, KeyboardMarkup,
    MessageId, ReplyMarkup,
};
use teloxide::{ApiError, Bot, RequestError};

use crate::channel::{Action, OutboundMessage, SendError, Sent};

/// Telegram's limit for one message text, in characters.
pub const MAX_TEXT_CHARS: usize = 4096;

/// Sends one message (or its effect) and returns Telegram's `message_id` for the message it sent or
/// edited; the caller decides about retries from the error.
pub async fn send(bot: &Bot, msg: &OutboundMessage) -> Result<Sent, SendError> {
    let chat: i64 = msg.to.id.parse().map_err(|_| SendError::Permanent("telegram chat id is not a number".into()))?;
    let text: String = msg.text.chars().take(MAX_TEXT_CHARS).collect();
    match &msg.action {
        None => {
            let sent = bot.send_message(ChatId(chat), text).reply_markup(keyboard(msg)).await.map_err(classify)?;
            Ok(Some(sent.id.0.to_string()))
        }
        Some(Action::AnswerButton { callback_id }) => {
            let mut answer = bot.answer_callback_query(CallbackQueryId(callback_id.clone()));
            if !text.is_empty() {
                answer = answer.text(text);
            }
            answer.await.map_err(classify)?;
            Ok(None)
        }
        Some(Action::EditText { message_id }) => {
            let id = message_id_of(message_id)?;
            let edit = bot.edit_message_text(ChatId(chat), id, text).reply_markup(inline_keyboard(msg));
            edit.await.map_err(classify)?;
            Ok(Some(message_id.clone()))
        }
        // The Bot API has no read receipts: nothing to send.
        Some(Action::MarkRead { .. }) => Ok(None),
        Some(Action::EditButtons { message_id }) => {
            let id = message_id_of(message_id)?;
            let edit = bot.edit_message_reply_markup(ChatId(chat), id).reply_markup(inline_keyboard(msg));
            edit.await.map_err(classify)?;
            Ok(Some(message_id.clone()))
        }
    }
}

fn message_id_of(id: &str) -> Result<MessageId, SendError> {
    id.parse().map(MessageId).map_err(|_| SendError::Permanent("telegram message id is not a number".into()))
}

/// Inline keyboard: one button per option, its label as its callback data (a tap answers as the
/// label typed would), one per row.
pub fn inline_keyboard(msg: &OutboundMessage) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(msg.options.iter().map(|o| vec![InlineKeyboardButton::callback(o, o)]))
}

/// Reply keyboard: the location button first (private chats only), then one option per row.
pub fn keyboard(msg: &OutboundMessage) -> ReplyMarkup {
    let mut rows: Vec<Vec<KeyboardButton>> = Vec::new();
    if let Some(label) = &msg.location_button {
        rows.push(vec![KeyboardButton::new(label).request(ButtonRequest::Location)]);
    }
    // Short labels pair up two per row so a long menu still fits on a phone screen.
    let short = msg.options.iter().all(|o| o.chars().count() <= 16);
    let per_row = if short && msg.options.len() > 3 { 2 } else { 1 };
    for chunk in msg.options.chunks(per_row) {
        rows.push(chunk.iter().map(KeyboardButton::new).collect());
    }
    if rows.is_empty() {
        ReplyMarkup::kb_remove()
    } else {
        ReplyMarkup::Keyboard(KeyboardMarkup::new(rows).resize_keyboard())
    }
}

/// Maps a Bot API failure: 429 waits as told (whose limit it was, the answer does not say: the pacer
/// judges), blocked chats stop, network trouble retries.
pub fn classify(err: RequestError) -> SendError {
    match err {
        RequestError::RetryAfter(secs) => SendError::TooManyRequests(secs.duration()),
        RequestError::Api(
            ApiError::BotBlocked | ApiError::UserDeactivated | ApiError::BotKicked | ApiError::ChatNotFound,
        ) => SendError::Unreachable,
        RequestError::Api(api) => SendError::Permanent(format!("telegram refused the message: {api}")),
        RequestError::MigrateToChatId(_) => SendError::Permanent("chat migrated to a supergroup".into()),
        RequestError::Network(_) | RequestError::Io(_) => SendError::Retry(Duration::from_secs(2)),
        RequestError::InvalidJson { .. } => SendError::Retry(Duration::from_secs(5)),
    }
}
