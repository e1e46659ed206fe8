//! A channel's photo download: the forward worker stores what it fetches under an unguessable token
//! (`forward::media`); a channel only knows how to get the bytes of one of its file references.

use std::path::Path;

use async_trait::async_trait;

/// How a fetch went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetched {
    /// The photo is in the destination file, whole.
    Written,
    /// The channel says it is larger than allowed: not downloaded, not forwarded, nothing marked.
    TooLarge { bytes: u64 },
}

/// Why a photo did not arrive.
#[derive(Debug)]
pub enum MediaError {
    /// The channel said no for good (deleted, wrong file id, over the cap while downloading): the
    /// ticket goes on without it.
    Refused(String),
    /// Try again later (network, the channel's own errors).
    Failed(anyhow::Error),
}

/// One channel's photos.
#[async_trait]
pub trait MediaSource: Send + Sync {
    /// Writes the file `file_ref` names to `dst`, refusing more than `max_bytes`.
    async fn fetch(&self, file_ref: &str, dst: &Path, max_bytes: u64) -> Result<Fetched, MediaError>;
}
