//! Logs never contain message text, names, phone numbers, chat ids or tokens — checked on the real binary
//! at `RUST_LOG=debug` while a citizen files a whole complaint and shares a contact through the webhook.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kentongan::store::Store;
use serde_json::{Value, json};
use wiremock::MockServer;

use crate::dialog_file::DialogFile;
use crate::helpers::*;

const DESCRIPTION: &str = "jalan di gang Kenanga Wetan berlubang besar dan dalam, becak Pak Darmo terguling kemarin";
const CHAT: i64 = 7_350_123_987;
const PHONE: &str = "+6281234567890";
const NAME: &str = "Siti";
const BOT_TOKEN: &str = "7350999111:AAH-hygieneTokenQz81xWv";
const WEBHOOK_SECRET: &str = "hygiene_secret-Pq42Lm";

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// `kentongan serve` at debug level on `port`, talking to `bot_api`, with its stderr piped; `extra`
/// environment on top.
fn serve(dir: &Path, port: u16, bot_api: &MockServer, extra: &[(&str, String)]) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kentongan"));
    cmd.current_dir(dir);
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("KENTONGAN_")) {
        cmd.env_remove(key);
    }
    cmd.env("RUST_LOG", "debug")
        .env("KENTONGAN_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env("KENTONGAN_DATABASE__URL", database_url(dir))
        .env("KENTONGAN_DIALOGS__DIR", repo_path("dialogs"))
        .env("KENTONGAN_CLASSIFY__CATALOGUE", repo_path("deploy/pekalongan/opd.toml"))
        .env("KENTONGAN_MEDIA__DIR", dir.join("media"))
        .env("KENTONGAN_TELEGRAM__TOKEN", BOT_TOKEN)
        .env("KENTONGAN_TELEGRAM__WEBHOOK_SECRET", WEBHOOK_SECRET)
        .env("KENTONGAN_TELEGRAM__API_URL", bot_api.uri())
        .envs(extra.iter().map(|(k, v)| (*k, v)))
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

fn database_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("kentongan.db").display())
}

/// A citizen talking to a gateway process over HTTP; the test reads its database to know when it is idle.
struct Citizen {
    base: String,
    client: reqwest::Client,
    bot_api: MockServer,
    store: Option<Arc<dyn Store>>,
    dir: std::path::PathBuf,
    next_update: u32,
}

impl Citizen {
    async fn wait_until_up(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let up = self.client.get(format!("{}/readyz", self.base)).send().await;
            if up.is_ok_and(|r| r.status() == 200) {
                break;
            }
            assert!(Instant::now() < deadline, "the gateway did not come up");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.store = Some(kentongan::store::connect(&database_url(&self.dir), 1).await.unwrap());
    }

    /// Posts one message with `content` from `CHAT`, waits until it is handled and answered,
    /// and returns the last reply's button labels.
    async fn send(&mut self, content: Value) -> Vec<String> {
        self.next_update += 1;
        let id = self.next_update;
        let mut message = json!({"message_id": id, "date": 1_764_300_000,
            "chat": {"id": CHAT, "type": "private", "first_name": NAME},
            "from": {"id": CHAT, "is_bot": false, "first_name": NAME}});
        for (k, v) in content.as_object().unwrap() {
            message[k] = v.clone();
        }
        let before = self.replies().await.len();
        let resp = self
            .client
            .post(format!("{}/telegram/webhook", self.base))
            .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
            .json(&json!({"update_id": id, "message": message}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "webhook accepted update {id}");
        self.settle().await;
        let replies = self.replies().await;
        assert!(replies.len() > before, "update {id} got no reply");
        let buttons = replies.last().unwrap()["reply_markup"]["keyboard"].as_array().cloned().unwrap_or_default();
        buttons.iter().flat_map(|row| row.as_array().cloned().unwrap_or_default()).map(label).collect()
    }

    async fn say(&mut self, text: &str) -> Vec<String> {
        self.send(json!({"text": text})).await
    }

    async fn replies(&self) -> Vec<Value> {
        let requests = self.bot_api.received_requests().await.unwrap_or_default();
        requests
            .iter()
            .filter(|r| r.url.path().to_lowercase().ends_with("/sendmessage"))
            .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap())
            .filter(|b| b["chat_id"] == json!(CHAT))
            .collect()
    }

    async fn settle(&self) {
        crate::helpers::settle_store(self.store.as_ref().unwrap().as_ref()).await;
    }
}

fn label(button: Value) -> String {
    button["text"].as_str().unwrap_or_default().to_string()
}

