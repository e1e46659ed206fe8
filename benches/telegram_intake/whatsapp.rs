//! The WhatsApp half of the intake benchmark: the same gateway with the WhatsApp channel enabled,
//! citizens walking the dialog through the signed webhook, and a fake Graph API that hands every
//! message the gateway sends back to the waiting citizen (mark-as-read calls are answered, not handed on).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use kentongan::channel::whatsapp::webhook::sign;
use kentongan::config::Settings;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::{Run, Waiters, serve};

const APP_SECRET: &str = "bench-whatsapp-app-secret";
const PHONE_NUMBER_ID: &str = "106540352242922";

#[derive(Clone, Copy, Debug)]
enum Step {
    Text(&'static str),
    Location,
    Photo,
    /// Tap the n-th option of the last message with options.
    Tap(usize),
}

/// The walk of a returning citizen, as on Telegram: 7 messages to a tracking ID.
const SCRIPT: &[Step] = &[
    Step::Text("Halo"),
    Step::Text("jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh"),
    Step::Location,
    Step::Photo,
    Step::Tap(0), // Selesai
    Step::Tap(1), // Anonim
    Step::Tap(0), // Kirim
];

pub fn steps() -> usize {
    SCRIPT.len()
}

/// `POST /{version}/{phone_number_id}/messages`: every message to the citizen its `to` names.
pub async fn fake_graph(waiters: Waiters) -> std::net::SocketAddr {
    async fn messages(State(w): State<Waiters>, body: Bytes) -> axum::Json<Value> {
        let v: Value = serde_json::from_slice(&body).unwrap_or_default();
        if v["status"] != "read" {
            let key: i64 = v["to"].as_str().unwrap_or_default().parse().unwrap_or_default();
            if let Some(tx) = w.lock().unwrap().get(&key) {
                let _ = tx.send(v);
            }
        }
        static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        axum::Json(
            json!({"messaging_product": "whatsapp", "messages": [{"id": format!("wamid.BENCH{n}")}], "success": true}),
        )
    }
    serve(Router::new().route("/v24.0/{pnid}/messages", post(messages)).with_state(waiters)).await
}

/// Enables WhatsApp against `api`, unpaced (intake is measured, not Meta's pace).
pub fn enable(s: &mut Settings, api: std::net::SocketAddr) {
    let wa = &mut s.whatsapp;
    wa.enabled = true;
    wa.phone_number_id = PHONE_NUMBER_ID.into();
    wa.access_token = Some("bench-token".to_string().into());
    wa.app_secret = Some(APP_SECRET.to_string().into());
    wa.verify_token = Some("bench-verify-token-0123".to_string().into());
    wa.graph_base = format!("http://{api}/v24.0");
    wa.per_sec = 1000.0;
    wa.per_recipient_burst = 100;
    wa.per_recipient_secs = 0.001;
}

static IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn options(msg: &Value) -> Vec<String> {
    let action = &msg["interactive"]["action"];
    let buttons = action["buttons"].as_array().into_iter().flatten().map(|b| b["reply"]["id"].clone());
    let rows = action["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["rows"].as_array().cloned().unwrap_or_default());
    buttons.chain(rows.map(|r| r["id"].clone())).filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

fn body(wa_id: &str, step: Step, options: &[String]) -> Vec<u8> {
    let wamid = format!("wamid.IN{}", IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let mut m = json!({"from": wa_id, "id": wamid, "timestamp": chrono::Utc::now().timestamp().to_string()});
    match step {
        Step::Text(t) => (m["type"], m["text"]) = (json!("text"), json!({"body": t})),
        Step::Location => {
            (m["type"], m["location"]) = (json!("location"), json!({"latitude": -6.8886, "longitude": 109.6753}))
        }
        Step::Photo => {
            (m["type"], m["image"]) = (json!("image"), json!({"id": "4490709327384033", "mime_type": "image/jpeg"}))
        }
        Step::Tap(i) => {
            let id = options.get(i).cloned().unwrap_or_else(|| "1".into());
            (m["type"], m["interactive"]) =
                (json!("interactive"), json!({"type": "button_reply", "button_reply": {"id": id, "title": id}}))
        }
    }
    let envelope = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"display_phone_number": "6281100001708", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "Warga"}, "wa_id": wa_id}], "messages": [m]}}]}]});
    serde_json::to_vec(&envelope).unwrap()
}

