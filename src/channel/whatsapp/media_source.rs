//! A citizen's WhatsApp photo for the forward worker: the media id from the webhook, downloaded in the
//! Cloud API's two steps (`media.rs`) and written whole to the destination.

use std::path::Path;

use async_trait::async_trait;

use super::media::MediaError as WaMediaError;
use super::send::GraphClient;
use crate::channel::{Fetched, MediaError, MediaSource};

pub struct WhatsAppMedia {
    pub client: GraphClient,
}

#[async_trait]
impl MediaSource for WhatsAppMedia {
    async fn fetch(&self, file_ref: &str, dst: &Path, max_bytes: u64) -> Result<Fetched, MediaError> {
        let file = match self.client.media(file_ref, max_bytes).await {
            Ok(file) => file,
            Err(WaMediaError::TooLarge { max }) => return Ok(Fetched::TooLarge { bytes: max.saturating_add(1) }),
            Err(e) if e.is_transient() => return Err(MediaError::Failed(anyhow::anyhow!("whatsapp media: {e}"))),
            // Expired (media ids last 7 days), deleted or not ours: the ticket goes on without it.
            Err(e) => return Err(MediaError::Refused(format!("whatsapp media: {e}"))),
        };
        tokio::fs::write(dst, &file.bytes).await.map_err(|e| MediaError::Failed(e.into()))?;
        Ok(Fetched::Written)
    }
}
