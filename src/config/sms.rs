//! Settings of the SMS channel: which providers are on, their credentials and send rates, and the
//! rules that protect the city's SMS bill (per-number flood limit, daily push cap).

use anyhow::bail;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::ser_secret_opt;
use crate::channel::sms::Provider;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmsSettings {
    /// Region for numbers written nationally (`08…`), as an ISO 3166 code.
    pub default_region: String,
    /// Provider for SMS to someone who never wrote by SMS (a Telegram reporter's fallback):
    /// `android`, `kannel`, `gammu` or `twilio`. Must be enabled.
    pub default_provider: Option<String>,
    /// Status-change SMS one reporter gets per day (Asia/Jakarta); further changes that day are folded
    /// into one digest SMS sent the next morning.
    pub daily_push_cap: u32,
    /// Hour (local time, 0–23) the digest of folded status changes is sent.
    pub digest_hour: u32,
    /// Inbound SMS one number may send per `flood_window_secs`; beyond it: one notice, then silence.
    pub flood_max: u32,
    pub flood_window_secs: u64,
    /// After two SMS back to back, the shortest gap between SMS to one number (a citizen reads and
    /// types slower than this; a burst to one number looks like spam to the operator).
    pub per_number_secs: f64,
    /// Public base URL of this gateway, for delivery-report callbacks (`dlr-url`, `StatusCallback`);
    /// without it no delivery reports are requested.
    pub public_base_url: Option<String>,
    pub android: AndroidSettings,
    pub kannel: KannelSettings,
    pub gammu: GammuSettings,
    pub twilio: TwilioSettings,
}

impl Default for SmsSettings {
    fn default() -> Self {
        Self {
            default_region: "ID".into(),
            default_provider: None,
            daily_push_cap: 3,
            digest_hour: 7,
            flood_max: 12,
            flood_window_secs: 600,
            per_number_secs: 10.0,
            public_base_url: None,
            android: AndroidSettings::default(),
            kannel: KannelSettings::default(),
            gammu: GammuSettings::default(),
            twilio: TwilioSettings::default(),
        }
    }
}

/// An Android phone running android-sms-gateway (sms-gate.app): `POST /sms/android/webhook`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AndroidSettings {
    pub enabled: bool,
    /// The webhook signing key set in the app; required when enabled.
    #[serde(serialize_with = "ser_secret_opt")]
    pub signing_key: Option<SecretString>,
    /// Oldest accepted `X-Timestamp`, in seconds either side of now.
    pub max_skew_secs: i64,
    /// Device (local server) or cloud API base, e.g. `http://192.168.1.20:8080` or
    /// `https://api.sms-gate.app/3rdparty/v1`; `/message` is appended.
    pub api_url: String,
    pub username: String,
    #[serde(serialize_with = "ser_secret_opt")]
    pub password: Option<SecretString>,
    /// SMS per minute the phone may send (operators flag a SIM that sends much faster as spam).
    pub per_minute: f64,
}

impl Default for AndroidSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            signing_key: None,
            max_skew_secs: 300,
            api_url: String::new(),
            username: "sms".into(),
            password: None,
            per_minute: 6.0,
        }
    }
}

/// Kannel (operator or aggregator SMSC): inbound `GET /sms/kannel/receive`, outbound `sendsms`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct KannelSettings {
    pub enabled: bool,
    /// Shared secret Kannel puts in the `get-url` (`&secret=…`); required, at least 16 characters.
    #[serde(serialize_with = "ser_secret_opt")]
    pub secret: Option<SecretString>,
    /// Secret of the delivery-report route, put in the `dlr-url` Kannel keeps; defaults to `secret`.
    #[serde(serialize_with = "ser_secret_opt")]
    pub dlr_secret: Option<SecretString>,
    /// When not empty, only these source addresses may call the inbound routes (in addition to the
    /// secret, which is always required: behind a reverse proxy every caller looks local).
    pub allow_from: Vec<std::net::IpAddr>,
    /// The smsbox `sendsms` URL, e.g. `http://127.0.0.1:13013/cgi-bin/sendsms`.
    pub sendsms_url: String,
    pub username: String,
    #[serde(serialize_with = "ser_secret_opt")]
    pub password: Option<SecretString>,
    /// Sender (`from`) shown to citizens: a short code or number.
    pub from: Option<String>,
    pub per_minute: f64,
}

impl Default for KannelSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            secret: None,
            dlr_secret: None,
            allow_from: Vec::new(),
            sendsms_url: "http://127.0.0.1:13013/cgi-bin/sendsms".into(),
            username: "kentongan".into(),
            password: None,
            from: None,
            per_minute: 60.0,
        }
    }
}

/// Gammu SMSD with a USB modem: `kentongan sms gammu-receive` (RunOnReceive) posts to
/// `POST /sms/gammu/receive`; outbound runs `inject_command`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct GammuSettings {
    pub enabled: bool,
    /// Shared secret between `gammu-receive` and the gateway; required when enabled.
    #[serde(serialize_with = "ser_secret_opt")]
    pub secret: Option<SecretString>,
    /// The command that queues one SMS, as an argument list; `{to}` and `{text}` are replaced, no shell.
    pub inject_command: Vec<String>,
    pub per_minute: f64,
}

impl Default for GammuSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            secret: None,
            inject_command: ["gammu-smsd-inject", "TEXT", "{to}", "-text", "{text}"].map(String::from).to_vec(),
            per_minute: 4.0,
        }
    }
}