/// Files the whole complaint, sharing a contact on the way; returns the tracking ID.
async fn file_complaint(c: &mut Citizen) -> String {
    let f = DialogFile::load();
    c.say("/start").await;
    c.say(&f.message("menu_report", "id")).await;
    // A contact is not an answer the dialog takes; it is re-asked, and the number must not reach the log.
    let contact = json!({"contact": {"phone_number": PHONE, "first_name": NAME, "user_id": CHAT}});
    c.send(contact).await;
    c.say(DESCRIPTION).await;
    c.send(json!({"location": {"latitude": -6.8886, "longitude": 109.6753}})).await;
    c.say(&f.message("btn_skip", "id")).await;
    let mut summary = c.say(&f.option_labels("privacy", "id")[0]).await;
    // A confident agency is in the summary; an unsure one is asked first (the first choice is taken).
    if summary[0] != f.message("btn_send", "id") {
        summary = c.say(&summary[0]).await;
    }
    c.say(&summary[0]).await;
    let replies = c.replies().await;
    let done = replies.last().unwrap()["text"].as_str().unwrap();
    crate::telegram_dialog::tracking_id_in(done).unwrap_or_else(|| panic!("no tracking ID in {done:?}"))
}

/// Asks the process to stop (SIGTERM, as a service manager would), then makes sure it is gone.
fn stop(child: &mut Child) {
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.wait();
}

/// The gateway process with `extra` environment, its log being captured, and a citizen talking to it
/// once it is up.
async fn start(
    dir: &Path,
    bot_api: MockServer,
    extra: &[(&str, String)],
) -> (Child, std::thread::JoinHandle<String>, Citizen) {
    let port = free_port();
    let mut child = serve(dir, port, &bot_api, extra);
    let reader = capture(&mut child);
    let mut citizen = Citizen {
        base: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::new(),
        bot_api,
        store: None,
        dir: dir.to_path_buf(),
        next_update: 880_000,
    };
    citizen.wait_until_up().await;
    (child, reader, citizen)
}

/// Runs until the gateway stops, and returns everything it wrote to stderr.
fn capture(child: &mut Child) -> std::thread::JoinHandle<String> {
    let mut stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        let mut log = String::new();
        stderr.read_to_string(&mut log).unwrap();
        log
    })
}

fn assert_absent(log: &str, what: &str, secret: &str) {
    assert!(!log.contains(secret), "the log contains the {what} ({secret:?})");
}

#[tokio::test]
async fn debug_logs_of_a_whole_complaint_hold_no_text_name_phone_chat_id_or_token() {
    let dir = tempfile::tempdir().unwrap();
    let bot_api = fake_bot_api().await;
    let (mut child, reader, mut citizen) = start(dir.path(), bot_api, &[]).await;
    let tracking = file_complaint(&mut citizen).await;
    let record = citizen.store.as_ref().unwrap().ticket_record(&tracking).await.unwrap().expect("ticket stored");
    assert_eq!(record.ticket.description, DESCRIPTION, "the complaint really went through");
    citizen.store = None;
    stop(&mut child);
    let log = reader.join().unwrap();

    // The check can fail: the process did log, one JSON object per line, including the requests it served.
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() > 5, "the gateway logged almost nothing:\n{log}");
    for line in &lines {
        let parsed: Result<Value, _> = serde_json::from_str(line);
        assert!(parsed.is_ok_and(|v| v.is_object()), "not a JSON log line: {line}");
    }
    assert!(log.contains("\"level\":\"DEBUG\""), "RUST_LOG=debug did not reach the log:\n{log}");

    let chars: Vec<char> = DESCRIPTION.chars().collect();
    for window in chars.windows(20) {
        assert_absent(&log, "complaint text", &window.iter().collect::<String>());
    }
    assert_absent(&log, "chat id", &CHAT.to_string());
    assert_absent(&log, "phone number", PHONE);
    assert_absent(&log, "phone number", PHONE.trim_start_matches('+'));
    assert_absent(&log, "first name", NAME);
    assert_absent(&log, "bot token", BOT_TOKEN);
    assert_absent(&log, "bot token", BOT_TOKEN.split_once(':').unwrap().1);
    assert_absent(&log, "webhook secret", WEBHOOK_SECRET);
}

const SMS_PHONE: &str = "+6281398765432";
const SMS_TEXT: &str = "lampu jalan di depan masjid Al Huda Kradenan mati sudah dua minggu, gelap sekali";
const ANDROID_KEY: &str = "hygiene-android-key-77";
const KANNEL_SECRET: &str = "hygiene-kannel-secret-88";

