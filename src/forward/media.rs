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
use teloxide::net::Download;
use teloxide::prelude::Requester;
use tracing::warn;
use uuid::Uuid;

use crate::config::MediaSettings;
use crate::domain::Channel;
use crate::http::AppState;
use crate::store::{Store, TicketRecord};

pub struct MediaFetcher {
    pub store: Arc<dyn Store>,
    pub telegram: Option<Bot>,
    pub settings: MediaSettings,
}

impl MediaFetcher {
    /// Downloads every photo not yet on disk and returns the public URLs of those that are.
    /// A photo the channel cannot give (too large, CLI pseudo-photo) is left out; a network failure is an error.
    pub async fn ensure(&self, record: &TicketRecord) -> anyhow::Result<Vec<Attachment>> {
        let id = record.ticket.id;
        let mut attachments = Vec::new();
        for row in self.store.ticket_media(id).await? {
            let token = match (&row.token, &row.path) {
                (Some(token), Some(_)) => token.clone(),
                _ => match self.download(record, id, row.position, &row.file_ref).await? {
                    Some(token) => token,
                    None => continue,
                },
            };
            let base = self.settings.public_base_url.trim_end_matches('/');
            attachments.push(Attachment { url: format!("{base}/media/{token}"), mime: "image/jpeg".into() });
        }
        Ok(attachments)
    }

    async fn download(
        &self,
        record: &TicketRecord,
        id: Uuid,
        position: i64,
        file_ref: &str,
    ) -> anyhow::Result<Option<String>> {
        let (Channel::Telegram, Some(bot)) = (record.ticket.reporter.channel, &self.telegram) else {
            return Ok(None);
        };
        let file = bot.get_file(file_ref.to_string().into()).await?;
        if u64::from(file.meta.size) > self.settings.max_bytes {
            warn!(ticket.id = %id, bytes = file.meta.size, "photo larger than media.max_bytes; not forwarded");
            return Ok(None);
        }
        tokio::fs::create_dir_all(&self.settings.dir).await?;
        let token = new_token();
        let path: PathBuf = self.settings.dir.join(format!("{token}.jpg"));
        let partial = path.with_extension("part");
        let mut dst = tokio::fs::File::create(&partial).await?;
        bot.download_file(&file.path, &mut dst).await?;
        dst.sync_all().await?;
        // Rename after a complete write: a crash never leaves a half photo behind a token.
        tokio::fs::rename(&partial, &path).await?;
        self.store.record_media(id, position, &token, &path.to_string_lossy(), "image/jpeg").await?;
        Ok(Some(token))
    }
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
