//! Telegram photos: `getFile` for the path, then the Bot API's file endpoint, capped in size.

use std::path::Path;

use async_trait::async_trait;
use teloxide::Bot;
use teloxide::prelude::Requester;

use crate::channel::{Fetched, MediaError, MediaSource};

pub struct TelegramMedia {
    pub bot: Bot,
}

#[async_trait]
impl MediaSource for TelegramMedia {
    async fn fetch(&self, file_ref: &str, dst: &Path, max_bytes: u64) -> Result<Fetched, MediaError> {
        let file = match self.bot.get_file(file_ref.to_string().into()).await {
            Ok(file) => file,
            // The Bot API said no about this file (400 "wrong file_id", too big, gone): asking again cannot help.
            // Anything else (rate limits, Telegram's own errors) is retried with the ticket.
            Err(teloxide::RequestError::Api(e)) if refuses_file(&e) => {
                return Err(MediaError::Refused(format!("getFile: {e}")));
            }
            Err(e) => return Err(MediaError::Failed(e.into())),
        };
        if u64::from(file.meta.size) > max_bytes {
            return Ok(Fetched::TooLarge { bytes: u64::from(file.meta.size) });
        }
        download(&self.bot, &file.path, dst, max_bytes).await?;
        Ok(Fetched::Written)
    }
}

/// Fetches `file_path` from the Bot API's file endpoint into `dst`, refusing more than `max_bytes`.
/// The path keeps its slashes ("photos/file_1.jpg"): teloxide 0.13's downloader escapes them as %2F.
async fn download(bot: &Bot, file_path: &str, dst: &Path, max_bytes: u64) -> Result<(), MediaError> {
    let mut url = bot.api_url();
    {
        let mut segments = url
            .path_segments_mut()
            .map_err(|()| MediaError::Failed(anyhow::anyhow!("telegram.api_url cannot carry a path")))?;
        segments.pop_if_empty().push("file").push(&format!("bot{}", bot.token()));
        segments.extend(file_path.split('/').filter(|s| !s.is_empty() && *s != ".."));
    }
    // Errors carry no URL: it holds the bot token.
    let hide = |e: reqwest::Error| MediaError::Failed(anyhow::anyhow!("file download: {}", e.without_url()));
    let response = client().get(url).send().await.map_err(hide)?;
    let status = response.status();
    if status.is_client_error()
        && status != reqwest::StatusCode::TOO_MANY_REQUESTS
        && status != reqwest::StatusCode::REQUEST_TIMEOUT
    {
        return Err(MediaError::Refused(format!("file download: HTTP {}", status.as_u16())));
    }
    let mut response = response.error_for_status().map_err(hide)?;
    let io = |e: std::io::Error| MediaError::Failed(e.into());
    let mut out = tokio::fs::File::create(dst).await.map_err(io)?;
    let mut written = 0u64;
    while let Some(chunk) = response.chunk().await.map_err(hide)? {
        written += chunk.len() as u64;
        if written > max_bytes {
            drop(out);
            tokio::fs::remove_file(dst).await.ok();
            return Err(MediaError::Refused("photo larger than media.max_bytes".into()));
        }
        tokio::io::AsyncWriteExt::write_all(&mut out, &chunk).await.map_err(io)?;
    }
    out.sync_all().await.map_err(io)?;
    Ok(())
}

/// One client for file downloads, with timeouts: a stalled download must not hold up forwarding.
fn client() -> &'static reqwest::Client {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(10))
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .unwrap_or_default()
    })
}

/// Bot API answers that are about the file itself, so no retry can change them.
fn refuses_file(e: &teloxide::ApiError) -> bool {
    use teloxide::ApiError as E;
    match e {
        E::WrongFileId | E::WrongFileIdOrUrl | E::FailedToGetUrlContent | E::RequestEntityTooLarge => true,
        E::Unknown(text) => {
            let text = text.to_ascii_lowercase();
            ["file_id", "file is too big", "file not found", "invalid file"].iter().any(|w| text.contains(w))
        }
        _ => false,
    }
}
