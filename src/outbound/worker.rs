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

use super::{OutboundMessage, Priority, SendError};
use crate::domain::Channel;
use crate::store::{Job, NewJob, Store, StoreResult};

/// Transports by channel; a channel without one keeps its jobs queued.
#[derive(Clone, Default)]
pub struct Senders {
    pub telegram: Option<teloxide::Bot>,
    /// The SMS provider of this worker's kind (`send.sms.<provider>`).
    pub sms: Option<Arc<dyn crate::channel::sms::SmsTransport>>,
}

impl Senders {
    async fn send(&self, msg: &OutboundMessage, job_id: i64) -> Result<(), SendError> {
        match (msg.to.channel, &self.telegram, &self.sms) {
            (Channel::Telegram, Some(bot), _) => crate::channel::telegram::outbound::send(bot, msg).await,
            (Channel::Sms, _, Some(sms)) => crate::channel::sms::send(sms.as_ref(), msg, job_id).await,
            _ => Err(SendError::Retry(Duration::from_secs(60))),
        }
    }
}

/// Jobs held in memory at most; more wait in the outbox.
const MAX_HELD: usize = 5000;
/// How long held jobs are leased; renewed while held, so a crashed process frees them after this.
const LEASE: Duration = Duration::from_secs(300);
const RENEW_EVERY: Duration = Duration::from_secs(60);
/// The resolution of tokio's timers.
const TIMER_RESOLUTION: Duration = Duration::from_millis(1);
/// Sub-millisecond waits yielded in a row before the worker looks at its wake-ups and shutdown.
const MAX_YIELDS: u32 = 64;
/// Transient failures give up after this many attempts and become dead letters.
const MAX_ATTEMPTS: i64 = 12;

pub struct SendWorker {
    pub store: Arc<dyn Store>,
    pub senders: Senders,
    pub wake: Arc<Notify>,
    /// The outbox kind this worker serves, e.g. `send.telegram`.
    pub kind: String,
    pub pace: Pace,
}

/// What a lane tells the dispatcher after a send.
enum Report {
    /// The job is finished (dead, or back in the outbox): forget it.
    Finished(i64),
    /// The job's message went through to `chat`: forget it, and tell the pacer.
    Sent { id: i64, chat: String },
    /// Put the jobs back at the head of their chat, in this order, and pause as `pause` says. The
    /// first job failed; the rest had been handed to the lane behind it.
    Again { jobs: Vec<Job>, wait: Duration, pause: Pause },
}

/// Who waits after a failed send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pause {
    /// This chat only (a transient failure, retried after a backoff).
    Chat,
    /// A 429 of unknown scope: the pacer judges (this chat, or the whole bot with a lower rate).
    Judge,
    /// Every chat (the provider as a whole asked us to wait).
    All,
}