#[tokio::test]
async fn debug_logs_of_an_sms_complaint_hold_no_number_text_or_secret() {
    let dir = tempfile::tempdir().unwrap();
    let (bot_api, phone) = (fake_bot_api().await, MockServer::builder().start().await);
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(202).set_body_string("0: Accepted for delivery"))
        .mount(&phone)
        .await;
    let env = [
        ("KENTONGAN_SMS__ANDROID__ENABLED", "true".to_string()),
        ("KENTONGAN_SMS__ANDROID__SIGNING_KEY", ANDROID_KEY.into()),
        ("KENTONGAN_SMS__ANDROID__API_URL", phone.uri()),
        ("KENTONGAN_SMS__ANDROID__PER_MINUTE", "60000".into()),
        ("KENTONGAN_SMS__KANNEL__ENABLED", "true".into()),
        ("KENTONGAN_SMS__KANNEL__SECRET", KANNEL_SECRET.into()),
        ("KENTONGAN_SMS__KANNEL__SENDSMS_URL", format!("{}/cgi-bin/sendsms", phone.uri())),
        ("KENTONGAN_SMS__KANNEL__PER_MINUTE", "60000".into()),
        ("KENTONGAN_SMS__PER_NUMBER_SECS", "0.01".into()),
    ];
    let (mut child, reader, citizen) = start(dir.path(), bot_api, &env).await;
    let store = citizen.store.clone().unwrap();
    // Half the conversation through the phone, half through Kannel (whose get-url carries number and text).
    let steps = ["LAPOR", SMS_TEXT, "Jl. Kradenan Gg. 3 RT 01 RW 04", "1", "1", "1"];
    for (i, text) in steps.iter().enumerate() {
        let response = if i % 2 == 0 {
            let body = json!({"id": format!("h{i}"), "event": "sms:received",
                "payload": {"message": text, "sender": SMS_PHONE}})
            .to_string();
            let ts = chrono::Utc::now().timestamp().to_string();
            citizen
                .client
                .post(format!("{}/sms/android/webhook", citizen.base))
                .header("X-Timestamp", &ts)
                .header("X-Signature", kentongan::channel::sms::android::sign(ANDROID_KEY, body.as_bytes(), &ts))
                .body(body)
                .send()
                .await
                .unwrap()
        } else {
            let q = [("secret", KANNEL_SECRET), ("id", &format!("k{i}")), ("from", SMS_PHONE), ("text", text)];
            citizen.client.get(format!("{}/sms/kannel/receive", citizen.base)).query(&q).send().await.unwrap()
        };
        assert_eq!(response.status(), 200, "step {i}");
        let deadline = Instant::now() + Duration::from_secs(15);
        while !store.pending_inbound(1).await.unwrap().is_empty() {
            assert!(Instant::now() < deadline, "step {i} not processed");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    while store.count_tickets().await.unwrap() == 0 {
        assert!(Instant::now() < deadline, "no ticket filed by SMS");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let sent = phone.received_requests().await.unwrap();
    assert!(sent.len() >= steps.len(), "the citizen got answers by SMS ({} requests)", sent.len());
    drop((store, citizen));
    stop(&mut child);
    let log = reader.join().unwrap();
    assert!(log.contains("sms provider enabled"), "the gateway ran with SMS on:\n{log}");
    let chars: Vec<char> = SMS_TEXT.chars().collect();
    for window in chars.windows(20) {
        assert_absent(&log, "complaint text", &window.iter().collect::<String>());
    }
    for form in [SMS_PHONE, SMS_PHONE.trim_start_matches('+'), "81398765432"] {
        assert_absent(&log, "phone number", form);
    }
    assert_absent(&log, "android signing key", ANDROID_KEY);
    assert_absent(&log, "kannel secret", KANNEL_SECRET);
}

#[tokio::test]
async fn an_operator_reads_each_ticket_created_and_forwarded_and_one_line_per_central_outage() {
    let dir = tempfile::tempdir().unwrap();
    let bot_api = fake_bot_api().await;
    let central = kentongan_central::fake::open311::FakeOpen311::start().await;
    // Down for the first six calls (the 503s of a restarting server), then up.
    central.fail_next(vec![503; 6]);
    let env = [
        ("KENTONGAN_CENTRAL__ADAPTER", "open311".to_string()),
        ("KENTONGAN_CENTRAL__BASE_URL", central.uri()),
        ("KENTONGAN_CENTRAL__RETRY_INITIAL_SECS", "0.05".into()),
    ];
    let (mut child, reader, mut citizen) = start(dir.path(), bot_api, &env).await;
    let tracking = file_complaint(&mut citizen).await;
    let store = citizen.store.clone().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let record = store.ticket_record(&tracking).await.unwrap().unwrap();
        if store.central_ref(record.ticket.id).await.unwrap().central_id.is_some() {
            break;
        }
        assert!(Instant::now() < deadline, "the ticket was not forwarded after the outage");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    citizen.store = None;
    stop(&mut child);
    let log = reader.join().unwrap();
    let info: Vec<Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| matches!(v["level"].as_str(), Some("INFO" | "WARN")))
        .collect();
    let said = |message: &str| info.iter().filter(|v| v["message"] == message).collect::<Vec<_>>();
    let warning =
        "central.adapter is open311 but central.api_key is unset: most Open311 servers refuse creates without it";
    assert_eq!(said(warning).len(), 1, "a start-up warning for config that cannot work:\n{log}");
    let created = said("ticket created");
    assert_eq!(created.len(), 1, "{log}");
    assert_eq!(created[0]["ticket"], json!(tracking));
    assert_eq!(created[0]["opd"], json!("DPUPR"));
    assert_eq!(created[0]["channel"], json!("telegram"));
    let forwarded = said("ticket forwarded");
    assert_eq!(forwarded.len(), 1, "{log}");
    assert_eq!(forwarded[0]["ticket"], json!(tracking));
    assert_eq!(said("central API not answering; retrying with backoff").len(), 1, "one line per outage:\n{log}");
    assert_eq!(said("central API answers again").len(), 1, "and one when it is back:\n{log}");
    assert_absent(&log, "complaint text", &DESCRIPTION[..30]);
}