/// Twilio Programmable Messaging (outbound in many countries; cannot receive in Indonesia).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TwilioSettings {
    pub enabled: bool,
    pub account_sid: String,
    #[serde(serialize_with = "ser_secret_opt")]
    pub auth_token: Option<SecretString>,
    /// Sender number (E.164) or leave empty and set `messaging_service_sid`.
    pub from: Option<String>,
    pub messaging_service_sid: Option<String>,
    /// The webhook URL exactly as configured in Twilio (the signature covers it), e.g.
    /// `https://lapor.example.go.id/sms/twilio/webhook`.
    pub webhook_url: Option<String>,
    pub api_url: String,
    pub per_minute: f64,
}

impl Default for TwilioSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            account_sid: String::new(),
            auth_token: None,
            from: None,
            messaging_service_sid: None,
            webhook_url: None,
            api_url: "https://api.twilio.com".into(),
            per_minute: 60.0,
        }
    }
}

impl SmsSettings {
    /// Each provider with whether it is enabled and its send rate (SMS per minute): the one place that
    /// maps a provider to its settings section.
    fn providers(&self) -> [(Provider, bool, f64); 4] {
        [
            (Provider::Android, self.android.enabled, self.android.per_minute),
            (Provider::Kannel, self.kannel.enabled, self.kannel.per_minute),
            (Provider::Gammu, self.gammu.enabled, self.gammu.per_minute),
            (Provider::Twilio, self.twilio.enabled, self.twilio.per_minute),
        ]
    }

    /// The configured send rate of a provider, in SMS per minute.
    pub fn per_minute(&self, provider: Provider) -> f64 {
        self.providers().into_iter().find(|(p, ..)| *p == provider).map_or(0.0, |(.., rate)| rate)
    }

    /// The send pace of a provider: its rate, and the per-number gap.
    pub fn pace(&self, provider: Provider) -> kentongan_pace::Pace {
        let mut pace = kentongan_pace::Pace::sms(self.per_minute(provider));
        pace.per_chat_interval = std::time::Duration::from_secs_f64(self.per_number_secs);
        pace
    }

    /// The enabled providers.
    pub fn enabled(&self) -> Vec<Provider> {
        self.providers().into_iter().filter(|(_, on, _)| *on).map(|(p, ..)| p).collect()
    }

    /// Values in range, whether or not a provider is enabled.
    pub fn validate(&self) -> anyhow::Result<()> {
        if self.default_region.parse::<phonenumber::country::Id>().is_err() {
            bail!("sms.default_region: unknown region {:?} (use an ISO code such as ID)", self.default_region);
        }
        if !(self.per_number_secs.is_finite() && (0.001..=3600.0).contains(&self.per_number_secs)) {
            bail!("sms.per_number_secs: must be between 0.001 and 3600");
        }
        if self.digest_hour > 23 {
            bail!("sms.digest_hour: must be 0–23");
        }
        if !(1..=1_000_000).contains(&self.flood_max) || self.flood_window_secs == 0 {
            bail!("sms.flood_max (1–1000000) and sms.flood_window_secs (> 0): out of range");
        }
        for (provider, _, rate) in self.providers() {
            if rate.is_nan() || rate <= 0.0 || rate > 10_000_000.0 {
                bail!("sms.{provider}.per_minute: must be between 0 and 10000000");
            }
        }
        Ok(())
    }

    /// What the enabled providers need to run: credentials, URLs, and a default provider that is enabled.
    pub fn validate_enabled(&self) -> anyhow::Result<()> {
        if let Some(p) = &self.default_provider
            && !self.enabled().iter().any(|e| e.as_str() == p)
        {
            let enabled: Vec<&str> = self.enabled().iter().map(|e| e.as_str()).collect();
            bail!("sms.default_provider: {p:?} is not an enabled provider (enabled: {enabled:?})");
        }
        let a = &self.android;
        if a.enabled {
            strong(&a.signing_key, "sms.android.signing_key", 8)?;
            if !a.api_url.starts_with("http://") && !a.api_url.starts_with("https://") {
                bail!("sms.android.api_url: the phone's or the cloud server's URL, e.g. http://192.168.1.20:8080");
            }
        }
        let k = &self.kannel;
        if k.enabled {
            strong(&k.secret, "sms.kannel.secret", MIN_SECRET)?;
        }
        if k.enabled && k.dlr_secret.is_some() {
            strong(&k.dlr_secret, "sms.kannel.dlr_secret", MIN_SECRET)?;
        }
        let g = &self.gammu;
        if g.enabled {
            strong(&g.secret, "sms.gammu.secret", MIN_SECRET)?;
        }
        if g.enabled && g.inject_command.is_empty() {
            bail!("sms.gammu.inject_command: must name a program");
        }
        let t = &self.twilio;
        if t.enabled && t.account_sid.is_empty() {
            bail!("sms.twilio.account_sid: required when sms.twilio.enabled");
        }
        if t.enabled {
            strong(&t.auth_token, "sms.twilio.auth_token", MIN_SECRET)?;
        }
        if t.enabled && t.from.is_none() && t.messaging_service_sid.is_none() {
            bail!("sms.twilio.from: set a sender number or sms.twilio.messaging_service_sid");
        }
        if t.enabled && t.webhook_url.is_none() {
            bail!("sms.twilio.webhook_url: required to check X-Twilio-Signature");
        }
        Ok(())
    }
}

/// Shortest secret we accept for a route anyone on the internet can call.
const MIN_SECRET: usize = 16;

/// A secret that is set and not guessable by length alone (an empty one would let anyone in).
fn strong(secret: &Option<SecretString>, key: &str, min: usize) -> anyhow::Result<()> {
    match secret {
        Some(s) if s.expose_secret().trim().len() >= min => Ok(()),
        Some(_) => bail!("{key}: must be at least {min} characters"),
        None => bail!("{key}: required when the provider is enabled"),
    }
}