impl SendWorker {
    /// Runs until `shutdown` turns true; held jobs are given back on the way out.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        info!(kind = %self.kind, "send worker started");
        let mut sched: Scheduler<Job> = Scheduler::new(self.pace.clone());
        let mut held: HashSet<i64> = HashSet::new();
        let mut lanes: HashMap<String, mpsc::UnboundedSender<Job>> = HashMap::new();
        let (report_tx, mut reports) = mpsc::unbounded_channel::<Report>();
        let (done_tx, done_rx) = mpsc::unbounded_channel::<i64>();
        let completer = tokio::spawn(complete_in_batches(self.store.clone(), done_rx));
        let mut last_renew = Instant::now();
        let mut feed_due = true;
        let mut yields = 0u32;
        loop {
            while let Ok(report) = reports.try_recv() {
                self.apply(report, &mut sched, &mut held);
            }
            if feed_due && held.len() < MAX_HELD {
                if let Err(e) = self.feed(&mut sched, &mut held).await {
                    warn!(error = %e, "claiming send jobs failed");
                }
                feed_due = false;
            }
            if last_renew.elapsed() >= RENEW_EVERY {
                self.renew(&held).await;
                last_renew = Instant::now();
            }
            let wait_until = match sched.next(Instant::now()) {
                Next::Ready(item) => {
                    self.dispatch(item.payload, &item.chat, &mut lanes, &report_tx, &done_tx);
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
            self.record_queue(&sched);
            tokio::select! {
                _ = tokio::time::sleep_until(wait_until.into()) => {}
                _ = self.wake.notified() => feed_due = true,
                Some(report) = reports.recv() => self.apply(report, &mut sched, &mut held),
                _ = shutdown.changed() => break,
            }
            // Every idle second, look for jobs that became due (retries, other processes' writes).
            if Instant::now() >= wait_until {
                feed_due = true;
            }
        }
        // Lanes finish their current send; then every recorded success is written before held jobs go back.
        drop((lanes, done_tx));
        let _ = completer.await;
        let ids: Vec<i64> = held.into_iter().collect();
        if let Err(e) = self.store.release_jobs(&ids).await {
            warn!(error = %e, "releasing held send jobs failed; their leases will expire");
        }
    }

    /// Claims due jobs into the scheduler, most urgent first.
    async fn feed(&self, sched: &mut Scheduler<Job>, held: &mut HashSet<i64>) -> StoreResult<()> {
        let now = Utc::now();
        let room = (MAX_HELD - held.len()).min(1000) as i64;
        let lease = chrono::Duration::from_std(LEASE).unwrap_or_default();
        for job in self.store.claim_jobs(&self.kind, room, now, now + lease).await? {
            if !held.insert(job.id) {
                continue;
            }
            let chat = job.payload.pointer("/to/id").and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let class = class_of(&job);
            sched.push(Item { chat, class, payload: job }, Instant::now());
        }
        Ok(())
    }

    async fn renew(&self, held: &HashSet<i64>) {
        let ids: Vec<i64> = held.iter().copied().collect();
        let until = Utc::now() + chrono::Duration::from_std(LEASE).unwrap_or_default();
        if let Err(e) = self.store.renew_leases(&ids, until).await {
            warn!(error = %e, "renewing send leases failed");
        }
    }

    fn apply(&self, report: Report, sched: &mut Scheduler<Job>, held: &mut HashSet<i64>) {
        match report {
            Report::Finished(id) => {
                held.remove(&id);
            }
            Report::Sent { id, chat } => {
                held.remove(&id);
                sched.delivered(&chat, Instant::now());
            }
            Report::Again { jobs, wait, pause } => {
                let now = Instant::now();
                // Pushed to the front in reverse, so they leave again in their original order.
                for (i, job) in jobs.into_iter().enumerate().rev() {
                    let chat = job.payload.pointer("/to/id").and_then(|v| v.as_str()).unwrap_or_default().to_string();
                    if i == 0 {
                        self.pause(sched, &job, &chat, wait, pause, now);
                    }
                    let class = class_of(&job);
                    sched.push_front(Item { chat, class, payload: job }, now);
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
        reports: &mpsc::UnboundedSender<Report>,
        done: &mpsc::UnboundedSender<i64>,
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
            senders: self.senders.clone(),
            reports: reports.clone(),
            done: done.clone(),
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

/// Sends one chat's messages one at a time, so they arrive in the order handed out.
struct Lane {
    store: Arc<dyn Store>,
    senders: Senders,
    reports: mpsc::UnboundedSender<Report>,
    /// Sent jobs, completed in batches by `complete_in_batches`.
    done: mpsc::UnboundedSender<i64>,
}

impl Lane {
    /// Ends after a quiet minute; the dispatcher starts a new lane when the chat speaks again.
    async fn run(self, mut jobs: mpsc::UnboundedReceiver<Job>) {
        loop {
            let job = match tokio::time::timeout(Duration::from_secs(60), jobs.recv()).await {
                Ok(Some(job)) => job,
                Ok(None) => return,
                Err(_) => {
                    // Close first, then finish what slipped in meanwhile: nothing handed over is dropped.
                    jobs.close();
                    while let Ok(job) = jobs.try_recv() {
                        if !self.handle(job, &mut jobs).await {
                            return;
                        }
                    }
                    return;
                }
            };
            if !self.handle(job, &mut jobs).await {
                return;
            }
        }
    }

    /// Sends one job and reports; returns false when the dispatcher is gone.
    async fn handle(&self, job: Job, queued: &mut mpsc::UnboundedReceiver<Job>) -> bool {
        let id = job.id;
        let report = match self.send(job).await {
            // Jobs queued behind a failed one go back with it, so none overtakes it.
            Ok(Report::Again { mut jobs, wait, pause }) => {
                while let Ok(next) = queued.try_recv() {
                    jobs.push(next);
                }
                Report::Again { jobs, wait, pause }
            }
            Ok(report) => report,
            Err(e) => {
                warn!(job.id = id, error = %e, "recording a send outcome failed; the lease will bring it back");
                Report::Finished(id)
            }
        };
        self.reports.send(report).is_ok()
    }

    /// Sends and records the outcome. Send first, then record: a crash in between re-sends once,
    /// which beats losing a reply.
    async fn send(&self, mut job: Job) -> StoreResult<Report> {
        let msg: OutboundMessage = match serde_json::from_value(job.payload.clone()) {
            Ok(m) => m,
            Err(e) => {
                self.store.fail_job(job.id, &format!("unreadable payload: {e}"), None).await?;
                return Ok(Report::Finished(job.id));
            }
        };
        // A dialog reply answers someone who just wrote to us; other messages check first, since
        // one 403 is enough: no retry storm against a chat that blocked the bot.
        if job.priority != Priority::DialogReply as i32 && self.store.is_unreachable(&msg.to).await? {
            self.store.fail_job(job.id, "recipient unreachable", None).await?;
            return Ok(Report::Finished(job.id));
        }
        let channel = msg.to.channel.as_str();
        let now = Utc::now();
        match self.senders.send(&msg, job.id).await {
            Ok(()) => {
                metrics::counter!("kentongan_replies_sent_total", "channel" => channel).increment(1);
                if let Err(mpsc::error::SendError(id)) = self.done.send(job.id) {
                    self.store.complete_job(id, now).await?;
                }
                return Ok(Report::Sent { id: job.id, chat: msg.to.id });
            }
            Err(SendError::RateLimited(wait)) => {
                return Ok(Report::Again { jobs: vec![job], wait, pause: Pause::All });
            }
            Err(SendError::TooManyRequests(wait)) => {
                return Ok(Report::Again { jobs: vec![job], wait, pause: Pause::Judge });
            }
            Err(SendError::Unreachable) => {
                info!(job.id = job.id, channel, "recipient unreachable; marked, message dropped");
                metrics::counter!("kentongan_unreachable_total", "channel" => channel).increment(1);
                // A status push that found the chat blocked goes back to the notify worker, which now
                // routes it another way (SMS to the reporter's own number), so this change is not lost.
                // Mark, dead letter and reroute are one transaction: a crash cannot lose the push.
                let again = msg.reroute.as_ref().map(|payload| NewJob {
                    kind: crate::store::NOTIFY_JOB.into(),
                    dedupe_key: format!("reroute:{}", job.dedupe_key),
                    payload: payload.clone(),
                    priority: 0,
                    run_at: now,
                });
                self.store.recipient_unreachable(job.id, &msg.to, "recipient unreachable", again.as_ref(), now).await?;
            }
            Err(SendError::Retry(base)) if job.attempts < MAX_ATTEMPTS => {
                job.attempts += 1;
                // The chat waits with its message at the head: later messages never overtake it.
                return Ok(Report::Again { wait: backoff(base, job.attempts), jobs: vec![job], pause: Pause::Chat });
            }
            Err(SendError::Retry(_)) => {
                warn!(job.id = job.id, "send failed too often; dead-lettered");
                self.store.fail_job(job.id, "too many transient failures", None).await?;
            }
            Err(SendError::Permanent(reason)) => {
                warn!(job.id = job.id, reason = %reason, "send refused; dead-lettered");
                self.store.fail_job(job.id, &reason, None).await?;
            }
        }
        Ok(Report::Finished(job.id))
    }
}

/// Writes completions as they come, as many per write as have queued up meanwhile: under load one
/// write completes many sends. A crash before the write re-sends those few messages once.
async fn complete_in_batches(store: Arc<dyn Store>, mut done: mpsc::UnboundedReceiver<i64>) {
    let mut ids = Vec::new();
    while done.recv_many(&mut ids, 256).await > 0 {
        if let Err(e) = store.complete_jobs(&ids, Utc::now()).await {
            warn!(error = %e, jobs = ids.len(), "recording sends failed; their leases will bring them back");
        }
        ids.clear();
    }
}

/// Exponential backoff from `base`, doubling per attempt, capped at an hour.
pub fn backoff(base: Duration, attempts: i64) -> Duration {
    let factor = 2u32.saturating_pow(attempts.clamp(0, 20) as u32);
    base.saturating_mul(factor).min(Duration::from_secs(3600))
}
