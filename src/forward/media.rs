//! Photos: downloaded from the reporter's channel (its `MediaSource`) by the forward worker, stored under an unguessable token,
//! and served at `GET /media/{token}` so the central API gets a URL.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kentongan_central::Attachment;
use rand::RngCore;
use tracing::warn;
use uuid::Uuid;

use crate::channel::{Fetched, MediaError, MediaSource};
use crate::config::MediaSettings;
use crate::domain::Channel;
use crate::store::{MediaRow, Store, TicketRecord};

pub struct MediaFetcher {
    pub store: Arc<dyn Store>,
    /// Each channel's way to its photos; a channel without one (the CLI's pseudo photos) gives none.
    pub sources: BTreeMap<Channel, Arc<dyn MediaSource>>,
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
                    Err(MediaError::Refused(reason)) => {
                        warn!(ticket = %record.ticket.tracking_id, photo = row.position, reason = %reason,
                            "the channel refused a photo for good; forwarding the ticket without it");
                        self.store.record_media_unavailable(id, row.position, &reason).await?;
                        left_out += 1;
                        continue;
                    }
                    Err(MediaError::Failed(e)) => return Err(e),
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
    ) -> Result<Option<String>, MediaError> {
        let Some(source) = self.sources.get(&record.ticket.reporter.channel) else {
            return Ok(None);
        };
        let failed = |e: std::io::Error| MediaError::Failed(e.into());
        tokio::fs::create_dir_all(&self.settings.dir).await.map_err(failed)?;
        let token = new_token();
        let path: PathBuf = self.settings.dir.join(format!("{token}.jpg"));
        let partial = path.with_extension("part");
        if let Fetched::TooLarge { bytes } = source.fetch(file_ref, &partial, self.settings.max_bytes).await? {
            warn!(ticket.id = %id, bytes, "photo larger than media.max_bytes; not forwarded");
            return Ok(None);
        }
        // Rename after a complete write: a crash never leaves a half photo behind a token.
        tokio::fs::rename(&partial, &path).await.map_err(failed)?;
        self.store
            .record_media(id, position, &token, &path.to_string_lossy(), "image/jpeg")
            .await
            .map_err(|e| MediaError::Failed(e.into()))?;
        Ok(Some(token))
    }
}

/// What of a ticket's photos can go to the central API.
pub struct Photos {
    pub attachments: Vec<Attachment>,
    /// Photos the channel refused for good: the central side is told how many are missing.
    pub left_out: usize,
}

/// 128 random bits, hex: not guessable, not derived from anything about the ticket.
fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// `GET /media/{token}`, served from the store's media rows.
pub fn routes(store: Arc<dyn Store>) -> Router {
    Router::new().route("/media/{token}", axum::routing::get(serve)).with_state(store)
}

/// `GET /media/{token}`.
pub async fn serve(State(store): State<Arc<dyn Store>>, Path(token): Path<String>) -> Response {
    if token.len() != 32 || !token.chars().all(|c| c.is_ascii_hexdigit()) {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match store.media_by_token(&token).await {
        Ok(Some((path, mime))) => match tokio::fs::read(&path).await {
            Ok(bytes) => ([(header::CONTENT_TYPE, mime)], bytes).into_response(),
            Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
        },
        Ok(None) => (StatusCode::NOT_FOUND, "not found").into_response(),
        Err(e) => crate::http::ApiError::from(e).into_response(),
    }
}
