//! Status propagation: N forwarded tickets on a fake Open311 server, all N closed there at once; how
//! long the status poller takes until every reporter's push is queued, and how many central GETs per
//! second it used to get there (it must stay under `central.poll_max_per_sec`).
//!
//! Run: `cargo bench --bench status_propagation` (env TICKETS=1000, POLL_MAX_PER_SEC=50; the production
//! default of `central.poll_max_per_sec` is 2). All traffic stays on 127.0.0.1.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use kentongan::config::{CentralAdapter, CentralSettings};
use kentongan::domain::{Address, Channel, TicketStatus};
use kentongan::forward::media::MediaFetcher;
use kentongan::forward::poller::{PollSchedule, Poller};
use kentongan::forward::worker::ForwardWorker;
use kentongan::jobs::{BackgroundJob, StatusChanged};
use kentongan::store::{Accepted, InboundBody, InboundEvent, NewTicket, StepCommit, Store};
use kentongan_central::fake::open311::FakeOpen311;
use kentongan_central::{CentralApi, Open311Api, Open311Config};
use serde_json::json;

const OPD: &str = "DPUPR";
const SERVICE: &str = "jalan-drainase";
const CLOSE_NOTE: &str = "Sudah ditangani petugas.";
/// The rate of the untimed baseline pass (first look at every request), so setup stays short.
const BASELINE_PER_SEC: f64 = 1000.0;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn ticket(i: usize) -> NewTicket {
    NewTicket {
        id: uuid::Uuid::new_v4(),
        tracking_id: format!("PKL-S{i:06}"),
        reporter: Address::new(Channel::Telegram, format!("{}", 800_000 + i)),
        lang: "id".into(),
        dialog: "complaint".into(),
        description: format!("saluran air nomor {i} di Jalan Dr. Wahidin tersumbat, jalan tergenang tiap hujan"),
        location: Some((-6.8886, 109.6753)),
        address_text: None,
        occurred_on: None,
        report_type: Some("pengaduan".into()),
        anonymous: false,
        confidential: false,
        opd_code: Some(OPD.into()),
        opd_suggested: Some(OPD.into()),
        opd_corrected: false,
        photos: vec![],
        answers: json!({}),
        created_at: Utc::now(),
        via: None,
    }
}

/// All notify jobs of any state.
async fn notify_total(store: &Arc<dyn Store>) -> i64 {
    let c = store.outbox_counts(StatusChanged::KIND).await.unwrap();
    c.pending + c.running + c.done + c.dead
}

/// The most instants within any 1 s window (sorted input).
fn max_in_one_second(at: &[Instant]) -> usize {
    let (mut best, mut lo) = (0, 0);
    for hi in 0..at.len() {
        while at[hi].duration_since(at[lo]) >= Duration::from_secs(1) {
            lo += 1;
        }
        best = best.max(hi - lo + 1);
    }
    best
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(bench());
}

