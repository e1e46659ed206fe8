//! The SMS harness: the gateway with all four providers enabled, each provider's far side faked as
//! a local server speaking its wire format (Gammu's inject command is a script writing to a file),
//! and one way to send an SMS through any provider, signed as the real provider signs.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use kentongan::channel::sms::{Provider, android, twilio};
use kentongan::config::Settings;
use kentongan::jobs::{BackgroundJob, StatusChanged};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, spawn_app_with};

pub const ANDROID_KEY: &str = "android-signing-key";
pub const KANNEL_SECRET: &str = "kannel-secret-0123456789";
pub const GAMMU_SECRET: &str = "gammu-secret-0123456789";
pub const TWILIO_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const TWILIO_TOKEN: &str = "twilio-auth-token-0123456789";
/// The public URLs as the providers see them (signatures cover them).
pub const PUBLIC_BASE: &str = "https://lapor.test";
pub const TWILIO_WEBHOOK: &str = "https://lapor.test/sms/twilio/webhook";

pub struct SmsApp {
    pub app: TestApp,
    pub android: MockServer,
    pub kannel: MockServer,
    pub twilio: MockServer,
    /// Where the fake `gammu-smsd-inject` appends one line per SMS.
    pub gammu_log: PathBuf,
    next_id: std::sync::atomic::AtomicU64,
}

