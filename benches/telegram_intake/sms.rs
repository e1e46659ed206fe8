//! The SMS half of the intake benchmark: the same gateway with android-sms-gateway and Twilio enabled,
//! citizens walking the SMS dialog through each webhook, and a fake provider that hands every SMS the
//! gateway sends back to the waiting citizen.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use kentongan::channel::sms::{Provider, android, twilio};
use kentongan::config::Settings;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::{Run, Waiters, serve};

pub const ANDROID_KEY: &str = "bench-android-key";
pub const TWILIO_TOKEN: &str = "bench-twilio-token-0123456789";
pub const TWILIO_URL: &str = "https://bench.test/sms/twilio/webhook";

/// The SMS walk of a returning citizen: guided, numbered answers, to a tracking ID (5 SMS).
pub const SCRIPT: &[&str] = &[
    "LAPOR",
    "jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh",
    "Jl. Medono Raya RT 02 RW 05, Kelurahan Medono",
    // Then "1" to the privacy question and the summary's "1 Kirim" (the agency is in the summary).
    "1",
    "1",
];

/// A number's first contact (the data notice with the keyword help), outside the timed walks: BANTUAN,
/// then replies until silence.
async fn warm_up(
    client: &reqwest::Client,
    base: &str,
    provider: Provider,
    phone: &str,
    rx: &mut mpsc::UnboundedReceiver<Value>,
) {
    request(client, base, provider, phone, "BANTUAN").send().await.expect("webhook answers");
    let mut wait = Duration::from_secs(30);
    while let Ok(Some(_)) = tokio::time::timeout(wait, rx.recv()).await {
        wait = Duration::from_millis(400);
    }
}

