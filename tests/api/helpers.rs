//! The `spawn_app()` harness: fresh database, app on port 0, fake Bot API, helpers per route.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use kentongan::app::Application;
use kentongan::config::{Settings, TelegramMode};
use serde_json::{Value, json};
use tempfile::TempDir;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const TOKEN: &str = "123456:TEST-TOKEN";
pub const SECRET: &str = "test_secret-123";

pub struct TestApp {
    pub app: Option<Application>,
    pub settings: Settings,
    pub base: String,
    pub client: reqwest::Client,
    pub bot_api: MockServer,
    /// Holds the database file; dropped (deleted) with the app.
    pub _dir: TempDir,
    next_update: std::sync::atomic::AtomicU32,
}

/// A message our gateway sent to the fake Bot API.
#[derive(Debug, Clone)]
pub struct Sent {
    pub chat_id: i64,
    pub text: String,
    /// Reply keyboard button labels, row by row flattened; the location button included.
    pub buttons: Vec<String>,
    pub location_button: bool,
    pub removes_keyboard: bool,
}

pub fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Waits until `store` has no unprocessed inbound event and no unsent Telegram message.
pub async fn settle_store(store: &dyn kentongan::store::Store) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let inbox_empty = store.pending_inbound(1).await.unwrap().is_empty();
        let counts = store.outbox_counts("send.telegram").await.unwrap();
        if inbox_empty && counts.pending == 0 && counts.running == 0 {
            return;
        }
        assert!(Instant::now() < deadline, "gateway did not settle: {counts:?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Every fake in the suite is a fresh server on its own port (`MockServer::builder()`), never one from
/// wiremock's pool: a pooled server is handed to the next test while the previous test's gateway may still
/// be sending to it, and those late requests showed up in the next test's records.
pub async fn fake_bot_api() -> MockServer {
    let server = MockServer::builder().start().await;
    let message = json!({"ok": true, "result": {
        "message_id": 1, "date": 1_764_300_000, "chat": {"id": 1, "type": "private", "first_name": "A"}, "text": "ok"}});
    Mock::given(method("POST"))
        .and(path_regex(r"(?i)^/bot[^/]+/(sendmessage|editmessagetext|editmessagereplymarkup)$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(message))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(r"(?i)^/bot[^/]+/(setwebhook|deletewebhook|setmycommands|answercallbackquery)$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": true})))
        .mount(&server)
        .await;
    server
}

pub fn test_settings(dir: &TempDir, bot_api: &MockServer) -> Settings {
    let mut s = Settings::default();
    s.server.listen = "127.0.0.1:0".parse().unwrap();
    s.database.url = format!("sqlite://{}", dir.path().join("kentongan.db").display());
    s.dialogs.dir = repo_path("dialogs");
    s.classify.catalogue = repo_path("deploy/pekalongan/opd.toml");
    s.telegram.token = Some(TOKEN.to_string().into());
    s.telegram.mode = TelegramMode::Webhook;
    s.telegram.webhook_secret = Some(SECRET.to_string().into());
    s.telegram.api_url = Some(bot_api.uri());
    // Tests tap faster than a person; Telegram's per-chat pace would only make them slow.
    // Pacing itself is tested in kentongan-pace and measured in the burst bench.
    s.telegram.per_chat_per_sec = 100.0;
    s.telegram.max_per_sec = 1000.0;
    s
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like `spawn_app`, with settings adjusted first (a central API, short budgets, …).
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let bot_api = fake_bot_api().await;
    let mut settings = test_settings(&dir, &bot_api);
    settings.media.dir = dir.path().join("media");
    adjust(&mut settings);
    spawn_with(settings, dir, bot_api).await
}

pub async fn spawn_with(settings: Settings, dir: TempDir, bot_api: MockServer) -> TestApp {
    let app = Application::build(&settings).await.expect("app starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    TestApp {
        app: Some(app),
        settings,
        base,
        client: reqwest::Client::new(),
        bot_api,
        _dir: dir,
        next_update: std::sync::atomic::AtomicU32::new(1000),
    }
}

impl TestApp {
    pub fn store(&self) -> std::sync::Arc<dyn kentongan::store::Store> {
        self.app.as_ref().unwrap().store.clone()
    }

    /// Stops the process's app and starts a new one on the same database, like a restart.
    pub async fn restart(&mut self) {
        self.app.take().unwrap().shutdown().await;
        let app = Application::build(&self.settings).await.expect("app restarts");
        self.base = format!("http://127.0.0.1:{}", app.port());
        self.app = Some(app);
    }

    pub fn next_update_id(&self) -> u32 {
        self.next_update.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    }

    pub async fn post_raw(&self, body: impl Into<reqwest::Body>, secret: Option<&str>) -> reqwest::Response {
        let mut req =
            self.client.post(format!("{}/telegram/webhook", self.base)).header("content-type", "application/json");
        if let Some(s) = secret {
            req = req.header("X-Telegram-Bot-Api-Secret-Token", s);
        }
        req.body(body).send().await.expect("webhook answers")
    }

    pub async fn post_update(&self, update: &Value) -> reqwest::Response {
        self.post_raw(update.to_string(), Some(SECRET)).await
    }

    /// Sends a text from `chat` and returns the replies it produced.
    pub async fn say(&self, chat: i64, text: &str) -> Vec<Sent> {
        let update = text_update(self.next_update_id(), chat, text, None);
        self.exchange(chat, &update).await
    }

    /// Posts an update, waits until the gateway is idle, and returns the new messages to `chat`.
    pub async fn exchange(&self, chat: i64, update: &Value) -> Vec<Sent> {
        let before = self.sent_to(chat).await.len();
        let resp = self.post_update(update).await;
        assert_eq!(resp.status(), 200, "webhook accepted the update");
        self.settle().await;
        self.sent_to(chat).await.split_off(before)
    }

    /// Waits until every accepted event is processed and every reply sent.
    pub async fn settle(&self) {
        settle_store(self.store().as_ref()).await;
    }

    /// Files a complete complaint by tapping through the dialog; returns the tracking ID.
    /// `privacy` is the option index (0 Biasa, 1 Anonim, 2 Rahasia).
    pub async fn file_ticket(&self, chat: i64, description: &str, privacy: usize) -> String {
        self.file_ticket_as(chat, description, privacy, "id").await
    }

    /// `file_ticket` for a reporter whose conversation is already in `lang`.
    pub async fn file_ticket_in(&self, chat: i64, description: &str, lang: &str) -> String {
        self.file_ticket_as(chat, description, 0, lang).await
    }

    async fn file_ticket_as(&self, chat: i64, description: &str, privacy: usize, lang: &str) -> String {
        let f = crate::dialog_file::DialogFile::load();
        self.say(chat, "/start").await;
        // The description typed at the menu opens the report; date and type are today and Pengaduan.
        self.say(chat, description).await;
        self.exchange(chat, &location_update(self.next_update_id(), chat, -6.8886, 109.6753)).await;
        self.say(chat, &f.message("btn_skip", lang)).await;
        let mut reply = self.say(chat, &f.option_labels("privacy", lang)[privacy]).await;
        // A confident agency is in the summary; an unsure one is asked first (the first choice is taken).
        if reply.last().unwrap().buttons[0] != f.message("btn_send", lang) {
            reply = self.say(chat, &reply.last().unwrap().buttons[0]).await;
        }
        let summary = reply.last().unwrap();
        assert_eq!(summary.buttons[0], f.message("btn_send", lang), "at the summary: {summary:?}");
        let done = self.say(chat, &summary.buttons[0]).await;
        crate::telegram_dialog::tracking_id_in(&done.last().unwrap().text).expect("ticket filed")
    }

    /// Waits until `check` holds, polling; fails the test after `secs`.
    pub async fn eventually<F, Fut>(&self, secs: u64, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while !check().await {
            assert!(Instant::now() < deadline, "timed out waiting for: {what}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Every message the gateway sent to the fake Bot API, in order.
    pub async fn sent(&self) -> Vec<Sent> {
        let requests = self.bot_api.received_requests().await.unwrap_or_default();
        requests
            .iter()
            .filter(|r| r.url.path().to_lowercase().ends_with("/sendmessage"))
            .map(|r| parse_sent(&serde_json::from_slice(&r.body).expect("sendMessage body is JSON")))
            .collect()
    }

    /// What `chat` was sent, less the one-time data notice of a first contact.
    pub async fn answers_to(&self, chat: i64) -> Vec<Sent> {
        let f = crate::dialog_file::DialogFile::load();
        let notices: Vec<String> = ["id", "jv", "en"].iter().map(|l| f.message("privacy_notice", l)).collect();
        self.sent_to(chat).await.into_iter().filter(|s| !notices.contains(&s.text)).collect()
    }

    pub async fn sent_to(&self, chat: i64) -> Vec<Sent> {
        self.sent().await.into_iter().filter(|s| s.chat_id == chat).collect()
    }
}

fn parse_sent(body: &Value) -> Sent {
    let markup = &body["reply_markup"];
    let mut buttons = Vec::new();
    let mut location_button = false;
    if let Some(rows) = markup["keyboard"].as_array() {
        for button in rows.iter().flat_map(|r| r.as_array().cloned().unwrap_or_default()) {
            location_button |= button["request_location"].as_bool().unwrap_or(false);
            buttons.push(button["text"].as_str().unwrap_or_default().to_string());
        }
    }
    Sent {
        chat_id: body["chat_id"].as_i64().expect("chat_id is a number"),
        text: body["text"].as_str().unwrap_or_default().to_string(),
        buttons,
        location_button,
        removes_keyboard: markup["remove_keyboard"].as_bool().unwrap_or(false),
    }
}

fn message(update_id: u32, chat: i64, lang: Option<&str>, content: Value) -> Value {
    let mut msg = json!({
        "message_id": update_id,
        "date": 1_764_300_000,
        "chat": {"id": chat, "type": "private", "first_name": "Warga"},
        "from": {"id": chat, "is_bot": false, "first_name": "Warga"},
    });
    if let Some(lang) = lang {
        msg["from"]["language_code"] = lang.into();
    }
    for (k, v) in content.as_object().unwrap() {
        msg[k] = v.clone();
    }
    json!({"update_id": update_id, "message": msg})
}

pub fn text_update(update_id: u32, chat: i64, text: &str, lang: Option<&str>) -> Value {
    message(update_id, chat, lang, json!({"text": text}))
}

pub fn location_update(update_id: u32, chat: i64, lat: f64, lon: f64) -> Value {
    message(update_id, chat, None, json!({"location": {"latitude": lat, "longitude": lon}}))
}

pub fn photo_update(update_id: u32, chat: i64, name: &str) -> Value {
    message(
        update_id,
        chat,
        None,
        json!({"photo": [
            {"file_id": format!("{name}-small"), "file_unique_id": "s", "width": 90, "height": 60, "file_size": 1000},
            {"file_id": format!("{name}-large"), "file_unique_id": "l", "width": 1280, "height": 960, "file_size": 90000},
            {"file_id": format!("{name}-medium"), "file_unique_id": "m", "width": 320, "height": 240, "file_size": 9000}
        ]}),
    )
}

pub fn sticker_update(update_id: u32, chat: i64) -> Value {
    message(
        update_id,
        chat,
        None,
        json!({"sticker": {"file_id": "st", "file_unique_id": "st", "type": "regular", "width": 512, "height": 512,
            "is_animated": false, "is_video": false}}),
    )
}

/// A ticket as the inbox would build it from a finished Telegram dialog: chat `chat`, street-light text,
/// routed to `opd`. Tests change fields before `commit_ticket`.
pub fn new_ticket(chat: i64, tracking_id: &str, opd: Option<&str>) -> kentongan::store::NewTicket {
    kentongan::store::NewTicket {
        id: uuid::Uuid::new_v4(),
        tracking_id: tracking_id.into(),
        reporter: kentongan::domain::Address::new(kentongan::domain::Channel::Telegram, chat.to_string()),
        lang: "id".into(),
        dialog: "complaint".into(),
        description: format!("lampu jalan nomor {chat} di Jalan Hayam Wuruk mati"),
        location: None,
        address_text: Some("Jalan Hayam Wuruk".into()),
        occurred_on: None,
        report_type: Some("pengaduan".into()),
        anonymous: true,
        confidential: false,
        opd_code: opd.map(str::to_owned),
        opd_suggested: None,
        opd_corrected: false,
        photos: vec![],
        answers: json!({}),
        created_at: chrono::Utc::now(),
        via: None,
    }
}

/// Stores `ticket` the way the inbox does: an accepted event, then the ticket and its forward job in one
/// transaction. The running gateway's inbox may take that event first (it is a pending event like any
/// other) and the commit then finds it processed: the ticket is stored with a fresh event instead.
pub async fn commit_ticket(app: &TestApp, ticket: kentongan::store::NewTicket) {
    let store = app.store();
    for attempt in 0..20 {
        let event = kentongan::store::InboundEvent {
            address: ticket.reporter.clone(),
            external_id: format!("stored-{}-{attempt}", ticket.tracking_id),
            body: kentongan::store::InboundBody::Unsupported,
            lang_hint: None,
            received_at: chrono::Utc::now(),
            via: None,
        };
        let kentongan::store::Accepted::New(inbound_id) = store.accept_inbound(&event).await.unwrap() else {
            panic!("the event was new")
        };
        let jobs = kentongan::inbox::ticket_jobs(&ticket, chrono::Utc::now());
        let commit = kentongan::store::StepCommit {
            inbound_id,
            address: ticket.reporter.clone(),
            state: None,
            tickets: vec![ticket.clone()],
            jobs,
            own_phone: None,
            reachable: None,
            now: chrono::Utc::now(),
        };
        match store.commit_step(&commit).await.unwrap() {
            kentongan::store::CommitOutcome::Committed => return,
            kentongan::store::CommitOutcome::AlreadyProcessed => continue,
            other => panic!("the ticket was not stored: {other:?}"),
        }
    }
    panic!("the inbox took every event first");
}
