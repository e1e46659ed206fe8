//! Typed settings: built-in defaults, then a TOML file, then `KENTONGAN_*` environment variables.
//!
//! Every field is documented here and in `deploy/kentongan.example.toml`. Every command refuses a malformed
//! value, naming the key and where it came from (`Settings::validate`); what only running the gateway needs
//! — a webhook secret, a central URL, SMS credentials — is checked by `serve`, after its command-line flags
//! (`Settings::validate_serve`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::bail;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

mod errors;
mod log_filter;
mod sms;
pub use sms::{AndroidSettings, GammuSettings, KannelSettings, SmsSettings, TwilioSettings};

/// The whole settings tree.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// HTTP server.
    pub server: ServerSettings,
    /// Where tickets, conversations and the outbox live.
    pub database: DatabaseSettings,
    /// The Telegram bot; off when no token is set.
    pub telegram: TelegramSettings,
    /// Dialog files and the citizen-facing texts.
    pub dialogs: DialogSettings,
    /// OPD routing suggestions.
    pub classify: ClassifySettings,
    /// Tracking IDs shown to citizens.
    pub tickets: TicketSettings,
    /// The central complaint API tickets are forwarded to.
    pub central: CentralSettings,
    /// Photos downloaded from channels and served to the central API.
    pub media: MediaSettings,
    /// The SMS channel: providers, send rates, flood limit, daily push cap.
    pub sms: SmsSettings,
    /// The WhatsApp channel (Cloud API); off unless `enabled`.
    pub whatsapp: crate::channel::whatsapp::WhatsAppSettings,
    /// Logging.
    pub log: LogSettings,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSettings {
    /// Address and port the HTTP server listens on.
    pub listen: SocketAddr,
    /// Largest accepted request body in bytes; larger bodies get 413.
    pub body_limit_bytes: usize,
    /// IANA time zone for dates shown to citizens and for "today".
    pub timezone: String,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            body_limit_bytes: 256 * 1024,
            timezone: "Asia/Jakarta".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSettings {
    /// Database URL. `sqlite://PATH` (created if missing). PostgreSQL arrives in a later release.
    pub url: String,
    /// Largest number of pooled connections.
    pub max_connections: u32,
    /// Days that sent messages and processed inbound events (which hold message text) are kept.
    /// Telegram re-delivers for at most 24 h, so dedupe needs far less. Tickets are never purged.
    pub retention_days: u32,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self { url: "sqlite://kentongan.db".into(), max_connections: 8, retention_days: 30 }
    }
}

/// How updates reach us from Telegram.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum TelegramMode {
    /// Telegram POSTs updates to `/telegram/webhook` (production).
    #[default]
    Webhook,
    /// We call getUpdates in a loop (development; no public URL needed).
    Polling,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelegramSettings {
    /// Bot token from @BotFather. Without it the gateway runs with Telegram off.
    #[serde(serialize_with = "ser_secret_opt")]
    pub token: Option<SecretString>,
    /// `webhook` or `polling`.
    pub mode: TelegramMode,
    /// Secret Telegram echoes in `X-Telegram-Bot-Api-Secret-Token`; required in webhook mode (1–256 of A-Za-z0-9_-).
    #[serde(serialize_with = "ser_secret_opt")]
    pub webhook_secret: Option<SecretString>,
    /// Bot API base URL; only set it for a local Bot API server or tests.
    pub api_url: Option<String>,
    /// Most messages per second the bot sends overall (Telegram allows about 30).
    pub max_per_sec: f64,
    /// Most messages per second to one chat (Telegram allows about 1).
    pub per_chat_per_sec: f64,
    /// Messages one chat may get back to back before its per-second pace applies.
    pub per_chat_burst: u32,
    /// The bot's @username (without @): `admin invite` then prints the `https://t.me/<bot>?start=<code>` link.
    pub bot_username: Option<String>,
}

impl Default for TelegramSettings {
    fn default() -> Self {
        Self {
            token: None,
            mode: TelegramMode::Webhook,
            webhook_secret: None,
            api_url: None,
            max_per_sec: 28.0,
            per_chat_per_sec: 1.0,
            per_chat_burst: 1,
            bot_username: None,
        }
    }
}

