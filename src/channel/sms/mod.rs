//! The SMS channel. Each provider (`android`, `kannel`, `gammu`, `twilio`) is its own room that only
//! translates: verify the request, parse it into a [`ReceivedSms`] or a delivery report, and turn an
//! outbound text into the provider's request. What they share lives here: the phone-number check,
//! the per-number flood guard, durable accept, message splitting and delivery reports.

mod adapter;
pub mod android;
mod delivery;
mod flood;
pub mod gammu;
mod ingest;
pub mod kannel;
mod plugin;
mod send;
pub mod twilio;

use std::fmt;
use std::sync::Arc;

use axum::Router;
use chrono::{DateTime, Utc};

pub use adapter::{MAX_SMS_PARTS, SmsAdapter, SmsSender};
pub use delivery::record as record_delivery;
pub use flood::{FloodGuard, Verdict};
pub use ingest::{Ingested, ingest};
pub use plugin::SmsPlugin;
pub use send::{SmsTransport, send, transport};

use super::Intake;
use crate::config::SmsSettings;
use crate::store::Store;

/// An SMS provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    Android,
    Kannel,
    Gammu,
    Twilio,
}

impl Provider {
    pub const ALL: [Provider; 4] = [Provider::Android, Provider::Kannel, Provider::Gammu, Provider::Twilio];

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Android => "android",
            Provider::Kannel => "kannel",
            Provider::Gammu => "gammu",
            Provider::Twilio => "twilio",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One SMS as a provider delivered it, before the sender is checked. Personal data: never log it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedSms {
    pub provider: Provider,
    /// The provider's id for this delivery, stable across its retries: the dedupe key.
    pub delivery_id: String,
    /// The sender as the provider wrote it (`+628…`, `08…`, `%2B628…`, or a name).
    pub from: String,
    pub text: String,
    /// The provider's time of receipt (a phone's or an SMSC's clock): information only, see `channel::clock`.
    pub received_at: DateTime<Utc>,
}

/// What the SMS routes share: their settings, the flood guard, where events go and where delivery
/// reports are kept.
pub struct SmsState {
    pub settings: SmsSettings,
    pub flood: FloodGuard,
    pub intake: Arc<dyn Intake>,
    pub store: Arc<dyn Store>,
}

impl SmsState {
    pub fn new(settings: SmsSettings, intake: Arc<dyn Intake>, store: Arc<dyn Store>) -> Arc<Self> {
        let window = std::time::Duration::from_secs(settings.flood_window_secs);
        let flood = FloodGuard::new(settings.flood_max, window);
        Arc::new(Self { settings, flood, intake, store })
    }
}

/// The inbound routes of every enabled provider, and only those.
pub fn routes(state: Arc<SmsState>) -> Router {
    use axum::routing::{get, post};
    let settings = &state.settings;
    let mut router = Router::new();
    if settings.android.enabled {
        router = router.route("/sms/android/webhook", post(android::receive));
    }
    if settings.kannel.enabled {
        router = router
            .route("/sms/kannel/receive", get(kannel::receive).post(kannel::receive))
            .route("/sms/kannel/dlr", get(kannel::delivery).post(kannel::delivery));
    }
    if settings.gammu.enabled {
        router = router.route("/sms/gammu/receive", post(gammu::receive));
    }
    if settings.twilio.enabled {
        router = router
            .route("/sms/twilio/webhook", post(twilio::receive))
            .route("/sms/twilio/status", post(twilio::status));
    }
    router.with_state(state)
}
