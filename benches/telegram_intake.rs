//! Telegram intake benchmark: N simulated citizens walk the happy path through the webhook against a
//! local fake Bot API, on SQLite — and, in the same run, the same load against a bare axum handler that
//! only parses the update and calls sendMessage (the ceiling).
//!
//! In the same run, the same number of citizens walk the SMS dialog through the android-sms-gateway
//! and the Twilio webhooks of the same gateway (see `telegram_intake/sms.rs`), and the dialog through
//! the WhatsApp webhook (`telegram_intake/whatsapp.rs`).
//!
//! CPU per step is the whole bench process's user+system time during a run ÷ its steps: the driver and
//! the fakes are in it, so the ceiling's figure is roughly their share.
//!
//! Run: `cargo bench --bench telegram_intake` (env BENCH_USERS, BENCH_ROUNDS to change the load).
//! Reports updates/s, the gateway/ceiling ratio, p50/p99 step latency at full and at half load, and
//! SMS webhooks/s per provider as a share of the Telegram figure.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;
use kentongan::app::Application;
use kentongan::config::{Settings, TelegramMode};
use serde_json::{Value, json};
use teloxide::prelude::*;
use tokio::sync::mpsc;

#[path = "telegram_intake/sms.rs"]
mod sms;
#[path = "telegram_intake/whatsapp.rs"]
mod whatsapp;

const SECRET: &str = "bench_secret";
const TOKEN: &str = "1:BENCH";