async fn send(client: &reqwest::Client, base: &str, bytes: Vec<u8>) {
    let signature = sign(APP_SECRET, &bytes);
    let resp = client
        .post(format!("{base}/whatsapp/webhook"))
        .header("content-type", "application/json")
        .header("X-Hub-Signature-256", signature)
        .body(bytes)
        .send()
        .await
        .expect("webhook answers");
    assert!(resp.status().is_success(), "whatsapp webhook: {}", resp.status());
}

/// First contact (the data notice and the welcome), outside the timed walks.
async fn warm_up(client: &reqwest::Client, base: &str, wa_id: &str, rx: &mut mpsc::UnboundedReceiver<Value>) {
    send(client, base, body(wa_id, Step::Text("Halo"), &[])).await;
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(30), rx.recv()).await.expect("reply in time").unwrap();
        if !options(&msg).is_empty() {
            return;
        }
    }
}

/// Counts the messages each step produces, by waiting for silence; checks that the walk files a ticket.
async fn calibrate(base: &str, waiters: &Waiters) -> Vec<usize> {
    let number: i64 = 6_281_398_000_000;
    let wa_id = number.to_string();
    let (tx, mut rx) = mpsc::unbounded_channel();
    waiters.lock().unwrap().insert(number, tx);
    let client = reqwest::Client::new();
    warm_up(&client, base, &wa_id, &mut rx).await;
    let (mut counts, mut opts, mut last) = (Vec::new(), Vec::new(), String::new());
    for step in SCRIPT {
        send(&client, base, body(&wa_id, *step, &opts)).await;
        let (mut n, mut wait) = (0, Duration::from_secs(10));
        while let Ok(Some(msg)) = tokio::time::timeout(wait, rx.recv()).await {
            (n, wait) = (n + 1, Duration::from_millis(400));
            let o = options(&msg);
            if !o.is_empty() {
                opts = o;
            }
            last = msg.to_string();
        }
        assert!(n > 0, "step {step:?} produced no message");
        counts.push(n);
    }
    assert!(last.contains("PKL-"), "the WhatsApp walk did not file a ticket: {last}");
    counts
}

async fn walk(
    client: &reqwest::Client,
    base: &str,
    wa_id: &str,
    expected: &[usize],
    rx: &mut mpsc::UnboundedReceiver<Value>,
) -> Vec<Duration> {
    let (mut latencies, mut opts) = (Vec::with_capacity(SCRIPT.len()), Vec::new());
    for (step, replies) in SCRIPT.iter().zip(expected) {
        let start = Instant::now();
        send(client, base, body(wa_id, *step, &opts)).await;
        for _ in 0..*replies {
            let msg = tokio::time::timeout(Duration::from_secs(30), rx.recv()).await.expect("reply in time").unwrap();
            let o = options(&msg);
            if !o.is_empty() {
                opts = o;
            }
        }
        latencies.push(start.elapsed());
    }
    latencies
}

/// `users` citizens × `rounds` walks through the WhatsApp webhook, all at once.
pub async fn load(base: &str, waiters: &Waiters, users: usize, rounds: usize) -> Run {
    let expected: Arc<[usize]> = calibrate(base, waiters).await.into();
    let client = reqwest::Client::new();
    let base: Arc<str> = Arc::from(base);
    let mut citizens = Vec::new();
    for u in 0..users {
        let number = 6_281_300_000_000 + u as i64;
        let (tx, rx) = mpsc::unbounded_channel();
        waiters.lock().unwrap().insert(number, tx);
        citizens.push((number.to_string(), rx));
    }
    futures_util::future::join_all(citizens.iter_mut().map(|(wa_id, rx)| warm_up(&client, &base, wa_id, rx))).await;
    let start = Instant::now();
    let tasks: Vec<_> = citizens
        .into_iter()
        .map(|(wa_id, mut rx)| {
            let (client, base, expected) = (client.clone(), base.clone(), expected.clone());
            tokio::spawn(async move {
                let mut all = Vec::new();
                for _ in 0..rounds {
                    all.extend(walk(&client, &base, &wa_id, &expected, &mut rx).await);
                }
                all
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    super::summarize(latencies, start.elapsed())
}
