//! Burst under Telegram's limits: a fake Bot API that enforces 30 msg/s per bot and 1 msg/s per
//! chat with real 429 answers; N citizens start dialogs within a minute while M status pushes are
//! queued. Reports 429s received, send rate achieved, p50/p99 delay of in-dialog replies and how
//! long the pushes took to drain.
//!
//! Run: `cargo bench --bench telegram_burst` (env BURST_CITIZENS=2000, BURST_PUSHES=5000,
//! BURST_WINDOW_SECS=60).

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;
use chrono::Utc;
use kentongan::app::Application;
use kentongan::config::{Settings, TelegramMode};
use kentongan::domain::{Address, Channel};
use kentongan::outbound::{OutboundMessage, Priority};
use serde_json::{Value, json};

const SECRET: &str = "burst_secret";

/// The fake Bot API's books: what it accepted, what it refused, and when.
#[derive(Default)]
struct Limits {
    window: VecDeque<Instant>,
    last_per_chat: HashMap<i64, Instant>,
    accepted: Vec<(i64, Instant, String)>,
    refused: u64,
}

type Shared = Arc<Mutex<Limits>>;

async fn fake_bot_api(limits: Shared) -> SocketAddr {
    async fn handle(
        State(l): State<Shared>,
        Path((_bot, method)): Path<(String, String)>,
        body: Bytes,
    ) -> (axum::http::StatusCode, axum::Json<Value>) {
        if !method.eq_ignore_ascii_case("sendmessage") {
            return (axum::http::StatusCode::OK, axum::Json(json!({"ok": true, "result": true})));
        }
        let req: Value = serde_json::from_slice(&body).unwrap_or_default();
        let chat = req["chat_id"].as_i64().unwrap_or_default();
        let now = Instant::now();
        let mut l = l.lock().unwrap();
        while l.window.front().is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1)) {
            l.window.pop_front();
        }
        let chat_too_soon = l.last_per_chat.get(&chat).is_some_and(|t| now.duration_since(*t) < Duration::from_secs(1));
        if l.window.len() >= 30 || chat_too_soon {
            l.refused += 1;
            let body = json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1}});
            return (axum::http::StatusCode::TOO_MANY_REQUESTS, axum::Json(body));
        }
        l.window.push_back(now);
        l.last_per_chat.insert(chat, now);
        l.accepted.push((chat, now, req["text"].as_str().unwrap_or_default().to_string()));
        let result = json!({"message_id": 1, "date": 1, "chat": {"id": chat, "type": "private", "first_name": "W"}, "text": "ok"});
        (axum::http::StatusCode::OK, axum::Json(json!({"ok": true, "result": result})))
    }
    let app = Router::new().route("/{bot}/{method}", post(handle)).with_state(limits);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn start_update(update_id: u64, chat: i64) -> String {
    json!({"update_id": update_id, "message": {"message_id": update_id, "date": 1_764_300_000,
        "chat": {"id": chat, "type": "private", "first_name": "Warga"},
        "from": {"id": chat, "is_bot": false, "first_name": "Warga"}, "text": "/start"}})
    .to_string()
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let citizens = env_usize("BURST_CITIZENS", 2000);
        let pushes = env_usize("BURST_PUSHES", 5000);
        let window = Duration::from_secs(env_usize("BURST_WINDOW_SECS", 60) as u64);
        let limits: Shared = Arc::default();
        let api = fake_bot_api(limits.clone()).await;
        let dir = tempfile::tempdir().unwrap();
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut s = Settings::default();
        s.server.listen = "127.0.0.1:0".parse().unwrap();
        s.database.url = format!("sqlite://{}", dir.path().join("burst.db").display());
        s.dialogs.dir = root.join("dialogs");
        s.classify.catalogue = root.join("deploy/pekalongan/opd.toml");
        s.telegram.token = Some("1:BURST".to_string().into());
        s.telegram.mode = TelegramMode::Webhook;
        s.telegram.webhook_secret = Some(SECRET.to_string().into());
        s.telegram.api_url = Some(format!("http://{api}"));
        let app = Application::build(&s).await.expect("gateway starts");
        let webhook = format!("http://127.0.0.1:{}/telegram/webhook", app.port());

        // 5,000 status pushes for 5,000 other chats, queued at t = 0.
        let now = Utc::now();
        let jobs: Vec<_> = (0..pushes)
            .map(|i| {
                let msg = OutboundMessage::text(
                    Address::new(Channel::Telegram, format!("{}", 5_000_000 + i)),
                    format!("Laporan PKL-PUSH{i}: Diverifikasi."),
                );
                kentongan::outbound::job(&msg, format!("bench-push:{i}"), Priority::StatusPush, now)
            })
            .collect();
        app.store.hand_over(None, &jobs, now).await.unwrap();
        app.inbox.wake_sender.ring_all();

        // Citizens send /start at evenly spread times within the window.
        let start = Instant::now();
        let client = reqwest::Client::new();
        let mut sent_at: HashMap<i64, Instant> = HashMap::new();
        let gap = window.div_f64(citizens.max(1) as f64);
        let mut posts = Vec::new();
        for i in 0..citizens {
            let chat = 1_000_000 + i as i64;
            let due = start + gap * i as u32;
            tokio::time::sleep_until(due.into()).await;
            sent_at.insert(chat, Instant::now());
            let req = client
                .post(&webhook)
                .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                .header("content-type", "application/json")
                .body(start_update(i as u64 + 1, chat));
            posts.push(tokio::spawn(async move { req.send().await.map(|r| r.status().is_success()) }));
        }
        for p in posts {
            assert!(p.await.unwrap().unwrap(), "webhook accepted");
        }
        // Wait until every reply (a first /start gets two: the data notice and the welcome) and every push
        // arrived (or give up after 20 minutes).
        let deadline = Instant::now() + Duration::from_secs(1200);
        loop {
            let n = limits.lock().unwrap().accepted.len();
            if n >= 2 * citizens + pushes || Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let (accepted, refused) = {
            let l = limits.lock().unwrap();
            (l.accepted.clone(), l.refused)
        };
        let mut reply_delays: Vec<Duration> = accepted
            .iter()
            .filter(|(chat, _, _)| *chat < 5_000_000)
            .filter_map(|(chat, at, _)| sent_at.get(chat).map(|s| at.duration_since(*s)))
            .collect();
        reply_delays.sort();
        let pct = |v: &[Duration], p: f64| {
            v.get(((v.len() as f64 * p) as usize).min(v.len().saturating_sub(1))).copied().unwrap_or_default()
        };
        let push_done = accepted
            .iter()
            .filter(|(chat, _, _)| *chat >= 5_000_000)
            .map(|(_, at, _)| at.duration_since(start))
            .max()
            .unwrap_or_default();
        let first = accepted.first().map(|a| a.1).unwrap_or(start);
        let last = accepted.last().map(|a| a.1).unwrap_or(start);
        let rate = accepted.len() as f64 / last.duration_since(first).as_secs_f64().max(1e-9);
        println!("telegram burst: {citizens} citizens /start within {window:?}, {pushes} status pushes queued at t=0");
        println!("  429s received            {refused}");
        println!("  messages delivered       {} of {}", accepted.len(), 2 * citizens + pushes);
        println!("  send rate achieved       {rate:.1}/s ({:.0}% of the allowed 30/s)", rate / 30.0 * 100.0);
        println!(
            "  in-dialog reply delay    p50 {:?}  p99 {:?}  (n={})",
            pct(&reply_delays, 0.5),
            pct(&reply_delays, 0.99),
            reply_delays.len()
        );
        println!("  pushes drained after     {push_done:?}");
        app.shutdown().await;
    });
}
