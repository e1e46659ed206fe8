//! Typed settings: built-in defaults, then a TOML file, then `KENTONGAN_*` environment variables.
//!
//! Every field is documented here and in `deploy/kentongan.example.toml`; an invalid value stops start-up
//! with the offending key named.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::bail;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

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
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: "sqlite://kentongan.db".into(),
            max_connections: 8,
        }
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

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
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
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DialogSettings {
    /// Directory holding the dialog TOML files and `messages.toml`.
    pub dir: PathBuf,
}

impl Default for DialogSettings {
    fn default() -> Self {
        Self {
            dir: "dialogs".into(),
        }
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
        Self {
            catalogue: "deploy/pekalongan/opd.toml".into(),
            model: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TicketSettings {
    /// Tracking ID prefix: 2–5 letters, e.g. `PKL` gives `PKL-7Q3K9XA`.
    pub prefix: String,
}

impl Default for TicketSettings {
    fn default() -> Self {
        Self {
            prefix: "PKL".into(),
        }
    }
}

/// Log line format.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One JSON object per line (for log shippers).
    #[default]
    Json,
    /// Human-readable, coloured.
    Pretty,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSettings {
    /// `json` or `pretty`.
    pub format: LogFormat,
    /// A tracing filter, e.g. `info` or `kentongan=debug,info`.
    pub level: String,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            format: LogFormat::Json,
            level: "info".into(),
        }
    }
}

fn ser_secret_opt<S: serde::Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(_) => s.serialize_some("[redacted]"),
        None => s.serialize_none(),
    }
}

impl Settings {
    /// Defaults, then `file` (if given, it must exist; else `kentongan.toml` if present), then the environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
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
        let settings: Settings = fig
            .extract()
            .map_err(|e| anyhow::anyhow!(describe_figment_error(e)))?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks the rules serde cannot express; each error names its key.
    pub fn validate(&self) -> anyhow::Result<()> {
        let p = &self.tickets.prefix;
        if !(2..=5).contains(&p.len()) || !p.chars().all(|c| c.is_ascii_alphabetic()) {
            bail!("tickets.prefix: must be 2–5 ASCII letters, got {p:?}");
        }
        if self.server.timezone.parse::<chrono_tz::Tz>().is_err() {
            bail!(
                "server.timezone: unknown time zone {:?}",
                self.server.timezone
            );
        }
        if self.server.body_limit_bytes < 1024 {
            bail!("server.body_limit_bytes: must be at least 1024");
        }
        if !self.database.url.starts_with("sqlite:") {
            bail!("database.url: only sqlite:// URLs are supported in this release");
        }
        if let Some(secret) = &self.telegram.webhook_secret {
            let s = secret.expose_secret();
            let ok = (1..=256).contains(&s.len())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !ok {
                bail!("telegram.webhook_secret: must be 1–256 characters of A-Z a-z 0-9 _ -");
            }
        }
        if self.telegram.token.is_some()
            && self.telegram.mode == TelegramMode::Webhook
            && self.telegram.webhook_secret.is_none()
        {
            bail!(
                "telegram.webhook_secret: required in webhook mode (or set telegram.mode = \"polling\")"
            );
        }
        Ok(())
    }

    /// The configured time zone (validated at load).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.server
            .timezone
            .parse()
            .unwrap_or(chrono_tz::Asia::Jakarta)
    }
}

fn describe_figment_error(e: figment::Error) -> String {
    e.into_iter()
        .map(|err| {
            let key = err.path.join(".");
            let source = err
                .metadata
                .as_ref()
                .map(|m| format!(" (from {})", m.name))
                .unwrap_or_default();
            if key.is_empty() {
                format!("config{source}: {}", err.kind)
            } else {
                format!("{key}{source}: {}", err.kind)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}