/// The gateway with every SMS provider enabled against fakes that accept everything.
pub async fn spawn_sms_app(adjust: impl FnOnce(&mut Settings)) -> SmsApp {
    let android = MockServer::builder().start().await;
    Mock::given(method("POST"))
        .and(path("/message"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"id": "x", "state": "Pending"})))
        .mount(&android)
        .await;
    let kannel = MockServer::builder().start().await;
    Mock::given(method("GET"))
        .and(path("/cgi-bin/sendsms"))
        .respond_with(ResponseTemplate::new(202).set_body_string("0: Accepted for delivery"))
        .mount(&kannel)
        .await;
    let twilio = MockServer::builder().start().await;
    Mock::given(method("POST"))
        .and(path_regex(r"^/2010-04-01/Accounts/[^/]+/Messages\.json$"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SM123", "status": "queued"})))
        .mount(&twilio)
        .await;
    let scratch = tempfile::tempdir().unwrap().keep();
    let script = scratch.join("fake-gammu-smsd-inject");
    // One line per SMS: number, a tab, the text with newlines as "\n".
    std::fs::write(&script, "#!/bin/sh\nprintf '%s\\t%s\\n' \"$1\" \"$(printf '%s' \"$2\" | sed ':a;N;$!ba;s/\\n/\\\\n/g')\" >> \"$0.log\"\n")
        .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let script_log = PathBuf::from(format!("{}.log", script.display()));
    let (a, k, t) = (android.uri(), kannel.uri(), twilio.uri());
    let app = spawn_app_with(|s| {
        let sms = &mut s.sms;
        sms.public_base_url = Some(PUBLIC_BASE.into());
        sms.flood_max = 1000;
        sms.daily_push_cap = 3;
        sms.default_provider = Some("android".into());
        sms.android.enabled = true;
        sms.android.signing_key = Some(ANDROID_KEY.to_string().into());
        sms.android.api_url = a;
        sms.android.password = Some("pw".to_string().into());
        sms.kannel.enabled = true;
        sms.kannel.secret = Some(KANNEL_SECRET.to_string().into());
        sms.kannel.sendsms_url = format!("{k}/cgi-bin/sendsms");
        sms.kannel.password = Some("kpw".to_string().into());
        sms.kannel.from = Some("1708".into());
        sms.gammu.enabled = true;
        sms.gammu.secret = Some(GAMMU_SECRET.to_string().into());
        sms.gammu.inject_command = vec![script.display().to_string(), "{to}".into(), "{text}".into()];
        sms.twilio.enabled = true;
        sms.twilio.account_sid = TWILIO_SID.into();
        sms.twilio.auth_token = Some(TWILIO_TOKEN.to_string().into());
        sms.twilio.from = Some("+15005550006".into());
        sms.twilio.webhook_url = Some(TWILIO_WEBHOOK.into());
        sms.twilio.api_url = t;
        // Tests type faster than feature phones; pacing is the scheduler's own test.
        for rate in [&mut sms.android.per_minute, &mut sms.kannel.per_minute, &mut sms.gammu.per_minute] {
            *rate = 60_000.0;
        }
        sms.twilio.per_minute = 60_000.0;
        sms.per_number_secs = 0.01;
        adjust(s);
    })
    .await;
    SmsApp { app, android, kannel, twilio, gammu_log: script_log, next_id: std::sync::atomic::AtomicU64::new(1) }
}

/// True for the one-line data notice (UU 27/2022) a number gets before the first answer it ever gets,
/// in any language: tests about "one answer per SMS" count the answers after it.
pub fn is_data_notice(text: &str) -> bool {
    let f = crate::dialog_file::DialogFile::load();
    ["id", "jv", "en"].iter().any(|lang| f.sms_message("privacy_notice", lang) == text)
}

impl SmsApp {
    /// A fresh provider delivery id.
    pub fn next_id(&self) -> String {
        format!("d{}", self.next_id.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
    }

    /// Delivers one SMS through `provider`, correctly signed, with delivery id `id`.
    pub async fn deliver(&self, provider: Provider, from: &str, text: &str, id: &str) -> reqwest::Response {
        self.request(provider, from, text, id).send().await.expect("gateway answers")
    }

    /// The signed request a provider would make for one SMS.
    pub fn request(&self, provider: Provider, from: &str, text: &str, id: &str) -> reqwest::RequestBuilder {
        let base = &self.app.base;
        let client = &self.app.client;
        match provider {
            Provider::Android => {
                let body = android_body(id, from, text).to_string();
                android_signed(client.post(format!("{base}/sms/android/webhook")), &body, Utc::now().timestamp())
            }
            Provider::Kannel => {
                // As Kannel sends it: the message's own bytes (%b) and charset (%C).
                let (charset, bytes) = kannel_bytes(text);
                let text: String = bytes.iter().map(|b| format!("%{b:02X}")).collect();
                let time = Utc::now().timestamp().to_string();
                let fields = [("secret", KANNEL_SECRET), ("id", id), ("from", from), ("to", "1708"), ("time", &time)];
                let mut url = format!("{base}/sms/kannel/receive?");
                for (k, v) in fields {
                    url.push_str(&format!(
                        "{k}={}&",
                        form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                    ));
                }
                client.get(format!("{url}charset={charset}&text={text}"))
            }
            Provider::Gammu => client
                .post(format!("{base}/sms/gammu/receive"))
                .header("X-Kentongan-Secret", GAMMU_SECRET)
                .json(&json!({"messages": [{"id": id, "number": from, "text": text}]})),
            Provider::Twilio => {
                let params = twilio_params(id, from, text);
                twilio_signed(client.post(format!("{base}/sms/twilio/webhook")), TWILIO_WEBHOOK, &params)
            }
        }
    }

    /// Sends a text and waits until the gateway is idle; returns the SMS sent back to `from` meanwhile.
    pub async fn text(&self, provider: Provider, from: &str, text: &str) -> Vec<String> {
        let before = self.sms_to(provider, from).await.len();
        let resp = self.deliver(provider, from, text, &self.next_id()).await;
        assert!(resp.status().is_success(), "{provider} accepted the SMS: {}", resp.status());
        self.settle().await;
        self.sms_to(provider, from).await.split_off(before)
    }

    /// Waits until every accepted SMS is processed and every SMS job is finished.
    pub async fn settle(&self) {
        let store = self.app.store();
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let mut busy = Vec::new();
            if !store.pending_inbound(1).await.unwrap().is_empty() {
                busy.push("inbox".to_string());
            }
            let kinds = Provider::ALL.map(|p| p.job_kind());
            for kind in kinds.iter().map(String::as_str).chain([StatusChanged::KIND]) {
                let c = store.outbox_counts(kind).await.unwrap();
                if c.pending + c.running > 0 {
                    busy.push(format!("{kind}: {c:?}"));
                }
            }
            if busy.is_empty() {
                return;
            }
            assert!(Instant::now() < deadline, "gateway did not settle: {busy:?}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Every SMS text the gateway sent to `to` (E.164) through `provider`, in order.
    pub async fn sms_to(&self, provider: Provider, to: &str) -> Vec<String> {
        self.sent(provider).await.into_iter().filter(|(n, _)| n == to).map(|(_, t)| t).collect()
    }

    /// Every (number, text) the gateway sent through `provider`, in order.
    pub async fn sent(&self, provider: Provider) -> Vec<(String, String)> {
        match provider {
            Provider::Android => requests(&self.android)
                .await
                .iter()
                .map(|r| {
                    let v: Value = serde_json::from_slice(&r.body).unwrap();
                    (v["phoneNumbers"][0].as_str().unwrap().into(), v["textMessage"]["text"].as_str().unwrap().into())
                })
                .collect(),
            Provider::Kannel => requests(&self.kannel)
                .await
                .iter()
                .map(|r| {
                    let q = |k: &str| r.url.query_pairs().find(|(n, _)| n == k).map(|(_, v)| v.into_owned());
                    (q("to").unwrap(), q("text").unwrap())
                })
                .collect(),
            Provider::Twilio => requests(&self.twilio)
                .await
                .iter()
                .map(|r| {
                    let form: Vec<(String, String)> =
                        form_urlencoded::parse(&r.body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
                    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap();
                    (get("To"), get("Body"))
                })
                .collect(),
            Provider::Gammu => std::fs::read_to_string(&self.gammu_log)
                .unwrap_or_default()
                .lines()
                .filter_map(|l| l.split_once('\t'))
                .map(|(n, t)| (n.to_owned(), t.replace("\\n", "\n")))
                .collect(),
        }
    }
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

/// Kannel's charset for an SMS and its bytes: 8-bit WINDOWS-1252 when every character fits, else the
/// UTF-16BE of a UCS-2 message.
pub fn kannel_bytes(text: &str) -> (&'static str, Vec<u8>) {
    if text.chars().all(|c| (c as u32) < 0x80 || ((c as u32) >= 0xA0 && (c as u32) <= 0xFF)) {
        ("WINDOWS-1252", text.chars().map(|c| c as u8).collect())
    } else {
        ("UTF-16BE", text.encode_utf16().flat_map(u16::to_be_bytes).collect())
    }
}

pub fn android_body(id: &str, from: &str, text: &str) -> Value {
    json!({"id": id, "webhookId": "wh1", "deviceId": "dev1", "event": "sms:received",
        "payload": {"messageId": "abc123", "message": text, "sender": from, "recipient": "+6289999999999",
            "simNumber": 1, "receivedAt": "2026-11-28T10:00:00.000+07:00"}})
}

/// Adds `X-Timestamp` and `X-Signature` as the phone computes them.
pub fn android_signed(req: reqwest::RequestBuilder, body: &str, timestamp: i64) -> reqwest::RequestBuilder {
    let ts = timestamp.to_string();
    req.header("content-type", "application/json")
        .header("X-Timestamp", &ts)
        .header("X-Signature", android::sign(ANDROID_KEY, body.as_bytes(), &ts))
        .body(body.to_string())
}

pub fn twilio_params(id: &str, from: &str, text: &str) -> Vec<(String, String)> {
    [
        ("MessageSid", id),
        ("AccountSid", TWILIO_SID),
        ("From", from),
        ("To", "+15005550006"),
        ("Body", text),
        ("NumMedia", "0"),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .to_vec()
}

/// A form POST with `X-Twilio-Signature` over `url` and `params`.
pub fn twilio_signed(req: reqwest::RequestBuilder, url: &str, params: &[(String, String)]) -> reqwest::RequestBuilder {
    let body: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
    req.header("content-type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", twilio::sign(TWILIO_TOKEN, url, params))
        .body(body)
}