/// One thing a citizen does.
#[derive(Clone, Copy, Debug)]
enum Action {
    Text(&'static str),
    /// Press the n-th option button of the last reply.
    Press(usize),
    Location,
    Photo,
}

/// The happy path of the complaint dialog, as a returning citizen taps it (7 turns; the date, the type
/// and the confidently suggested agency are in the summary).
const SCRIPT: &[Action] = &[
    Action::Text("/start"),
    Action::Text("jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh"),
    Action::Location,
    Action::Photo,
    Action::Press(0), // Selesai
    Action::Press(1), // Anonim
    Action::Press(0), // Kirim
];

type Waiters = Arc<Mutex<HashMap<i64, mpsc::UnboundedSender<Value>>>>;

/// The fake Bot API: answers every method, and hands each sendMessage to the waiting citizen.
async fn fake_bot_api(waiters: Waiters) -> SocketAddr {
    async fn handle(
        State(w): State<Waiters>,
        Path((_bot, method)): Path<(String, String)>,
        body: Bytes,
    ) -> axum::Json<Value> {
        let req: Value = serde_json::from_slice(&body).unwrap_or_default();
        if method.eq_ignore_ascii_case("sendmessage") {
            let chat = req["chat_id"].as_i64().unwrap_or_default();
            if let Some(tx) = w.lock().unwrap().get(&chat) {
                let _ = tx.send(req.clone());
            }
            return axum::Json(json!({"ok": true, "result": {"message_id": 1, "date": 1,
                "chat": {"id": chat, "type": "private", "first_name": "W"}, "text": "ok"}}));
        }
        axum::Json(json!({"ok": true, "result": true}))
    }
    let app = Router::new().route("/{bot}/{method}", post(handle)).with_state(waiters);
    serve(app).await
}

/// The ceiling: parse the update, send one message, answer 200.
async fn bare_handler(api: SocketAddr) -> SocketAddr {
    async fn handle(State(bot): State<Bot>, body: Bytes) -> axum::http::StatusCode {
        if let Ok(update) = serde_json::from_slice::<teloxide::types::Update>(&body)
            && let Some(chat) = update.chat()
        {
            let keyboard =
                teloxide::types::KeyboardMarkup::new(vec![vec![teloxide::types::KeyboardButton::new("Lanjut")]]);
            let _ = bot.send_message(chat.id, "ok").reply_markup(keyboard).await;
        }
        axum::http::StatusCode::OK
    }
    let bot = Bot::new(TOKEN).set_api_url(format!("http://{api}").parse().unwrap());
    let app = Router::new().route("/telegram/webhook", post(handle)).with_state(bot);
    serve(app).await
}

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn message(update_id: u64, chat: i64, content: Value) -> Value {
    let mut msg = json!({"message_id": update_id, "date": 1_764_300_000,
        "chat": {"id": chat, "type": "private", "first_name": "Warga"},
        "from": {"id": chat, "is_bot": false, "first_name": "Warga", "language_code": "id"}});
    for (k, v) in content.as_object().unwrap() {
        msg[k] = v.clone();
    }
    json!({"update_id": update_id, "message": msg})
}

fn update_for(action: Action, update_id: u64, chat: i64, buttons: &[String]) -> Value {
    match action {
        Action::Text(t) => message(update_id, chat, json!({"text": t})),
        Action::Press(i) => {
            message(update_id, chat, json!({"text": buttons.get(i).cloned().unwrap_or_else(|| "1".into())}))
        }
        Action::Location => message(update_id, chat, json!({"location": {"latitude": -6.8886, "longitude": 109.6753}})),
        Action::Photo => message(
            update_id,
            chat,
            json!({"photo": [
            {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 60, "file_size": 1000},
            {"file_id": "large", "file_unique_id": "l", "width": 1280, "height": 960, "file_size": 90000}]}),
        ),
    }
}

fn option_buttons(reply: &Value) -> Vec<String> {
    reply["reply_markup"]["keyboard"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .flat_map(|r| r.as_array().cloned().unwrap_or_default())
                .filter(|b| !b["request_location"].as_bool().unwrap_or(false))
                .filter_map(|b| b["text"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

struct Target {
    webhook: String,
    /// Replies each step produces (from calibration).
    expected: Vec<usize>,
}

struct Citizen {
    chat: i64,
    rx: mpsc::UnboundedReceiver<Value>,
}

static UPDATE_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A citizen's first contact (the data notice, then the welcome), outside the timed walks: "/start", then
/// replies until one with buttons (the welcome menu; the ceiling's one reply has a button too).
async fn warm_up(client: &reqwest::Client, webhook: &str, chat: i64, rx: &mut mpsc::UnboundedReceiver<Value>) {
    let id = UPDATE_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let update = update_for(Action::Text("/start"), id, chat, &[]);
    let resp = client
        .post(webhook)
        .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
        .header("content-type", "application/json")
        .body(update.to_string())
        .send()
        .await
        .expect("webhook answers");
    assert!(resp.status().is_success());
    loop {
        let reply = tokio::time::timeout(Duration::from_secs(30), rx.recv()).await.expect("reply in time").unwrap();
        if !option_buttons(&reply).is_empty() {
            return;
        }
    }
}

/// Walks the script once; returns each step's latency (post → last reply of the step).
async fn walk(client: &reqwest::Client, target: &Target, c: &mut Citizen, think: Duration) -> Vec<Duration> {
    let mut buttons = Vec::new();
    let mut latencies = Vec::with_capacity(SCRIPT.len());
    for (i, action) in SCRIPT.iter().enumerate() {
        if !think.is_zero() {
            tokio::time::sleep(think).await;
        }
        let id = UPDATE_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let update = update_for(*action, id, c.chat, &buttons);
        let start = Instant::now();
        let resp = client
            .post(&target.webhook)
            .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
            .header("content-type", "application/json")
            .body(update.to_string())
            .send()
            .await
            .expect("webhook answers");
        assert!(resp.status().is_success());
        for _ in 0..target.expected[i] {
            let reply =
                tokio::time::timeout(Duration::from_secs(30), c.rx.recv()).await.expect("reply in time").unwrap();
            let b = option_buttons(&reply);
            if !b.is_empty() {
                buttons = b;
            }
        }
        latencies.push(start.elapsed());
    }
    latencies
}

/// Counts the replies each step produces, by waiting for silence; checks the walk files a ticket.
async fn calibrate(
    client: &reqwest::Client,
    webhook: &str,
    waiters: &Waiters,
    chat: i64,
    need_ticket: bool,
) -> Vec<usize> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    waiters.lock().unwrap().insert(chat, tx);
    warm_up(client, webhook, chat, &mut rx).await;
    let mut counts = Vec::new();
    let mut buttons = Vec::new();
    let mut last_text = String::new();
    for action in SCRIPT {
        let id = UPDATE_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let update = update_for(*action, id, chat, &buttons);
        client
            .post(webhook)
            .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
            .body(update.to_string())
            .send()
            .await
            .unwrap();
        let mut n = 0;
        // The first reply may take a while on a busy machine; then silence ends the step.
        let mut wait = Duration::from_secs(10);
        while let Ok(Some(reply)) = tokio::time::timeout(wait, rx.recv()).await {
            wait = Duration::from_millis(400);
            n += 1;
            let b = option_buttons(&reply);
            if !b.is_empty() {
                buttons = b;
            }
            last_text = reply["text"].as_str().unwrap_or_default().to_string();
        }
        assert!(n > 0, "step {action:?} produced no reply");
        counts.push(n);
    }
    if need_ticket {
        assert!(last_text.contains("PKL-"), "the scripted walk did not file a ticket; last reply: {last_text}");
    }
    counts
}

struct Run {
    updates_per_s: f64,
    p50: Duration,
    p99: Duration,
}

async fn load(target: &Target, waiters: &Waiters, users: usize, rounds: usize, think: Duration, base_chat: i64) -> Run {
    let client = reqwest::Client::new();
    let mut citizens = Vec::new();
    for u in 0..users {
        let chat = base_chat + u as i64;
        let (tx, rx) = mpsc::unbounded_channel();
        waiters.lock().unwrap().insert(chat, tx);
        citizens.push(Citizen { chat, rx });
    }
    let target = Arc::new(Target { webhook: target.webhook.clone(), expected: target.expected.clone() });
    // First contacts before the clock starts: every timed walk is a returning citizen's.
    futures_util::future::join_all(citizens.iter_mut().map(|c| warm_up(&client, &target.webhook, c.chat, &mut c.rx)))
        .await;
    let start = Instant::now();
    let tasks: Vec<_> = citizens
        .into_iter()
        .map(|mut c| {
            let (client, target) = (client.clone(), target.clone());
            tokio::spawn(async move {
                let mut all = Vec::new();
                for _ in 0..rounds {
                    all.extend(walk(&client, &target, &mut c, think).await);
                }
                all
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    summarize(latencies, start.elapsed())
}

fn summarize(mut latencies: Vec<Duration>, elapsed: Duration) -> Run {
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    Run { updates_per_s: latencies.len() as f64 / elapsed.as_secs_f64(), p50: pct(0.50), p99: pct(0.99) }
}

fn gateway_settings(dir: &tempfile::TempDir, api: SocketAddr) -> Settings {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut s = Settings::default();
    s.server.listen = "127.0.0.1:0".parse().unwrap();
    s.database.url = format!("sqlite://{}", dir.path().join("bench.db").display());
    s.dialogs.dir = root.join("dialogs");
    s.classify.catalogue = root.join("deploy/pekalongan/opd.toml");
    s.telegram.token = Some(TOKEN.to_string().into());
    s.telegram.mode = TelegramMode::Webhook;
    s.telegram.webhook_secret = Some(SECRET.to_string().into());
    s.telegram.api_url = Some(format!("http://{api}"));
    // Intake capacity, not Telegram's pace, is measured here (the ceiling does not pace either);
    // pacing has its own burst benchmark.
    s.telegram.per_chat_per_sec = 100.0;
    s.telegram.max_per_sec = 100_000.0;
    s
}

/// User+system CPU seconds this process used so far (`/proc/self/stat`, in clock ticks of 10 ms).
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Runs `f` and returns its result with the CPU milliseconds per step it cost (`steps` steps).
async fn with_cpu<F: std::future::Future<Output = Run>>(steps: usize, f: F) -> (Run, f64) {
    let before = cpu_secs();
    let run = f.await;
    (run, (cpu_secs() - before) * 1000.0 / steps as f64)
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn print_run(name: &str, r: &Run) {
    println!(
        "{name:<28} {:>10.0} updates/s   p50 {:>8.2?}   p99 {:>8.2?}   p99/p50 {:>5.2}",
        r.updates_per_s,
        r.p50,
        r.p99,
        r.p99.as_secs_f64() / r.p50.as_secs_f64().max(1e-9)
    );
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let users = env_usize("BENCH_USERS", 50);
        let rounds = env_usize("BENCH_ROUNDS", 4);
        let waiters: Waiters = Arc::default();
        let api = fake_bot_api(waiters.clone()).await;
        let dir = tempfile::tempdir().unwrap();
        let sms_api = sms::fake_provider(waiters.clone()).await;
        let mut settings = gateway_settings(&dir, api);
        sms::enable(&mut settings, sms_api);
        whatsapp::enable(&mut settings, whatsapp::fake_graph(waiters.clone()).await);
        let app = Application::build(&settings).await.expect("gateway starts");
        let gateway_url = format!("http://127.0.0.1:{}/telegram/webhook", app.port());
        let ceiling_url = format!("http://{}/telegram/webhook", bare_handler(api).await);
        let client = reqwest::Client::new();

        let gateway = Target {
            webhook: gateway_url.clone(),
            expected: calibrate(&client, &gateway_url, &waiters, 1, true).await,
        };
        let ceiling = Target {
            webhook: ceiling_url.clone(),
            expected: calibrate(&client, &ceiling_url, &waiters, 2, false).await,
        };
        println!(
            "telegram intake: {users} citizens x {rounds} walks x {} steps (replies per step {:?})",
            SCRIPT.len(),
            gateway.expected
        );

        let steps = users * rounds * SCRIPT.len();
        let (full_ceiling, ceiling_cpu) =
            with_cpu(steps, load(&ceiling, &waiters, users, rounds, Duration::ZERO, 1_000_000)).await;
        let (full_gateway, gateway_cpu) =
            with_cpu(steps, load(&gateway, &waiters, users, rounds, Duration::ZERO, 2_000_000)).await;
        print_run("ceiling (bare axum) full", &full_ceiling);
        print_run("gateway full", &full_gateway);
        // Half load: think time between steps so the offered rate is half of the gateway's maximum.
        let think = Duration::from_secs_f64(users as f64 / (full_gateway.updates_per_s / 2.0));
        let half_gateway = load(&gateway, &waiters, users, rounds, think, 3_000_000).await;
        print_run("gateway half load", &half_gateway);
        println!(
            "gateway / ceiling = {:.1}% (goal >= 30%); half-load p99/p50 = {:.2} (goal <= 3)",
            100.0 * full_gateway.updates_per_s / full_ceiling.updates_per_s,
            half_gateway.p99.as_secs_f64() / half_gateway.p50.as_secs_f64()
        );
        let base = format!("http://127.0.0.1:{}", app.port());
        let android = sms::load(&base, kentongan::channel::sms::Provider::Android, &waiters, users, rounds, 0).await;
        let twilio =
            sms::load(&base, kentongan::channel::sms::Provider::Twilio, &waiters, users, rounds, 100_000).await;
        println!("sms: {users} citizens x {rounds} walks x {} steps, same gateway", sms::SCRIPT.len());
        print_run("sms android-gateway full", &android);
        print_run("sms twilio full", &twilio);
        println!(
            "sms / telegram: android {:.0}%, twilio {:.0}% (goal >= 50%)",
            100.0 * android.updates_per_s / full_gateway.updates_per_s,
            100.0 * twilio.updates_per_s / full_gateway.updates_per_s
        );
        let wa_steps = users * rounds * whatsapp::steps();
        let (wa, wa_cpu) = with_cpu(wa_steps, whatsapp::load(&base, &waiters, users, rounds)).await;
        println!("whatsapp: {users} citizens x {rounds} walks x {} steps, same gateway", whatsapp::steps());
        print_run("whatsapp full", &wa);
        println!(
            "whatsapp / telegram = {:.0}% (goal >= 80%)",
            100.0 * wa.updates_per_s / full_gateway.updates_per_s
        );
        println!(
            "cpu per step (whole bench process): ceiling {ceiling_cpu:.3} ms, telegram {gateway_cpu:.3} ms, whatsapp {wa_cpu:.3} ms"
        );
        app.shutdown().await;
    });
}
