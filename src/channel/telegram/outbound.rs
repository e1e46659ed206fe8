//! Renders an outbound message as a Telegram `sendMessage` and maps Bot API failures to retry decisions.

use std::time::Duration;

use teloxide::payloads::SendMessageSetters;
use teloxide::prelude::Requester;
use teloxide::types::{ButtonRequest, ChatId, KeyboardButton, KeyboardMarkup, ReplyMarkup};
use teloxide::{ApiError, Bot, RequestError};

use crate::outbound::{OutboundMessage, SendError};

/// Telegram's limit for one message text, in characters.
const MAX_TEXT_CHARS: usize = 4096;

/// Sends one message and returns Telegram's `message_id` for it; the caller decides about retries
/// from the error.
pub async fn send(bot: &Bot, msg: &OutboundMessage) -> Result<String, SendError> {
    let chat: i64 = msg.to.id.parse().map_err(|_| SendError::Permanent("telegram chat id is not a number".into()))?;
    let text: String = msg.text.chars().take(MAX_TEXT_CHARS).collect();
    let sent = bot.send_message(ChatId(chat), text).reply_markup(keyboard(msg)).await.map_err(classify)?;
    Ok(sent.id.0.to_string())
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
