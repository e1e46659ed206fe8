//! Settings of the WhatsApp channel (`[whatsapp]`): the Cloud API number and credentials, the send pace,
//! the media cap and the approved template used for status pushes outside the 24-hour window.

use anyhow::bail;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct WhatsAppSettings {
    /// Serve `/whatsapp/webhook` and send through the Cloud API.
    pub enabled: bool,
    /// The business phone number's id in the Graph API (digits; not the phone number itself).
    pub phone_number_id: String,
    /// System-user access token, sent as `Authorization: Bearer`; required when enabled.
    #[serde(serialize_with = "ser_secret_opt")]
    pub access_token: Option<SecretString>,
    /// The Meta app's App Secret: the key of `X-Hub-Signature-256`; required when enabled.
    #[serde(serialize_with = "ser_secret_opt")]
    pub app_secret: Option<SecretString>,
    /// The token typed into the app's webhook settings, echoed in `hub.verify_token`; required when enabled.
    #[serde(serialize_with = "ser_secret_opt")]
    pub verify_token: Option<SecretString>,
    /// Graph API base with its version, without a trailing slash. Meta keeps a version about two years:
    /// move it forward before it expires.
    pub graph_base: String,
    /// Messages per second sent from this phone number id (the Cloud API allows 80 by default; set more
    /// only if Meta raised this number's throughput; at most 1000).
    pub per_sec: f64,
    /// Messages one citizen may get back to back (a reply and its follow-up) before the spacing applies.
    pub per_recipient_burst: u32,
    /// Shortest gap between messages to one citizen after the burst (the pair rate: about one per 6 s).
    pub per_recipient_secs: f64,
    /// Largest photo downloaded from a citizen, in bytes (WhatsApp images are at most 5 MB).
    pub media_max_bytes: u64,
    /// Approved message templates, for messages outside the 24-hour customer-service window.
    pub templates: TemplateSettings,
}

impl Default for WhatsAppSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            phone_number_id: String::new(),
            access_token: None,
            app_secret: None,
            verify_token: None,
            graph_base: "https://graph.facebook.com/v24.0".into(),
            per_sec: 20.0,
            per_recipient_burst: 3,
            per_recipient_secs: 6.0,
            media_max_bytes: 5 * 1024 * 1024,
            templates: TemplateSettings::default(),
        }
    }
}

/// `[whatsapp.templates]`: one approved template per purpose; a purpose without one falls back to SMS.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TemplateSettings {
    /// The status-change template (body parameters, in `parameters` order).
    pub status: Option<StatusTemplate>,
}

/// An approved template as registered in WhatsApp Manager.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StatusTemplate {
    /// The template's name (lower-case letters, digits and `_`).
    pub name: String,
    /// Its language code as approved, e.g. `id`.
    #[serde(default = "default_language")]
    pub language: String,
    /// What fills `{{1}}`, `{{2}}`, … of the body, in order.
    #[serde(default = "default_parameters")]
    pub parameters: Vec<TemplateParam>,
}

/// One value a status template can show.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TemplateParam {
    TrackingId,
    StatusLabel,
    Note,
}

fn default_language() -> String {
    "id".into()
}

fn default_parameters() -> Vec<TemplateParam> {
    vec![TemplateParam::TrackingId, TemplateParam::StatusLabel, TemplateParam::Note]
}

impl StatusTemplate {
    /// The body parameters in the configured order. An empty note becomes "-": Meta refuses empty parameters.
    pub fn body_parameters(&self, tracking_id: &str, status_label: &str, note: &str) -> Vec<String> {
        let value = |p: &TemplateParam| match p {
            TemplateParam::TrackingId => tracking_id,
            TemplateParam::StatusLabel => status_label,
            TemplateParam::Note => note,
        };
        self.parameters.iter().map(|p| value(p).trim()).map(|v| if v.is_empty() { "-" } else { v }.into()).collect()
    }
}

