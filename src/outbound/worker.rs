//! The send worker: one per channel transport. It feeds due send jobs from the outbox into the
//! pacing scheduler (`kentongan-pace`), which decides what may leave when — global and per-chat
//! rates, dialog replies before admin pings before status pushes before digests, fair across
//! chats. Each chat has a lane that sends its messages one at a time, in the order handed out.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use kentongan_pace::{Class, Item, Next, Pace, Scheduler, Scope};
use tokio::sync::{Notify, mpsc, watch};
use tracing::{info, warn};

use super::lane::{Lane, Pause, Report};
use super::record::{Intents, complete_in_batches};
use crate::channel::Transport;
use crate::store::{Job, SentJob, Store, StoreResult};

/// Jobs held in memory at most; more wait in the outbox.
const MAX_HELD: usize = 5000;
/// How long held jobs are leased; renewed while held, so a crashed process frees them after this.
const LEASE: Duration = Duration::from_secs(300);
const RENEW_EVERY: Duration = Duration::from_secs(60);
/// The resolution of tokio's timers.
const TIMER_RESOLUTION: Duration = Duration::from_millis(1);
/// Sub-millisecond waits yielded in a row before the worker looks at its wake-ups and shutdown.
const MAX_YIELDS: u32 = 64;

pub struct SendWorker {
    pub store: Arc<dyn Store>,
    /// The way out; the worker serves its outbox kind (`send.telegram`, …) at its pace.
    pub transport: Arc<dyn Transport>,
    pub wake: Arc<Notify>,
    /// The outbox kind this worker serves, e.g. `send.telegram`.
    pub kind: String,
    pub pace: Pace,
}

impl SendWorker {
    /// The worker of `transport`, woken by `bell` for its kind.
    pub fn new(store: Arc<dyn Store>, transport: Arc<dyn Transport>, bell: &super::SendBell) -> Self {
        let kind = transport.kind();
        Self { store, wake: bell.register(&kind), pace: transport.pace(), kind, transport }
    }
}

/// What the dispatcher holds: the pacer with the claimed jobs, and what is not recorded yet.
struct Held {
    sched: Scheduler<Job>,
    /// Claimed and not finished: in the pacer or in a lane.
    jobs: HashSet<i64>,
    /// Sent and confirmed, the record not yet written: kept leased, never given back.
    unrecorded: HashSet<i64>,
    /// To the completer, which writes confirmed sends.
    done: mpsc::UnboundedSender<SentJob>,
}

