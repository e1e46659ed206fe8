//! Sending: one transport per provider, each only building its request; splitting a text that does
//! not fit one SMS (a last resort, counted) and mapping HTTP answers to retry or not happen here.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::Provider;
use super::delivery::reference;
use crate::channel::{OutboundMessage, SendError};
use crate::config::SmsSettings;
use crate::domain::PhoneNumber;

/// A provider's way out.
#[async_trait]
pub trait SmsTransport: Send + Sync {
    fn provider(&self) -> Provider;
    /// Sends one part that already fits one SMS; `reference` comes back in delivery reports.
    async fn send_part(&self, to: &PhoneNumber, text: &str, reference: &str) -> Result<(), SendError>;
}

/// Sends a message as one SMS. A text longer than one SMS was already split into one job per
/// "(1/2)" part when it was queued (`SmsAdapter::parts`), so each job is one part.
pub async fn send(transport: &dyn SmsTransport, msg: &OutboundMessage, job_id: i64) -> Result<(), SendError> {
    let to = PhoneNumber::from_stored(&msg.to.id);
    transport.send_part(&to, &msg.text, &reference(job_id, 0)).await
}

/// The transport for `provider` as configured.
pub fn transport(provider: Provider, settings: &SmsSettings, http: reqwest::Client) -> Arc<dyn SmsTransport> {
    let callbacks = settings.public_base_url.as_deref().map(|u| u.trim_end_matches('/').to_owned());
    match provider {
        Provider::Android => Arc::new(super::android::Transport::new(&settings.android, http)),
        Provider::Kannel => Arc::new(super::kannel::Transport::new(&settings.kannel, http, callbacks)),
        Provider::Gammu => Arc::new(super::gammu::Transport::new(&settings.gammu)),
        Provider::Twilio => Arc::new(super::twilio::Transport::new(&settings.twilio, http, callbacks)),
    }
}

/// How long to wait after a transient failure before the send worker tries again (it doubles per attempt).
const RETRY: Duration = Duration::from_secs(30);
/// Rejected credentials are a configuration fault: retry slowly until an operator fixes them.
const RETRY_AUTH: Duration = Duration::from_secs(300);

/// Maps a provider's HTTP answer: 2xx sent; 429 wait; 401/403/404 pause the provider for 5 minutes
/// (credentials or URL are wrong: once an operator fixes them the queue flows again); 408 and 5xx
/// retry; any other 4xx refused for good (a bad number, a bad request).
pub fn outcome(provider: Provider, status: StatusCode, headers: &HeaderMap) -> Result<(), SendError> {
    match status.as_u16() {
        200..=299 => Ok(()),
        429 => Err(SendError::RateLimited(retry_after(headers).unwrap_or(Duration::from_secs(60)))),
        401 | 403 | 404 => {
            tracing::warn!(
                provider = provider.as_str(),
                status = status.as_u16(),
                "sms provider rejected our credentials or URL; check the configuration"
            );
            // The whole provider pauses (not each chat on its own), and no message uses up its attempts.
            Err(SendError::RateLimited(RETRY_AUTH))
        }
        408 | 500..=599 => Err(SendError::Retry(retry_after(headers).unwrap_or(RETRY))),
        code => Err(SendError::Permanent(format!("{provider} refused the message: HTTP {code}"))),
    }
}

/// A network failure: the provider may be briefly down.
pub fn network_error(provider: Provider, e: reqwest::Error) -> SendError {
    tracing::warn!(provider = provider.as_str(), error = %e.without_url(), "sms provider unreachable");
    SendError::Retry(RETRY)
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let secs: u64 = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(secs.min(3600)))
}