impl WhatsAppSettings {
    /// The send pace of this phone number id: its rate, and the per-recipient burst and spacing. As for
    /// Telegram (28 + a burst of 2 = 30), the burst is part of `per_sec`: from 2/s up, no closed 1-s window gets
    /// more than `per_sec` messages, and at a high rate the sends go in small bursts instead of one per tick.
    pub fn pace(&self) -> kentongan_pace::Pace {
        let burst = ((self.per_sec * 0.05).ceil() as u32).max(1);
        kentongan_pace::Pace {
            global_per_sec: (self.per_sec - f64::from(burst)).max(self.per_sec / 2.0),
            global_burst: burst,
            per_chat_interval: std::time::Duration::from_secs_f64(self.per_recipient_secs),
            per_chat_burst: self.per_recipient_burst,
            max_wait_before_promotion: std::time::Duration::from_secs(30),
        }
    }

    /// Values in range always; credentials and the number id when enabled. Each error names its key.
    pub fn validate(&self) -> anyhow::Result<()> {
        self.validate_ranges()?;
        if !self.enabled {
            return Ok(());
        }
        if self.phone_number_id.is_empty() || !self.phone_number_id.bytes().all(|b| b.is_ascii_digit()) {
            bail!("whatsapp.phone_number_id: the number's id from WhatsApp Manager (digits), required when enabled");
        }
        required(&self.access_token, "whatsapp.access_token", 1)?;
        required(&self.app_secret, "whatsapp.app_secret", 16)?;
        required(&self.verify_token, "whatsapp.verify_token", 16)
    }

    /// What every command checks: values in range, whether or not the channel runs here.
    pub fn validate_ranges(&self) -> anyhow::Result<()> {
        if !(self.per_sec.is_finite() && self.per_sec > 0.0 && self.per_sec <= 1000.0) {
            bail!("whatsapp.per_sec: must be above 0 and at most 1000 (the Cloud API's default is 80 per number)");
        }
        if !(self.per_recipient_secs.is_finite() && (0.001..=3600.0).contains(&self.per_recipient_secs)) {
            bail!("whatsapp.per_recipient_secs: must be between 0.001 and 3600");
        }
        if !(1..=100).contains(&self.per_recipient_burst) {
            bail!("whatsapp.per_recipient_burst: must be 1–100");
        }
        if !(1024..=100 * 1024 * 1024).contains(&self.media_max_bytes) {
            bail!("whatsapp.media_max_bytes: must be between 1024 and 104857600");
        }
        let base = &self.graph_base;
        if !(base.starts_with("https://") || base.starts_with("http://")) || base.ends_with('/') {
            bail!("whatsapp.graph_base: a URL such as https://graph.facebook.com/v24.0, without a trailing slash");
        }
        if let Some(t) = &self.templates.status {
            t.validate("whatsapp.templates.status")?;
        }
        Ok(())
    }
}

impl StatusTemplate {
    fn validate(&self, key: &str) -> anyhow::Result<()> {
        let name_ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
        if self.name.is_empty() || self.name.len() > 512 || !self.name.chars().all(name_ok) {
            bail!("{key}.name: the approved template's name (a-z, 0-9, _)");
        }
        if self.language.trim().is_empty() {
            bail!("{key}.language: the approved language code, e.g. id");
        }
        let mut seen = Vec::new();
        for p in &self.parameters {
            if seen.contains(p) {
                bail!("{key}.parameters: {p:?} is listed twice");
            }
            seen.push(*p);
        }
        Ok(())
    }
}

/// A secret that is set and at least `min` characters long (an empty one would let anyone in).
fn required(secret: &Option<SecretString>, key: &str, min: usize) -> anyhow::Result<()> {
    match secret {
        Some(s) if s.expose_secret().trim().len() >= min => Ok(()),
        Some(_) => bail!("{key}: must be at least {min} characters"),
        None => bail!("{key}: required when whatsapp.enabled"),
    }
}

fn ser_secret_opt<S: serde::Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(_) => s.serialize_some("[redacted]"),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests;
