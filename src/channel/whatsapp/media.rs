//! Downloads a citizen's photo in the Cloud API's two steps: `GET {graph_base}/{media_id}` (Bearer) for
//! its `url`, type and size, then `GET url` with the same Bearer, within ~5 minutes of the first. Capped
//! twice: by the declared `file_size` before downloading, and while streaming (the header may lie).

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// A downloaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    pub bytes: Vec<u8>,
    pub mime_type: String,
}

/// Why a download failed. Names no URL (it carries a signature) and no token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("media id is not a Graph API id")]
    BadId,
    #[error("the Graph API answered {step} with HTTP {status}")]
    Status { step: &'static str, status: u16 },
    #[error("the media metadata is not the documented JSON")]
    BadMetadata,
    #[error("the file is larger than {max} bytes")]
    TooLarge { max: u64 },
    #[error("the {step} request failed before an answer")]
    Transport { step: &'static str },
}

impl MediaError {
    /// Worth trying again later (Meta's trouble or the network), as opposed to a file we refuse.
    pub fn is_transient(&self) -> bool {
        match self {
            MediaError::Status { status, .. } => *status == 429 || *status >= 500,
            MediaError::Transport { .. } => true,
            _ => false,
        }
    }
}

/// `GET /{media_id}`'s answer.
#[derive(Debug, Deserialize)]
struct Metadata {
    url: String,
    #[serde(default)]
    mime_type: Option<String>,
    #[serde(default)]
    file_size: Option<Size>,
}

/// Documented as a string, sometimes a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Size {
    Text(String),
    Number(u64),
}

/// Fetches media `media_id` through `graph_base` with `token`, refusing more than `max_bytes`.
pub async fn download(
    http: &reqwest::Client,
    graph_base: &str,
    token: &SecretString,
    media_id: &str,
    max_bytes: u64,
) -> Result<MediaFile, MediaError> {
    let id_ok = !media_id.is_empty() && media_id.len() <= 64 && media_id.bytes().all(|b| b.is_ascii_alphanumeric());
    if !id_ok {
        return Err(MediaError::BadId);
    }
    let bearer = format!("Bearer {}", token.expose_secret());
    let meta_url = format!("{}/{media_id}", graph_base.trim_end_matches('/'));
    let answer = http
        .get(meta_url)
        .header(reqwest::header::AUTHORIZATION, &bearer)
        .send()
        .await
        .map_err(|_| MediaError::Transport { step: "metadata" })?;
    if !answer.status().is_success() {
        return Err(MediaError::Status { step: "metadata", status: answer.status().as_u16() });
    }
    let meta: Metadata = answer.json().await.map_err(|_| MediaError::BadMetadata)?;
    let declared = match meta.file_size {
        Some(Size::Number(n)) => Some(n),
        Some(Size::Text(s)) => Some(s.trim().parse::<u64>().map_err(|_| MediaError::BadMetadata)?),
        None => None,
    };
    if declared.is_some_and(|n| n > max_bytes) {
        return Err(MediaError::TooLarge { max: max_bytes });
    }
    if !(meta.url.starts_with("https://") || meta.url.starts_with("http://")) {
        return Err(MediaError::BadMetadata);
    }
    let mut file = http
        .get(&meta.url)
        .header(reqwest::header::AUTHORIZATION, &bearer)
        .send()
        .await
        .map_err(|_| MediaError::Transport { step: "download" })?;
    if !file.status().is_success() {
        return Err(MediaError::Status { step: "download", status: file.status().as_u16() });
    }
    if file.content_length().is_some_and(|n| n > max_bytes) {
        return Err(MediaError::TooLarge { max: max_bytes });
    }
    let header_type = file.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let mime_type = meta.mime_type.or_else(|| header_type.map(str::to_owned)).unwrap_or_default();
    let mut bytes = Vec::new();
    while let Some(chunk) = file.chunk().await.map_err(|_| MediaError::Transport { step: "download" })? {
        if bytes.len() as u64 + chunk.len() as u64 > max_bytes {
            return Err(MediaError::TooLarge { max: max_bytes });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(MediaFile { bytes, mime_type })
}

#[cfg(test)]
mod tests;
