//! `GraphClient`: POSTs a body to `{graph_base}/{phone_number_id}/messages` with the bearer token, reads
//! the wamid of a success and classifies a failure through `errors.rs`. One client per phone number id.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::Value;

use super::config::WhatsAppSettings;
use super::errors::{self, Failure};
use super::media::{self, MediaError, MediaFile};

/// A message Meta accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// `messages[0].id`: the key later `statuses` name. `None` when a 2xx answer lacked it (the message
    /// may well be out: do not send it again).
    pub wamid: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SendAnswer {
    #[serde(default)]
    messages: Vec<MessageRef>,
}

#[derive(Debug, Deserialize)]
struct MessageRef {
    id: String,
}

#[derive(Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    base: String,
    phone_number_id: String,
    token: SecretString,
}

impl std::fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphClient").field("base", &self.base).finish_non_exhaustive()
    }
}

impl GraphClient {
    /// A client for the configured number; `timeout` bounds each request.
    pub fn new(settings: &WhatsAppSettings, timeout: Duration) -> anyhow::Result<Self> {
        let token = settings.access_token.clone().ok_or_else(|| anyhow::anyhow!("whatsapp.access_token: required"))?;
        let http = reqwest::Client::builder().timeout(timeout).build()?;
        Ok(Self::with_client(http, &settings.graph_base, &settings.phone_number_id, token))
    }

    pub fn with_client(http: reqwest::Client, graph_base: &str, phone_number_id: &str, token: SecretString) -> Self {
        let base = graph_base.trim_end_matches('/').to_owned();
        Self { http, base, phone_number_id: phone_number_id.to_owned(), token }
    }

    /// Sends one body from `outbound`/`render`.
    pub async fn send(&self, body: &Value) -> Result<Sent, Failure> {
        let bytes = self.post(body).await?;
        let answer: Option<SendAnswer> = serde_json::from_slice(&bytes).ok();
        let wamid = answer.and_then(|a| a.messages.into_iter().next()).map(|m| m.id).filter(|id| !id.is_empty());
        Ok(Sent { wamid })
    }

    /// Marks an inbound message as read (`{"success": true}` on success).
    pub async fn mark_read(&self, wamid: &str, typing: bool) -> Result<(), Failure> {
        self.post(&super::outbound::mark_read(wamid, typing)).await.map(drop)
    }

    /// Downloads a citizen's media (see `media.rs`).
    pub async fn media(&self, media_id: &str, max_bytes: u64) -> Result<MediaFile, MediaError> {
        media::download(&self.http, &self.base, &self.token, media_id, max_bytes).await
    }

    async fn post(&self, body: &Value) -> Result<Vec<u8>, Failure> {
        let url = format!("{}/{}/messages", self.base, self.phone_number_id);
        let answer = self
            .http
            .post(url)
            .bearer_auth(self.token.expose_secret())
            .json(body)
            .send()
            .await
            .map_err(|_| errors::transport_failure())?;
        let status = answer.status().as_u16();
        let bytes = answer.bytes().await.map_err(|_| errors::transport_failure())?;
        if (200..300).contains(&status) { Ok(bytes.to_vec()) } else { Err(errors::classify_response(status, &bytes)) }
    }
}

#[cfg(test)]
mod tests;
