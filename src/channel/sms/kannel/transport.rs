//! Sending through smsbox: `GET sendsms?username&password&from&to&text&charset&coding&dlr-mask&dlr-url`.

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

use crate::channel::SendError;
use crate::channel::sms::send::{network_error, outcome};
use crate::channel::sms::{Provider, SmsTransport};
use crate::config::KannelSettings;
use crate::domain::PhoneNumber;

/// DLR types requested: delivered (1) + failed (2) + SMSC submit (8) + SMSC reject (16).
const DLR_MASK: &str = "27";

pub struct Transport {
    http: reqwest::Client,
    url: String,
    username: String,
    password: SecretString,
    from: Option<String>,
    /// `{base}/sms/kannel/dlr?secret=…`, when delivery reports are wanted.
    dlr_base: Option<String>,
}

impl Transport {
    pub fn new(settings: &KannelSettings, http: reqwest::Client, public_base: Option<String>) -> Self {
        let dlr_base = public_base.map(|base| {
            let mut url = format!("{base}/sms/kannel/dlr?");
            // Kannel stores and logs the dlr-url: it gets its own secret when one is set.
            if let Some(secret) = settings.dlr_secret.as_ref().or(settings.secret.as_ref()) {
                url.push_str(&format!("secret={}&", urlencode(secret.expose_secret())));
            }
            url
        });
        Self {
            http,
            url: settings.sendsms_url.clone(),
            username: settings.username.clone(),
            password: settings.password.clone().unwrap_or_else(|| SecretString::from("")),
            from: settings.from.clone(),
            dlr_base,
        }
    }
}

#[async_trait]
impl SmsTransport for Transport {
    fn provider(&self) -> Provider {
        Provider::Kannel
    }

    async fn send_part(&self, to: &PhoneNumber, text: &str, reference: &str) -> Result<(), SendError> {
        // GSM-7 text goes as 7-bit (160 per SMS); anything else as UCS-2 (coding=2).
        let coding = if kentongan_dialog::gsm7::is_gsm7(text) { "0" } else { "2" };
        let mut query: Vec<(&str, String)> = vec![
            ("username", self.username.clone()),
            ("password", self.password.expose_secret().to_owned()),
            ("to", to.as_str().to_owned()),
            ("text", text.to_owned()),
            ("charset", "UTF-8".into()),
            ("coding", coding.into()),
        ];
        if let Some(from) = &self.from {
            query.push(("from", from.clone()));
        }
        if let Some(base) = &self.dlr_base {
            query.push(("dlr-mask", DLR_MASK.into()));
            query.push(("dlr-url", format!("{base}ref={reference}&status=%d&answer=%A")));
        }
        let response =
            self.http.get(&self.url).query(&query).send().await.map_err(|e| network_error(Provider::Kannel, e))?;
        outcome(Provider::Kannel, response.status(), response.headers())
    }
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
