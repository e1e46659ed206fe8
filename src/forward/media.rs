//! Photos: downloaded from the channel by the forward worker, stored under an unguessable token,
//! and served at `GET /media/{token}` so the central API gets a URL.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kentongan_central::Attachment;
use rand::RngCore;
use teloxide::Bot;
use teloxide::prelude::Requester;
use tracing::warn;
use uuid::Uuid;

use crate::config::MediaSettings;
use crate::domain::Channel;
use crate::http::AppState;
use crate::store::{MediaRow, Store, TicketRecord};

pub struct MediaFetcher {
    pub store: Arc<dyn Store>,
    pub telegram: Option<Bot>,
    pub settings: MediaSettings,
}

impl MediaFetcher {
    /// Downloads every photo not yet on disk and returns the public URLs of those that are.
    /// A photo the channel cannot give (too large, CLI pseudo-photo) is left out; a network failure is an error.
    pub async fn ensure(&self, record: &TicketRecord) -> anyhow::Result<Photos> {
        let rows = self.store.ticket_media(record.ticket.id).await?;
        self.ensure_rows(record, &rows).await
    }

    /// `ensure` with the ticket's media rows already read. A photo the channel refuses for good (deleted,
    /// wrong file id) is marked unavailable, named once in a warning, and the ticket goes on without it;
    /// a network failure is an error, so the ticket waits and retries.
    pub async fn ensure_rows(&self, record: &TicketRecord, rows: &[MediaRow]) -> anyhow::Result<Photos> {
        let id = record.ticket.id;
        let mut attachments = Vec::new();
        let mut left_out = rows.iter().filter(|r| r.unavailable.is_some()).count();
        for row in rows.iter().filter(|r| r.unavailable.is_none()) {
            let token = match (&row.token, &row.path) {
                (Some(token), Some(_)) => token.clone(),
                _ => match self.download(record, id, row.position, &row.file_ref).await {
                    Ok(Some(token)) => token,
                    Ok(None) => continue,
                    Err(Fetch::Refused(reason)) => {
                        warn!(ticket = %record.ticket.tracking_id, photo = row.position, reason = %reason,
                            "the channel refused a photo for good; forwarding the ticket without it");
                        self.store.record_media_unavailable(id, row.position, &reason).await?;
                        left_out += 1;
                        continue;
                    }
                    Err(Fetch::Failed(e)) => return Err(e),
                },
            };
            let base = self.settings.public_base_url.trim_end_matches('/');
            attachments.push(Attachment { url: format!("{base}/media/{token}"), mime: "image/jpeg".into() });
        }
        Ok(Photos { attachments, left_out })
    }

    async fn download(
        &self,
        record: &TicketRecord,
        id: Uuid,
        position: i64,
        file_ref: &str,
    ) -> Result<Option<String>, Fetch> {
        let (Channel::Telegram, Some(bot)) = (record.ticket.reporter.channel, &self.telegram) else {
            return Ok(None);
        };
        let file = match bot.get_file(file_ref.to_string().into()).await {
            Ok(file) => file,
            // The Bot API said no about this file (400 "wrong file_id", too big, gone): asking again cannot help.
            // Anything else (rate limits, Telegram's own errors) is retried with the ticket.
            Err(teloxide::RequestError::Api(e)) if refuses_file(&e) => {
                return Err(Fetch::Refused(format!("getFile: {e}")));
            }
            Err(e) => return Err(Fetch::Failed(e.into())),
        };
        if u64::from(file.meta.size) > self.settings.max_bytes {
            warn!(ticket.id = %id, bytes = file.meta.size, "photo larger than media.max_bytes; not forwarded");
            return Ok(None);
        }
        let failed = |e: std::io::Error| Fetch::Failed(e.into());
        tokio::fs::create_dir_all(&self.settings.dir).await.map_err(failed)?;
        let token = new_token();
        let path: PathBuf = self.settings.dir.join(format!("{token}.jpg"));
        let partial = path.with_extension("part");
        download(bot, &file.path, &partial, self.settings.max_bytes).await?;
        // Rename after a complete write: a crash never leaves a half photo behind a token.
        tokio::fs::rename(&partial, &path).await.map_err(failed)?;
        self.store
            .record_media(id, position, &token, &path.to_string_lossy(), "image/jpeg")
            .await
            .map_err(|e| Fetch::Failed(e.into()))?;
        Ok(Some(token))
    }
}

/// What of a ticket's photos can go to the central API.
pub struct Photos {
    pub attachments: Vec<Attachment>,
    /// Photos the channel refused for good: the central side is told how many are missing.
    pub left_out: usize,
}

/// Why a photo did not arrive.
enum Fetch {
    /// The channel said no for good: forward without it.
    Refused(String),
    /// Try again later.
    Failed(anyhow::Error),
}

/// Fetches `file_path` from the Bot API's file endpoint into `dst`, refusing more than `max_bytes`.
/// The path keeps its slashes ("photos/file_1.jpg"): teloxide 0.13's downloader escapes them as %2F.
async fn download(bot: &Bot, file_path: &str, dst: &std::path::Path, max_bytes: u64) -> Result<(), Fetch> {
    let mut url = bot.api_url();
    {
        let mut segments = url
            .path_segments_mut()
            .map_err(|()| Fetch::Failed(anyhow::anyhow!("telegram.api_url cannot carry a path")))?;
        segments.pop_if_empty().push("file").push(&format!("bot{}", bot.token()));
        segments.extend(file_path.split('/').filter(|s| !s.is_empty() && *s != ".."));
    }
    // Errors carry no URL: it holds the bot token.
    let hide = |e: reqwest::Error| Fetch::Failed(anyhow::anyhow!("file download: {}", e.without_url()));
    let response = client().get(url).send().await.map_err(hide)?;
    let status = response.status();
    if status.is_client_error()
        && status != reqwest::StatusCode::TOO_MANY_REQUESTS
        && status != reqwest::StatusCode::REQUEST_TIMEOUT
    {
        return Err(Fetch::Refused(format!("file download: HTTP {}", status.as_u16())));
    }
    let mut response = response.error_for_status().map_err(hide)?;
    let io = |e: std::io::Error| Fetch::Failed(e.into());
    let mut out = tokio::fs::File::create(dst).await.map_err(io)?;
    let mut written = 0u64;
    while let Some(chunk) = response.chunk().await.map_err(hide)? {
        written += chunk.len() as u64;
        if written > max_bytes {
            drop(out);
            tokio::fs::remove_file(dst).await.ok();
            return Err(Fetch::Refused("photo larger than media.max_bytes".into()));
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

/// 128 random bits, hex: not guessable, not derived from anything about the ticket.
fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// `GET /media/{token}`.
pub async fn serve(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    if token.len() != 32 || !token.chars().all(|c| c.is_ascii_hexdigit()) {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match state.store.media_by_token(&token).await {
        Ok(Some((path, mime))) => match tokio::fs::read(&path).await {
            Ok(bytes) => ([(header::CONTENT_TYPE, mime)], bytes).into_response(),
            Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
        },
        Ok(None) => (StatusCode::NOT_FOUND, "not found").into_response(),
        Err(e) => crate::http::ApiError::from(e).into_response(),
    }
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
