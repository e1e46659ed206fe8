//! Sending through the phone: `POST {api_url}/message` with Basic auth.

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use crate::channel::SendError;
use crate::channel::sms::send::{network_error, outcome};
use crate::channel::sms::{Provider, SmsTransport};
use crate::config::AndroidSettings;
use crate::domain::PhoneNumber;

pub struct Transport {
    http: reqwest::Client,
    url: String,
    username: String,
    password: SecretString,
}

impl Transport {
    pub fn new(settings: &AndroidSettings, http: reqwest::Client) -> Self {
        Self {
            http,
            url: format!("{}/message", settings.api_url.trim_end_matches('/')),
            username: settings.username.clone(),
            password: settings.password.clone().unwrap_or_else(|| SecretString::from("")),
        }
    }
}

#[async_trait]
impl SmsTransport for Transport {
    fn provider(&self) -> Provider {
        Provider::Android
    }

    async fn send_part(&self, to: &PhoneNumber, text: &str, reference: &str) -> Result<(), SendError> {
        // Our reference as the message id: the phone's sms:delivered webhook echoes it back.
        let body = json!({
            "id": reference,
            "textMessage": { "text": text },
            "phoneNumbers": [to.as_str()],
            "withDeliveryReport": true,
        });
        let response = self
            .http
            .post(&self.url)
            .basic_auth(&self.username, Some(self.password.expose_secret()))
            .json(&body)
            .send()
            .await
            .map_err(|e| network_error(Provider::Android, e))?;
        // Our reference is the message id: a resend after a lost answer gets 409 "Message with the same
        // ID already exists" — the phone has it, which is what we wanted.
        if response.status() == reqwest::StatusCode::CONFLICT {
            return Ok(());
        }
        outcome(Provider::Android, response.status(), response.headers())
    }
}
