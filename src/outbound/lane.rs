//! One chat's lane: sends the chat's messages one at a time, in the order handed out, and says how
//! each went. Each send is recorded on both sides of the provider call (`record`): the intent before,
//! the outcome after.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc;
use tracing::{info, warn};

use super::record::{Intent, Intents};
use super::retry::{MAX_ATTEMPTS, backoff};
use super::{OutboundMessage, Priority, SendError};
use crate::jobs::BackgroundJob;
use crate::store::{Job, NewJob, Store, StoreResult};

/// What a lane tells the dispatcher after a send.
pub(super) enum Report {
    /// The job is finished (dead, taken back by another process, or back in the outbox): forget it.
    Finished(i64),
    /// The provider confirmed the message to `chat` (with its id for it): record it, tell the pacer.
    Sent { id: i64, chat: String, reference: Option<String> },
    /// Put the jobs back at the head of their chat, in this order, and pause as `pause` says. The
    /// first job failed; the rest had been handed to the lane behind it.
    Again { jobs: Vec<Job>, wait: Duration, pause: Pause },
}

/// Who waits after a failed send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pause {
    /// This chat only (a transient failure, retried after a backoff).
    Chat,
    /// A 429 of unknown scope: the pacer judges (this chat, or the whole bot with a lower rate).
    Judge,
    /// This chat, after a 429 that says it was this chat's limit (counted as a rate limit).
    ChatLimit,
    /// Every chat (the provider as a whole asked us to wait).
    All,
}

pub(super) struct Lane {
    pub(super) store: Arc<dyn Store>,
    pub(super) transport: Arc<dyn crate::channel::Transport>,
    pub(super) intents: Intents,
    pub(super) reports: mpsc::UnboundedSender<Report>,
}

impl Lane {
    /// Ends after a quiet minute; the dispatcher starts a new lane when the chat speaks again.
    pub(super) async fn run(self, mut jobs: mpsc::UnboundedReceiver<Job>) {
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

    /// Records the intent, sends, and says how it went. A confirmed send is recorded by the dispatcher's
    /// completer, which retries until the record holds: only a crash between the provider's answer and
    /// that record can send a message again (the next holder sees the open intent and counts it).
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
        match self.intents.begin(job.id).await {
            Intent::Ours => {}
            Intent::Taken => {
                info!(job.id = job.id, "send job taken back by another process; not sent here");
                return Ok(Report::Finished(job.id));
            }
            Intent::Unrecorded => {
                return Ok(Report::Again { jobs: vec![job], wait: Duration::from_secs(1), pause: Pause::Chat });
            }
        }
        let channel = msg.to.channel.as_str();
        let now = Utc::now();
        match self.transport.send(&msg, job.id).await {
            Ok(reference) => {
                metrics::counter!("kentongan_replies_sent_total", "channel" => channel).increment(1);
                return Ok(Report::Sent { id: job.id, chat: msg.to.id, reference });
            }
            // A 429 is a refusal: nothing went out, so the intent goes (a crash now repeats nothing).
            Err(SendError::RateLimited(wait)) => {
                self.store.cancel_send(job.id).await?;
                return Ok(Report::Again { jobs: vec![job], wait, pause: Pause::All });
            }
            Err(SendError::TooManyRequests(wait)) => {
                self.store.cancel_send(job.id).await?;
                return Ok(Report::Again { jobs: vec![job], wait, pause: Pause::Judge });
            }
            Err(SendError::ChatRateLimited(wait)) => {
                self.store.cancel_send(job.id).await?;
                return Ok(Report::Again { jobs: vec![job], wait, pause: Pause::ChatLimit });
            }
            Err(SendError::Paused { wait, reason }) => {
                // Operator-visible, and nothing is dead-lettered: the whole channel waits for a fix.
                warn!(job.id = job.id, channel, reason = %reason, "channel paused; every message waits");
                self.store.cancel_send(job.id).await?;
                return Ok(Report::Again { jobs: vec![job], wait, pause: Pause::All });
            }
            Err(SendError::Unreachable) => {
                info!(job.id = job.id, channel, "recipient unreachable; marked, message dropped");
                metrics::counter!("kentongan_unreachable_total", "channel" => channel).increment(1);
                // A status push that found the chat blocked goes back to the notify worker, which now
                // routes it another way (SMS to the reporter's own number), so this change is not lost.
                // Mark, dead letter and reroute are one transaction: a crash cannot lose the push.
                let again = msg
                    .reroute
                    .as_ref()
                    .map(|change| NewJob { dedupe_key: format!("reroute:{}", job.dedupe_key), ..change.to_row(now) });
                self.store.recipient_unreachable(job.id, &msg.to, "recipient unreachable", again.as_ref(), now).await?;
            }
            // A network failure may have reached the provider: the intent stays until the retry.
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