/// Both providers' send APIs; every SMS goes to the citizen whose number it names.
pub async fn fake_provider(waiters: Waiters) -> std::net::SocketAddr {
    async fn android_send(State(w): State<Waiters>, body: Bytes) -> axum::http::StatusCode {
        let v: Value = serde_json::from_slice(&body).unwrap_or_default();
        let to = v["phoneNumbers"][0].as_str().unwrap_or_default();
        deliver(&w, to, v["textMessage"]["text"].clone());
        axum::http::StatusCode::ACCEPTED
    }
    async fn twilio_send(State(w): State<Waiters>, body: Bytes) -> axum::http::StatusCode {
        let form: Vec<(String, String)> =
            form_urlencoded::parse(&body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        deliver(&w, &get("To"), Value::String(get("Body")));
        axum::http::StatusCode::CREATED
    }
    let app = Router::new()
        .route("/message", post(android_send))
        .route("/2010-04-01/Accounts/{sid}/Messages.json", post(twilio_send))
        .with_state(waiters);
    serve(app).await
}

fn deliver(w: &Waiters, to: &str, text: Value) {
    let key: i64 = to.trim_start_matches('+').parse().unwrap_or_default();
    if let Some(tx) = w.lock().unwrap().get(&key) {
        let _ = tx.send(json!({ "text": text }));
    }
}

/// Enables both providers against `api`, unpaced (intake is measured, not the operator's pace).
pub fn enable(s: &mut Settings, api: std::net::SocketAddr) {
    let sms = &mut s.sms;
    sms.flood_max = 1_000_000;
    sms.per_number_secs = 0.001;
    sms.android.enabled = true;
    sms.android.signing_key = Some(ANDROID_KEY.to_string().into());
    sms.android.api_url = format!("http://{api}");
    sms.android.per_minute = 6_000_000.0;
    sms.twilio.enabled = true;
    sms.twilio.account_sid = "ACbench".into();
    sms.twilio.auth_token = Some(TWILIO_TOKEN.to_string().into());
    sms.twilio.from = Some("+15005550006".into());
    sms.twilio.webhook_url = Some(TWILIO_URL.into());
    sms.twilio.api_url = format!("http://{api}");
    sms.twilio.per_minute = 6_000_000.0;
}

static IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn request(
    client: &reqwest::Client,
    base: &str,
    provider: Provider,
    phone: &str,
    text: &str,
) -> reqwest::RequestBuilder {
    let id = format!("b{}", IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    match provider {
        Provider::Twilio => {
            let params: Vec<(String, String)> = [("MessageSid", id.as_str()), ("From", phone), ("Body", text)]
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .to_vec();
            let body: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(&params).finish();
            client
                .post(format!("{base}/sms/twilio/webhook"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", twilio::sign(TWILIO_TOKEN, TWILIO_URL, &params))
                .body(body)
        }
        _ => {
            let body =
                json!({"id": id, "event": "sms:received", "payload": {"message": text, "sender": phone}}).to_string();
            let ts = chrono::Utc::now().timestamp().to_string();
            client
                .post(format!("{base}/sms/android/webhook"))
                .header("content-type", "application/json")
                .header("X-Timestamp", &ts)
                .header("X-Signature", android::sign(ANDROID_KEY, body.as_bytes(), &ts))
                .body(body)
        }
    }
}

/// Counts the SMS each step produces (the photo step adds a one-time note), by waiting for silence;
/// checks that the walk files a ticket.
async fn calibrate(base: &str, provider: Provider, waiters: &Waiters) -> Vec<usize> {
    let number = 6_281_299_000_000 + provider as i64;
    let (tx, mut rx) = mpsc::unbounded_channel();
    waiters.lock().unwrap().insert(number, tx);
    let client = reqwest::Client::new();
    warm_up(&client, base, provider, &format!("+{number}"), &mut rx).await;
    let mut counts = Vec::new();
    let mut seen = Vec::new();
    for text in SCRIPT {
        request(&client, base, provider, &format!("+{number}"), text).send().await.unwrap();
        let (mut n, mut wait) = (0, Duration::from_secs(10));
        while let Ok(Some(reply)) = tokio::time::timeout(wait, rx.recv()).await {
            (n, wait) = (n + 1, Duration::from_millis(400));
            seen.push(format!("{text} -> {}", reply["text"].as_str().unwrap_or_default()));
        }
        counts.push(n);
    }
    assert!(seen.last().is_some_and(|s| s.contains("PKL-")), "the SMS walk did not file a ticket: {seen:#?}");
    counts
}

/// One citizen's walk; each step's latency is post → its last reply SMS.
async fn walk(
    client: &reqwest::Client,
    base: &str,
    provider: Provider,
    phone: &str,
    expected: &[usize],
    rx: &mut mpsc::UnboundedReceiver<Value>,
) -> Vec<Duration> {
    let mut latencies = Vec::with_capacity(SCRIPT.len());
    for (text, replies) in SCRIPT.iter().zip(expected) {
        let start = Instant::now();
        let resp = request(client, base, provider, phone, text).send().await.expect("webhook answers");
        assert!(resp.status().is_success(), "{provider} webhook: {}", resp.status());
        for _ in 0..*replies {
            tokio::time::timeout(Duration::from_secs(30), rx.recv()).await.expect("reply in time").unwrap();
        }
        latencies.push(start.elapsed());
    }
    latencies
}

/// `users` citizens × `rounds` walks through `provider`'s webhook, all at once.
pub async fn load(base: &str, provider: Provider, waiters: &Waiters, users: usize, rounds: usize, first: i64) -> Run {
    let expected: Arc<[usize]> = calibrate(base, provider, waiters).await.into();
    let client = reqwest::Client::new();
    let base: Arc<str> = Arc::from(base);
    let mut citizens = Vec::new();
    for u in 0..users {
        // Valid Indonesian mobile numbers, one per citizen: +62 812 xxxx xxxx.
        let number = 6_281_200_000_000 + first + u as i64;
        let (tx, rx) = mpsc::unbounded_channel();
        waiters.lock().unwrap().insert(number, tx);
        citizens.push((format!("+{number}"), rx));
    }
    // First contacts before the clock starts: every timed walk is a returning citizen's.
    futures_util::future::join_all(citizens.iter_mut().map(|(phone, rx)| warm_up(&client, &base, provider, phone, rx)))
        .await;
    let start = Instant::now();
    let tasks: Vec<_> = citizens
        .into_iter()
        .map(|(phone, mut rx)| {
            let (client, base, expected) = (client.clone(), base.clone(), expected.clone());
            tokio::spawn(async move {
                let mut all = Vec::new();
                for _ in 0..rounds {
                    all.extend(walk(&client, &base, provider, &phone, &expected, &mut rx).await);
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
