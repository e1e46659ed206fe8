//! Sending through Twilio: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, Basic auth.

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

use crate::channel::SendError;
use crate::channel::sms::send::{network_error, outcome};
use crate::channel::sms::{Provider, SmsTransport};
use crate::config::TwilioSettings;
use crate::domain::PhoneNumber;

pub struct Transport {
    http: reqwest::Client,
    url: String,
    account_sid: String,
    auth_token: SecretString,
    from: Option<String>,
    messaging_service_sid: Option<String>,
    /// `{base}/sms/twilio/status`, when delivery reports are wanted.
    status_callback: Option<String>,
}

impl Transport {
    pub fn new(settings: &TwilioSettings, http: reqwest::Client, public_base: Option<String>) -> Self {
        Self {
            http,
            url: format!(
                "{}/2010-04-01/Accounts/{}/Messages.json",
                settings.api_url.trim_end_matches('/'),
                settings.account_sid
            ),
            account_sid: settings.account_sid.clone(),
            auth_token: settings.auth_token.clone().unwrap_or_else(|| SecretString::from("")),
            from: settings.from.clone(),
            messaging_service_sid: settings.messaging_service_sid.clone(),
            status_callback: public_base.map(|b| format!("{b}/sms/twilio/status")),
        }
    }
}

#[async_trait]
impl SmsTransport for Transport {
    fn provider(&self) -> Provider {
        Provider::Twilio
    }

    async fn send_part(&self, to: &PhoneNumber, text: &str, reference: &str) -> Result<(), SendError> {
        let mut form: Vec<(&str, String)> = vec![("To", to.as_str().to_owned()), ("Body", text.to_owned())];
        match (&self.messaging_service_sid, &self.from) {
            (Some(sid), _) => form.push(("MessagingServiceSid", sid.clone())),
            (None, Some(from)) => form.push(("From", from.clone())),
            (None, None) => return Err(SendError::Permanent("no sms.twilio.from configured".into())),
        }
        if let Some(callback) = &self.status_callback {
            form.push(("StatusCallback", format!("{callback}?ref={reference}")));
        }
        let response = self
            .http
            .post(&self.url)
            .basic_auth(&self.account_sid, Some(self.auth_token.expose_secret()))
            .form(&form)
            .send()
            .await
            .map_err(|e| network_error(Provider::Twilio, e))?;
        outcome(Provider::Twilio, response.status(), response.headers())
    }
}