impl TelegramSettings {
    /// The send pace for this bot: Telegram's defaults with the configured rates.
    pub fn pace(&self) -> kentongan_pace::Pace {
        let mut pace = kentongan_pace::Pace::telegram();
        pace.global_per_sec = self.max_per_sec;
        pace.per_chat_interval = std::time::Duration::from_secs_f64(1.0 / self.per_chat_per_sec);
        pace.per_chat_burst = self.per_chat_burst;
        pace
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DialogSettings {
    /// Directory holding the dialog TOML files and `messages.toml`.
    pub dir: PathBuf,
}

impl Default for DialogSettings {
    fn default() -> Self {
        Self { dir: "dialogs".into() }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClassifySettings {
    /// OPD catalogue (codes, names, keywords, examples). Routing suggestions are off if the file is absent.
    pub catalogue: PathBuf,
    /// A model file written by `kentongan classify train`; empty = train from the catalogue at start.
    pub model: Option<PathBuf>,
}

impl Default for ClassifySettings {
    fn default() -> Self {
        Self { catalogue: "deploy/pekalongan/opd.toml".into(), model: None }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TicketSettings {
    /// Tracking ID prefix: 2–5 letters, e.g. `PKL` gives `PKL-7Q3KR9P`.
    pub prefix: String,
    /// Working days within which the receipt tells a citizen to expect an answer (1–60; Kota Pekalongan's
    /// service standard: respond within 5).
    pub response_days: u32,
}

impl Default for TicketSettings {
    fn default() -> Self {
        Self { prefix: "PKL".into(), response_days: 5 }
    }
}

/// Which central API client forwards tickets.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum CentralAdapter {
    /// No central API yet: tickets wait in the outbox and are forwarded once one is configured.
    #[default]
    None,
    /// Our documented JSON contract (docs/central-api.openapi.yaml).
    Json,
    /// Open311 GeoReport v2.
    Open311,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CentralSettings {
    /// `none`, `json` or `open311`.
    pub adapter: CentralAdapter,
    /// Base URL of the central API, e.g. `https://lapor.example.go.id/api/v1`.
    pub base_url: Option<String>,
    /// Bearer token (json) or `api_key` (open311).
    #[serde(serialize_with = "ser_secret_opt")]
    pub api_key: Option<SecretString>,
    /// Timeout of one HTTP call, in seconds.
    pub timeout_secs: u64,
    /// How long a ticket keeps being retried before it becomes a dead letter, in hours.
    pub retry_budget_hours: f64,
    /// First retry delay in seconds; it doubles per failure (with jitter) up to an hour.
    pub retry_initial_secs: f64,
    /// Shared secret for `POST /central/callback` (HMAC-SHA256); the route is off without it.
    #[serde(serialize_with = "ser_secret_opt")]
    pub callback_secret: Option<SecretString>,
    /// Largest accepted clock difference of a callback timestamp, in seconds.
    pub callback_max_skew_secs: i64,
    /// Central status word → gateway status; merged over the adapter's defaults.
    pub status_map: std::collections::BTreeMap<String, String>,
    /// Open311: the field name the server wants for the address text.
    pub open311_address_field: String,
    /// Open311: `jurisdiction_id`, when the server needs one.
    pub open311_jurisdiction_id: Option<String>,
    /// Poll interval for tickets younger than a day, in seconds (0 = the poller is off).
    pub poll_young_secs: u64,
    /// Poll interval for tickets one to seven days old, in seconds.
    pub poll_week_secs: u64,
    /// Poll interval for older tickets, in seconds.
    pub poll_old_secs: u64,
    /// Most status requests per second the poller sends to the central API.
    pub poll_max_per_sec: f64,
    /// The central system's name as citizens read it ("Diteruskan ke …"); unset: `LAPOR!` for json,
    /// `sistem pengaduan kota` for open311.
    pub display_name: Option<String>,
    /// Whether the central endpoint keeps reports private. When false, a "rahasia" report is forwarded
    /// without its text, place and photos (a neutral description naming the tracking ID). Unset: true
    /// for json (the contract's `privacy.confidential`), false for open311 (GeoReport v2 lists requests
    /// publicly).
    pub endpoint_private: Option<bool>,
    /// Central status words of a freshly accepted request: a ticket's first observation with one of them
    /// is a baseline, not a change to push. Unset: `open` for open311; `diterima`, `diteruskan`,
    /// `belum_diverifikasi` for json.
    pub fresh_words: Option<Vec<String>>,
}

impl CentralSettings {
    /// `display_name`, or the adapter's default.
    pub fn display_name(&self) -> String {
        match (&self.display_name, self.adapter) {
            (Some(name), _) if !name.trim().is_empty() => name.trim().to_string(),
            (_, CentralAdapter::Open311) => "sistem pengaduan kota".into(),
            _ => "LAPOR!".into(),
        }
    }

    /// `endpoint_private`, or the adapter's default.
    pub fn endpoint_private(&self) -> bool {
        self.endpoint_private.unwrap_or(self.adapter != CentralAdapter::Open311)
    }

    /// `fresh_words`, or the adapter's default.
    pub fn fresh_words(&self) -> Vec<String> {
        match (&self.fresh_words, self.adapter) {
            (Some(words), _) => words.clone(),
            (None, CentralAdapter::Open311) => vec!["open".into()],
            (None, _) => vec!["diterima".into(), "diteruskan".into(), "belum_diverifikasi".into()],
        }
    }
}

impl Default for CentralSettings {
    fn default() -> Self {
        Self {
            adapter: CentralAdapter::None,
            base_url: None,
            api_key: None,
            timeout_secs: 15,
            retry_budget_hours: 48.0,
            retry_initial_secs: 2.0,
            callback_secret: None,
            callback_max_skew_secs: 300,
            status_map: Default::default(),
            open311_address_field: "address_string".into(),
            open311_jurisdiction_id: None,
            poll_young_secs: 600,
            poll_week_secs: 3600,
            poll_old_secs: 6 * 3600,
            poll_max_per_sec: 2.0,
            display_name: None,
            endpoint_private: None,
            fresh_words: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MediaSettings {
    /// Directory for downloaded photos.
    pub dir: PathBuf,
    /// Public base URL of this gateway, used to build `/media/{token}` links for the central API.
    pub public_base_url: String,
    /// Largest photo downloaded, in bytes (Telegram's getFile limit is 20 MB).
    pub max_bytes: u64,
}

impl Default for MediaSettings {
    fn default() -> Self {
        Self { dir: "media".into(), public_base_url: "http://127.0.0.1:8080".into(), max_bytes: 20 * 1024 * 1024 }
    }
}

/// Log line format.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One JSON object per line (for log shippers).
    #[default]
    Json,
    /// Human-readable, coloured on a terminal.
    Pretty,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSettings {
    /// `json` or `pretty`.
    pub format: LogFormat,
    /// A level or `TARGET=LEVEL` pairs, e.g. `info` or `kentongan=debug,info`; anything else is refused.
    pub level: String,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self { format: LogFormat::Json, level: "info".into() }
    }
}

fn ser_secret_opt<S: serde::Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(_) => s.serialize_some("[redacted]"),
        None => s.serialize_none(),
    }
}

impl Settings {
    /// Defaults, then `file` (if given, it must exist; else `kentongan.toml` if present), then the environment;
    /// checked with `validate`, the rules every command needs.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        Self::load_checked(file, |_| {}, Self::validate)
    }

    /// `load`, then `overrides` (a command's flags), then `check`; an error names the key and where its value
    /// came from.
    pub fn load_checked(
        file: Option<&Path>,
        overrides: impl FnOnce(&mut Settings),
        check: fn(&Settings) -> anyhow::Result<()>,
    ) -> anyhow::Result<Self> {
        let mut fig = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(path) => {
                if !path.exists() {
                    bail!("config file {} does not exist", path.display());
                }
                fig = fig.merge(Toml::file(path));
            }
            None => fig = fig.merge(Toml::file("kentongan.toml")),
        }
        let fig = fig.merge(Env::prefixed("KENTONGAN_").split("__"));
        let mut settings: Settings = fig.extract().map_err(|e| anyhow::anyhow!(errors::describe(e, &fig)))?;
        overrides(&mut settings);
        check(&settings).map_err(|e| anyhow::anyhow!(errors::locate(format!("{e:#}"), &fig)))?;
        Ok(settings)
    }

    /// Every value well-formed and in range: what every command checks. Each error names its key.
    pub fn validate(&self) -> anyhow::Result<()> {
        let p = &self.tickets.prefix;
        if !(2..=5).contains(&p.len()) || !p.chars().all(|c| c.is_ascii_alphabetic()) {
            bail!("tickets.prefix: must be 2–5 ASCII letters, got {p:?}");
        }
        if !(1..=60).contains(&self.tickets.response_days) {
            bail!("tickets.response_days: must be between 1 and 60 working days");
        }
        if self.server.timezone.parse::<chrono_tz::Tz>().is_err() {
            bail!(
                "server.timezone: unknown time zone {:?}; use an IANA name such as Asia/Jakarta",
                self.server.timezone
            );
        }
        if self.server.body_limit_bytes < 1024 {
            bail!("server.body_limit_bytes: must be at least 1024");
        }
        if self.database.retention_days < 2 {
            bail!("database.retention_days: must be at least 2 (inbound dedupe needs a day of history)");
        }
        if !self.database.url.starts_with("sqlite:") {
            bail!("database.url: only sqlite:// URLs are supported in this release");
        }
        self.validate_central()?;
        self.sms.validate()?;
        self.whatsapp.validate_ranges()?;
        let t = &self.telegram;
        if t.max_per_sec.is_nan() || t.max_per_sec <= 0.0 || t.max_per_sec > 100_000.0 {
            bail!("telegram.max_per_sec: must be between 0 and 100000");
        }
        if t.per_chat_per_sec.is_nan() || t.per_chat_per_sec <= 0.0 || t.per_chat_per_sec > 100.0 {
            bail!("telegram.per_chat_per_sec: must be between 0 and 100");
        }
        if !(1..=20).contains(&t.per_chat_burst) {
            bail!("telegram.per_chat_burst: must be between 1 and 20");
        }
        if let Some(secret) = &self.telegram.webhook_secret {
            let s = secret.expose_secret();
            let ok =
                (1..=256).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !ok {
                bail!("telegram.webhook_secret: must be 1–256 characters of A-Z a-z 0-9 _ -");
            }
        }
        log_filter::check_filter(&self.log.level).map_err(|e| anyhow::anyhow!("log.level: {e}"))?;
        Ok(())
    }

    /// `validate`, and what running the gateway needs on top: a webhook secret in webhook mode, a central URL
    /// for a central adapter, credentials for each enabled SMS provider.
    pub fn validate_serve(&self) -> anyhow::Result<()> {
        self.validate()?;
        let c = &self.central;
        if c.adapter != CentralAdapter::None && c.base_url.is_none() {
            bail!("central.base_url: required when central.adapter is {:?}", c.adapter);
        }
        self.sms.validate_enabled()?;
        self.whatsapp.validate()?;
        if self.telegram.token.is_some()
            && self.telegram.mode == TelegramMode::Webhook
            && self.telegram.webhook_secret.is_none()
        {
            bail!(
                "telegram.webhook_secret: required in webhook mode (or set telegram.mode = \"polling\", or run serve --polling)"
            );
        }
        Ok(())
    }

    fn validate_central(&self) -> anyhow::Result<()> {
        let c = &self.central;
        if let Some(u) = &c.base_url
            && reqwest::Url::parse(u).is_err()
        {
            bail!("central.base_url: not a URL: {u:?}");
        }
        if c.retry_budget_hours.is_nan() || c.retry_budget_hours <= 0.0 {
            bail!("central.retry_budget_hours: must be positive");
        }
        if c.retry_initial_secs.is_nan() || c.retry_initial_secs <= 0.0 || c.retry_initial_secs > 3600.0 {
            bail!("central.retry_initial_secs: must be between 0 and 3600");
        }
        if c.timeout_secs == 0 {
            bail!("central.timeout_secs: must be at least 1");
        }
        if c.poll_max_per_sec.is_nan() || c.poll_max_per_sec <= 0.0 {
            bail!("central.poll_max_per_sec: must be positive");
        }
        for (word, status) in &c.status_map {
            if status.parse::<crate::domain::TicketStatus>().is_err() {
                bail!("central.status_map.{word}: unknown status {status:?}");
            }
        }
        if reqwest::Url::parse(&self.media.public_base_url).is_err() {
            bail!("media.public_base_url: not a URL");
        }
        Ok(())
    }

    /// The configured time zone (validated at load).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.server.timezone.parse().unwrap_or(chrono_tz::Asia::Jakarta)
    }
}
