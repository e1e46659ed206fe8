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

/// `kentongan serve` at debug level on `port`, talking to `bot_api`, with its stderr piped.
fn serve(dir: &Path, port: u16, bot_api: &MockServer) -> Child {
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
    c.say(&f.message("btn_today", "id")).await;
    c.say(&f.message("btn_skip", "id")).await;
    c.say(&f.option_labels("report_type", "id")[0]).await;
    let opd = c.say(&f.option_labels("privacy", "id")[0]).await;
    let summary = c.say(&opd[0]).await;
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

fn assert_absent(log: &str, what: &str, secret: &str) {
    assert!(!log.contains(secret), "the log contains the {what} ({secret:?})");
}

#[tokio::test]
async fn debug_logs_of_a_whole_complaint_hold_no_text_name_phone_chat_id_or_token() {
    let dir = tempfile::tempdir().unwrap();
    let bot_api = fake_bot_api().await;
    let port = free_port();
    let mut child = serve(dir.path(), port, &bot_api);
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut log = String::new();
        stderr.read_to_string(&mut log).unwrap();
        log
    });
    let mut citizen = Citizen {
        base: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::new(),
        bot_api,
        store: None,
        dir: dir.path().to_path_buf(),
        next_update: 880_000,
    };
    citizen.wait_until_up().await;
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