async fn bench() {
    let n: usize = env_or("TICKETS", 1000);
    let rate: f64 = env_or("POLL_MAX_PER_SEC", 50.0);
    assert!(n > 0 && rate > 0.0, "TICKETS and POLL_MAX_PER_SEC must be positive");

    let fake = FakeOpen311::start().await;
    fake.services(&[(SERVICE, true)]);
    let dir = tempfile::tempdir().unwrap();
    let store =
        kentongan::store::connect(&format!("sqlite://{}", dir.path().join("status.db").display()), 8).await.unwrap();
    store.migrate().await.unwrap();

    // N tickets, each with its forward job, as the inbox commits them.
    let setup = Instant::now();
    let mut tracking = Vec::with_capacity(n);
    for i in 0..n {
        let t = ticket(i);
        let event = InboundEvent {
            address: t.reporter.clone(),
            external_id: format!("status-{i}"),
            body: InboundBody::Unsupported,
            lang_hint: None,
            received_at: Utc::now(),
            via: None,
        };
        let Accepted::New(inbound_id) = store.accept_inbound(&event).await.unwrap() else { unreachable!() };
        let jobs = kentongan::inbox::ticket_jobs(&t, Utc::now());
        tracking.push((t.id, t.tracking_id.clone()));
        let commit = StepCommit {
            inbound_id,
            address: t.reporter.clone(),
            state: None,
            tickets: vec![t],
            jobs,
            own_phone: None,
            reachable: None,
            now: Utc::now(),
        };
        store.commit_step(&commit).await.unwrap();
    }

    // Forward them all with the real worker and the Open311 adapter.
    let api: Arc<dyn CentralApi> =
        Arc::new(Open311Api::new(Open311Config { base_url: fake.uri(), ..Open311Config::default() }).unwrap());
    let service_codes: BTreeMap<String, String> = [(OPD.to_string(), SERVICE.to_string())].into();
    let central = CentralSettings { adapter: CentralAdapter::Open311, ..CentralSettings::default() };
    let health = Arc::new(kentongan::forward::health::CentralHealth::default());
    let worker = ForwardWorker {
        store: store.clone(),
        channels: kentongan::app::channels(),
        api: api.clone(),
        media: MediaFetcher { store: store.clone(), sources: Default::default(), settings: Default::default() },
        service_codes: service_codes.clone(),
        budget: Duration::from_secs(3600),
        initial_backoff: Duration::from_secs(1),
        first_poll: Duration::from_secs(central.poll_young_secs),
        endpoint_private: central.endpoint_private(),
        orphan_recheck: Duration::from_secs(60),
        health: health.clone(),
        wake: Default::default(),
    };
    while worker.round().await.unwrap() > 0 {}
    let forward = store.outbox_counts("forward").await.unwrap();
    assert_eq!((forward.done, forward.pending, forward.dead), (n as i64, 0, 0), "every ticket forwarded once");
    assert_eq!(fake.requests().len(), n, "one Open311 request per ticket");

    let poller = |max_per_sec: f64| Poller {
        store: store.clone(),
        channels: kentongan::app::channels(),
        api: api.clone(),
        map: kentongan::forward::status_map(&central),
        rules: kentongan::forward::rules(&central),
        schedule: PollSchedule {
            young: Duration::from_secs(central.poll_young_secs),
            week: Duration::from_secs(central.poll_week_secs),
            old: Duration::from_secs(central.poll_old_secs),
        },
        pacer: kentongan::forward::poller::Pacer::new(max_per_sec),
        service_codes: service_codes.clone(),
        health: health.clone(),
        wake_notify: Default::default(),
    };

    // Baseline (not timed): every ticket due now, one pass so each has its first observation (`open`).
    let mut central_ids = Vec::with_capacity(n);
    for (id, _) in &tracking {
        central_ids.push(store.central_ref(*id).await.unwrap().central_id.expect("forwarded"));
        store.schedule_poll(*id, Some(Utc::now())).await.unwrap();
    }
    let baseline = poller(BASELINE_PER_SEC);
    while !store.due_polls(Utc::now(), 1).await.unwrap().is_empty() {
        baseline.round().await.unwrap();
    }
    for cid in &central_ids {
        let seen = store.central_ticket(cid).await.unwrap().expect("known central id").seen;
        assert_eq!(seen.word.as_deref(), Some("open"), "baseline observed for {cid}");
    }
    let notify_before = notify_total(&store).await;
    let setup = setup.elapsed();
    println!("status propagation: {n} tickets forwarded and baselined in {setup:.1?}");
    println!("  (notify jobs before the close: {notify_before}, the `diteruskan` push of each forward)");

    // All N closed on the server at once, all due now; then the timed rounds.
    for cid in &central_ids {
        assert!(fake.set_status(cid, "closed", Some(CLOSE_NOTE)));
    }
    for (id, _) in &tracking {
        store.schedule_poll(*id, Some(Utc::now())).await.unwrap();
    }
    let timed = poller(rate);
    let target = notify_before + n as i64;
    let ideal = Duration::from_secs_f64(n as f64 / rate);
    let deadline = ideal * 3 + Duration::from_secs(30);
    let start = Instant::now();
    let mut rounds = 0usize;
    let mut queued = notify_before;
    while queued < target && start.elapsed() < deadline {
        let polled = timed.round().await.unwrap();
        rounds += 1;
        queued = notify_total(&store).await;
        if polled == 0 && queued < target {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let end = Instant::now();
    let elapsed = end - start;
    let all_queued = queued >= target;

    // Central GETs inside the timed window.
    let gets: Vec<_> = fake.gets().into_iter().filter(|g| g.at >= start && g.at <= end).collect();
    let at: Vec<Instant> = gets.iter().map(|g| g.at).collect();
    let non_200 = gets.iter().filter(|g| g.answered != 200).count();
    let span = match (at.first(), at.last()) {
        (Some(first), Some(last)) => last.duration_since(*first).as_secs_f64(),
        _ => 0.0,
    };
    // n requests span n - 1 gaps.
    let observed = if span > 0.0 { (at.len() - 1) as f64 / span } else { f64::INFINITY };
    let window_max = max_in_one_second(&at);
    let mut spacing: Vec<Duration> = at.windows(2).map(|w| w[1] - w[0]).collect();
    spacing.sort();
    let ms = |d: Option<&Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let (min_gap, median_gap) = (ms(spacing.first()), ms(spacing.get(spacing.len() / 2)));
    let short_gaps = spacing.iter().filter(|d| d.as_secs_f64() < 0.5 / rate).count();
    // The pacer spaces the *starts* of calls exactly; the fake sees *arrivals*, which jitter by the time a
    // request spends in our client and on loopback, so the busiest second may hold up to two arrivals more.
    let rate_ok = observed <= rate * 1.001 && (window_max as f64) <= rate + 2.0;

    // Every ticket `selesai`, exactly one close push each, and no more polls for them.
    let mut not_selesai = 0;
    for (_, t) in &tracking {
        let view = store.find_ticket(t).await.unwrap().expect("ticket");
        let noted = view.history.last().and_then(|h| h.note.as_deref()) == Some(CLOSE_NOTE);
        if view.status != TicketStatus::Selesai || !noted {
            not_selesai += 1;
        }
    }
    let jobs = store.list_jobs(StatusChanged::KIND, None, 10 * n as i64 + 100).await.unwrap();
    let mut closes: HashMap<String, usize> = HashMap::new();
    for j in jobs.iter().filter(|j| j.payload["status"] == "selesai") {
        *closes.entry(j.payload["ticket_id"].as_str().unwrap_or_default().to_string()).or_default() += 1;
    }
    let one_each = closes.len() == n && closes.values().all(|c| *c == 1);
    let duplicates: usize = closes.values().map(|c| c.saturating_sub(1)).sum();
    let still_polled = store.due_polls(Utc::now() + chrono::Duration::days(365), n as i64).await.unwrap().len();

    let secs = elapsed.as_secs_f64();
    println!("  tickets                                   {n}");
    println!("  poll_max_per_sec                          {rate} (production default: 2)");
    let timed_out = if all_queued { "" } else { "  TIMED OUT" };
    println!("  time until every push was queued          {secs:.2} s ({rounds} poller rounds){timed_out}");
    println!("  ideal (N / poll_max_per_sec)              {:.2} s", ideal.as_secs_f64());
    println!("  ideal / actual                            {:.1}%", 100.0 * ideal.as_secs_f64() / secs);
    println!("  central GETs in the window                {} ({non_200} not 200)", at.len());
    println!("  observed GETs/s ((count-1) / (last-first))  {observed:.2}");
    println!("  max GETs in any 1 s window                {window_max}");
    println!(
        "  spacing between GETs                      min {min_gap:.1} ms, median {median_gap:.1} ms (cap: {:.1} ms); \
         {short_gaps} under half the cap's spacing",
        1000.0 / rate
    );
    println!(
        "  GETs/s stays under poll_max_per_sec       {} (average <= {rate}; busiest second of arrivals <= {}, \
         starts are paced exactly, arrivals jitter)",
        if rate_ok { "PASS" } else { "FAIL" },
        rate + 2.0
    );
    println!("  notify jobs queued by the close           {} (expected {n})", queued - notify_before);
    println!(
        "  every ticket selesai with the close note  {}",
        if not_selesai == 0 { "PASS".to_string() } else { format!("FAIL ({not_selesai} not)") }
    );
    println!(
        "  one close push per ticket, no duplicates  {}",
        if one_each && queued == target {
            "PASS".to_string()
        } else {
            format!("FAIL ({} tickets with a close push, {duplicates} duplicates)", closes.len())
        }
    );
    println!(
        "  closed tickets no longer polled           {}",
        if still_polled == 0 { "PASS".to_string() } else { format!("FAIL ({still_polled} still scheduled)") }
    );
}
