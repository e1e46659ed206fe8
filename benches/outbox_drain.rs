//! Outbox drain: 10,000 queued tickets forwarded to a local fake central API by the forward worker
//! (SQLite), and in the same run the fake API's own ceiling driven directly by a plain HTTP load loop.
//!
//! Run: `cargo bench --bench outbox_drain` (env DRAIN_TICKETS=10000).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use chrono::Utc;
use kentongan::domain::{Address, Channel};
use kentongan::forward::media::MediaFetcher;
use kentongan::forward::worker::ForwardWorker;
use kentongan::store::{Accepted, InboundBody, InboundEvent, NewTicket, StepCommit};
use serde_json::json;

#[derive(Default)]
struct Central {
    by_key: Mutex<HashMap<String, u64>>,
    next: AtomicU64,
}

/// A fake central API: `POST /tickets`, idempotent on the `Idempotency-Key` header.
async fn fake_central() -> (SocketAddr, Arc<Central>) {
    async fn create(
        State(c): State<Arc<Central>>,
        headers: HeaderMap,
        _body: Bytes,
    ) -> (axum::http::StatusCode, axum::Json<serde_json::Value>) {
        let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let id = *c.by_key.lock().unwrap().entry(key).or_insert_with(|| c.next.fetch_add(1, Ordering::Relaxed));
        (axum::http::StatusCode::CREATED, axum::Json(json!({"central_id": format!("C-{id}")})))
    }
    let central = Arc::new(Central::default());
    let app = Router::new().route("/tickets", post(create)).with_state(central.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, central)
}

fn ticket(i: usize) -> NewTicket {
    NewTicket {
        id: uuid::Uuid::new_v4(),
        tracking_id: format!("PKL-B{i:06}"),
        reporter: Address::new(Channel::Telegram, format!("{}", 700_000 + i)),
        lang: "id".into(),
        dialog: "complaint".into(),
        description: format!("lampu penerangan jalan nomor {i} di Jalan Hayam Wuruk mati sejak seminggu"),
        location: Some((-6.8886, 109.6753)),
        address_text: None,
        occurred_on: None,
        report_type: Some("pengaduan".into()),
        anonymous: false,
        confidential: false,
        opd_code: Some("DINHUB".into()),
        opd_suggested: Some("DINHUB".into()),
        opd_corrected: false,
        photos: vec![],
        answers: json!({}),
        created_at: Utc::now(),
        via: None,
    }
}

/// The ceiling: the same number of creates, straight from a load loop with the worker's concurrency.
async fn ceiling(addr: SocketAddr, n: usize, concurrency: usize) -> f64 {
    let client = reqwest::Client::new();
    let counter = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, counter) = (client.clone(), counter.clone());
            tokio::spawn(async move {
                loop {
                    let i = counter.fetch_add(1, Ordering::Relaxed) as usize;
                    if i >= n {
                        return;
                    }
                    let t = ticket(i);
                    let body = json!({"idempotency_key": t.id, "tracking_id": t.tracking_id, "type": "pengaduan",
                        "title": "Lampu jalan mati", "description": t.description, "location": {"lat": -6.8886, "lon": 109.6753}});
                    let r = client.post(format!("http://{addr}/tickets")).header("Idempotency-Key", t.id.to_string()).json(&body).send().await;
                    assert!(r.unwrap().status().is_success());
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let n: usize = std::env::var("DRAIN_TICKETS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
        let (addr, central) = fake_central().await;
        let dir = tempfile::tempdir().unwrap();
        let store = kentongan::store::connect(&format!("sqlite://{}", dir.path().join("drain.db").display()), 8).await.unwrap();
        store.migrate().await.unwrap();
        let fill = Instant::now();
        for i in 0..n {
            let t = ticket(i);
            let event = InboundEvent {
                address: t.reporter.clone(),
                external_id: format!("drain-{i}"),
                body: InboundBody::Unsupported,
                lang_hint: None,
                received_at: Utc::now(),
                via: None,
            };
            let Accepted::New(inbound_id) = store.accept_inbound(&event).await.unwrap() else { unreachable!() };
            let jobs = kentongan::inbox::ticket_jobs(&t, Utc::now());
            let commit = StepCommit { inbound_id, address: t.reporter.clone(), state: None, tickets: vec![t], jobs, own_phone: None, reachable: None, now: Utc::now() };
            store.commit_step(&commit).await.unwrap();
        }
        println!("outbox drain: {n} tickets queued in {:?}", fill.elapsed());

        let ceiling_rate = ceiling(addr, n, 64).await;
        let api = Arc::new(kentongan_central::JsonApi::new(&format!("http://{addr}"), None, Duration::from_secs(10)).unwrap());
        let worker = ForwardWorker {
            store: store.clone(),
            channels: kentongan::app::channels(),
            api,
            media: MediaFetcher { store: store.clone(), sources: Default::default(), settings: Default::default() },
            service_codes: Default::default(),
            budget: Duration::from_secs(3600),
            initial_backoff: Duration::from_secs(1),
            first_poll: Duration::from_secs(600),
            endpoint_private: true,
            orphan_recheck: Duration::from_secs(60),
            health: Default::default(),
            wake: Default::default(),
        };
        let created_before = central.next.load(Ordering::Relaxed);
        let start = Instant::now();
        while worker.round().await.unwrap() > 0 {}
        let elapsed = start.elapsed();
        let counts = store.outbox_counts("forward").await.unwrap();
        let gateway_rate = counts.done as f64 / elapsed.as_secs_f64();
        println!("  fake central ceiling (plain HTTP loop, 64 concurrent)  {ceiling_rate:>8.0} tickets/s");
        println!("  forward worker (SQLite, batches of 64)                 {gateway_rate:>8.0} tickets/s  ({} done, {} dead)", counts.done, counts.dead);
        println!("  gateway / ceiling = {:.1}% (goal >= 80%)", 100.0 * gateway_rate / ceiling_rate);
        println!("  central tickets created by the worker: {}", central.next.load(Ordering::Relaxed) - created_before);
    });
}