impl SendWorker {
    /// Runs until `shutdown` turns true; held jobs are given back on the way out.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        info!(kind = %self.kind, "send worker started");
        let (done, done_rx) = mpsc::unbounded_channel::<SentJob>();
        let (recorded_tx, mut recorded) = mpsc::unbounded_channel::<Vec<i64>>();
        let completer = tokio::spawn(complete_in_batches(self.store.clone(), done_rx, recorded_tx));
        let mut held =
            Held { sched: Scheduler::new(self.pace.clone()), jobs: HashSet::new(), unrecorded: HashSet::new(), done };
        // The pace this worker keeps, from the start (it moves only after a bot-wide 429).
        self.record_queue(&held.sched);
        let intents = Intents::spawn(self.store.clone());
        let mut lanes: HashMap<String, mpsc::UnboundedSender<Job>> = HashMap::new();
        let (report_tx, mut reports) = mpsc::unbounded_channel::<Report>();
        let mut last_renew = Instant::now();
        let mut feed_due = true;
        let mut yields = 0u32;
        loop {
            while let Ok(report) = reports.try_recv() {
                self.apply(report, &mut held);
            }
            while let Ok(ids) = recorded.try_recv() {
                ids.iter().for_each(|id| _ = held.unrecorded.remove(id));
            }
            if feed_due && held.jobs.len() < MAX_HELD {
                if let Err(e) = self.feed(&mut held).await {
                    warn!(error = %e, "claiming send jobs failed");
                }
                feed_due = false;
            }
            if last_renew.elapsed() >= RENEW_EVERY {
                self.renew(&held).await;
                last_renew = Instant::now();
            }
            let wait_until = match held.sched.next(Instant::now()) {
                Next::Ready(item) => {
                    self.dispatch(item.payload, &item.chat, &mut lanes, &intents, &report_tx);
                    continue;
                }
                // Tokio's timers tick in milliseconds: a shorter wait (a fast pace) is yielded away instead,
                // or a 1 ms sleep per message would cap a worker near 1,000 messages/s. Every so many yields
                // the worker still goes through the select below, to see wake-ups (new jobs) and shutdown.
                Next::WaitUntil(at)
                    if at.saturating_duration_since(Instant::now()) < TIMER_RESOLUTION && yields < MAX_YIELDS =>
                {
                    yields += 1;
                    tokio::task::yield_now().await;
                    continue;
                }
                Next::WaitUntil(at) => at.min(Instant::now() + Duration::from_secs(1)),
                Next::Idle => Instant::now() + Duration::from_secs(1),
            };
            yields = 0;
            self.record_queue(&held.sched);
            tokio::select! {
                _ = tokio::time::sleep_until(wait_until.into()) => {}
                _ = self.wake.notified() => feed_due = true,
                Some(report) = reports.recv() => self.apply(report, &mut held),
                Some(ids) = recorded.recv() => ids.iter().for_each(|id| _ = held.unrecorded.remove(id)),
                _ = shutdown.changed() => break,
            }
            // Every idle second, look for jobs that became due (retries, other processes' writes).
            if Instant::now() >= wait_until {
                feed_due = true;
            }
        }
        // Lanes finish their current send and report; every confirmed send is then written (the
        // completer retries a while), and only jobs never sent go back.
        drop((lanes, report_tx));
        while let Some(report) = reports.recv().await {
            self.apply(report, &mut held);
        }
        let Held { jobs, done, .. } = held;
        drop(done);
        let _ = completer.await;
        let ids: Vec<i64> = jobs.into_iter().collect();
        if let Err(e) = self.store.release_jobs(&ids).await {
            warn!(error = %e, "releasing held send jobs failed; their leases will expire");
        }
    }

    /// Claims due jobs into the scheduler, most urgent first. A job taken back from a holder that may
    /// have sent it already (a crash between its send and its record) is sent again and counted.
    async fn feed(&self, held: &mut Held) -> StoreResult<()> {
        let now = Utc::now();
        let room = (MAX_HELD - held.jobs.len()).min(1000) as i64;
        let lease = chrono::Duration::from_std(LEASE).unwrap_or_default();
        for job in self.store.claim_jobs(&self.kind, room, now, now + lease).await? {
            if !held.jobs.insert(job.id) {
                continue;
            }
            if job.maybe_sent {
                warn!(job.id = job.id, kind = %self.kind, "a send cut short by a crash before its record is sent again");
                metrics::counter!("kentongan_send_maybe_repeated_total", "kind" => self.kind.clone()).increment(1);
            }
            let chat = job.payload.pointer("/to/id").and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let class = class_of(&job);
            held.sched.push(Item { chat, class, payload: job }, Instant::now());
        }
        Ok(())
    }

    async fn renew(&self, held: &Held) {
        let ids: Vec<i64> = held.jobs.iter().chain(&held.unrecorded).copied().collect();
        let until = Utc::now() + chrono::Duration::from_std(LEASE).unwrap_or_default();
        if let Err(e) = self.store.renew_leases(&ids, until).await {
            warn!(error = %e, "renewing send leases failed");
        }
    }

    fn apply(&self, report: Report, held: &mut Held) {
        match report {
            Report::Finished(id) => {
                held.jobs.remove(&id);
            }
            Report::Sent { id, chat, reference } => {
                held.jobs.remove(&id);
                held.sched.delivered(&chat, Instant::now());
                held.unrecorded.insert(id);
                if let Err(mpsc::error::SendError(sent)) = held.done.send(SentJob { id, reference }) {
                    warn!(job.id = sent.id, "the completer is gone; this send is taken back as maybe sent");
                }
            }
            Report::Again { jobs, wait, pause } => {
                let now = Instant::now();
                // Pushed to the front in reverse, so they leave again in their original order.
                for (i, job) in jobs.into_iter().enumerate().rev() {
                    let chat = job.payload.pointer("/to/id").and_then(|v| v.as_str()).unwrap_or_default().to_string();
                    if i == 0 {
                        self.pause(&mut held.sched, &job, &chat, wait, pause, now);
                    }
                    let class = class_of(&job);
                    held.sched.push_front(Item { chat, class, payload: job }, now);
                }
            }
        }
    }

    /// Pauses after a failed send: the chat, the whole bot, or — for a 429 that does not say — as the
    /// pacer judges; a 429 is counted in `kentongan_send_rate_limited_total{channel, scope}`.
    fn pause(&self, sched: &mut Scheduler<Job>, job: &Job, chat: &str, wait: Duration, pause: Pause, now: Instant) {
        let scope = match pause {
            Pause::Chat => {
                sched.rate_limited(chat, wait, now, false);
                return;
            }
            Pause::Judge => sched.too_many_requests(chat, wait, now),
            Pause::ChatLimit => {
                sched.rate_limited(chat, wait, now, false);
                Scope::Chat
            }
            Pause::All => {
                sched.rate_limited(chat, wait, now, true);
                Scope::Bot
            }
        };
        let channel = job.payload.pointer("/to/channel").and_then(|v| v.as_str()).unwrap_or_default().to_string();
        let scope = if scope == Scope::Bot { "bot" } else { "chat" };
        metrics::counter!("kentongan_send_rate_limited_total", "channel" => channel, "scope" => scope).increment(1);
        if scope == "bot" {
            info!(kind = %self.kind, wait_ms = wait.as_millis() as u64, rate = sched.global_rate(now), "provider-wide rate limit; every chat pauses");
        }
    }

    /// Hands a job to its chat's lane, starting the lane if it is not running.
    fn dispatch(
        &self,
        job: Job,
        chat: &str,
        lanes: &mut HashMap<String, mpsc::UnboundedSender<Job>>,
        intents: &Intents,
        reports: &mpsc::UnboundedSender<Report>,
    ) {
        let job = match lanes.get(chat) {
            Some(lane) => match lane.send(job) {
                Ok(()) => return,
                Err(mpsc::error::SendError(job)) => job,
            },
            None => job,
        };
        lanes.retain(|_, lane| !lane.is_closed());
        let (tx, rx) = mpsc::unbounded_channel();
        let lane = Lane {
            store: self.store.clone(),
            transport: self.transport.clone(),
            intents: intents.clone(),
            reports: reports.clone(),
        };
        tokio::spawn(lane.run(rx));
        let _ = tx.send(job);
        lanes.insert(chat.to_string(), tx);
    }

    fn record_queue(&self, sched: &Scheduler<Job>) {
        for (class, n) in Class::ALL.iter().zip(sched.len_by_class()) {
            metrics::gauge!("kentongan_send_queue", "kind" => self.kind.clone(), "class" => format!("{class:?}"))
                .set(n as f64);
        }
        metrics::gauge!("kentongan_send_rate", "kind" => self.kind.clone()).set(sched.global_rate(Instant::now()));
    }
}

/// The delivery class of a job, from the priority it was enqueued with.
fn class_of(job: &Job) -> Class {
    match job.priority {
        0 => Class::DialogReply,
        1 => Class::AdminPing,
        2 => Class::StatusPush,
        _ => Class::Digest,
    }
}
