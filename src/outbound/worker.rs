//! The send worker: claims due send jobs, keeps each chat's messages in order, backs off on failure.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::future::join_all;
use tokio::sync::{Notify, watch};
use tracing::{info, warn};

use super::{OutboundMessage, SendError};
use crate::domain::Channel;
use crate::store::{Job, Store, StoreResult};

/// Transports by channel; a channel without one keeps its jobs queued.
#[derive(Clone, Default)]
pub struct Senders {
    pub telegram: Option<teloxide::Bot>,
}

impl Senders {
    async fn send(&self, msg: &OutboundMessage) -> Result<(), SendError> {
        match (msg.to.channel, &self.telegram) {
            (Channel::Telegram, Some(bot)) => crate::channel::telegram::outbound::send(bot, msg).await,
            _ => Err(SendError::Retry(Duration::from_secs(60))),
        }
    }

    fn kinds(&self) -> Vec<String> {
        let mut kinds = Vec::new();
        if self.telegram.is_some() {
            kinds.push("send.telegram".to_string());
        }
        kinds
    }
}

/// Jobs claimed per round; a crashed worker's lease ends after `LEASE`.
const BATCH: i64 = 64;
const LEASE: Duration = Duration::from_secs(60);
/// Transient failures give up after this many attempts and become dead letters.
const MAX_ATTEMPTS: i64 = 12;

pub struct SendWorker {
    pub store: Arc<dyn Store>,
    pub senders: Senders,
    pub wake: Arc<Notify>,
}

impl SendWorker {
    /// Runs until `shutdown` turns true.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let kinds = self.senders.kinds();
        if kinds.is_empty() {
            return;
        }
        loop {
            let mut busy = false;
            for kind in &kinds {
                match self.round(kind).await {
                    Ok(n) => busy |= n > 0,
                    Err(e) => warn!(error = %e, "send round failed"),
                }
            }
            if busy {
                continue;
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = shutdown.changed() => return,
            }
        }
    }

    /// One claim-and-send round; returns how many jobs it handled.
    pub async fn round(&self, kind: &str) -> anyhow::Result<usize> {
        let now = Utc::now();
        let jobs = self.store.claim_jobs(kind, BATCH, now, now + LEASE).await?;
        let n = jobs.len();
        // Chats in parallel, each chat's messages in order.
        let mut by_chat: BTreeMap<String, Vec<Job>> = BTreeMap::new();
        for job in jobs {
            let to = job.payload.pointer("/to/id").and_then(|v| v.as_str()).unwrap_or_default().to_string();
            by_chat.entry(to).or_default().push(job);
        }
        join_all(by_chat.into_values().map(|chat_jobs| self.send_in_order(chat_jobs))).await;
        Ok(n)
    }

    async fn send_in_order(&self, jobs: Vec<Job>) {
        // Once one message of a chat must wait, the later ones wait with it: order beats speed.
        let mut held: Option<DateTime<Utc>> = None;
        for job in jobs {
            let outcome = match held {
                Some(until) => {
                    self.store.fail_job(job.id, "waiting for an earlier message", Some(until)).await.map(|()| None)
                }
                None => self.send_one(&job).await,
            };
            match outcome {
                Ok(hold) => held = held.or(hold),
                Err(e) => warn!(job.id = job.id, error = %e, "recording a send outcome failed"),
            }
        }
    }

    /// Sends one job and records the outcome; returns the retry time when the job must wait.
    async fn send_one(&self, job: &Job) -> StoreResult<Option<DateTime<Utc>>> {
        let msg: OutboundMessage = match serde_json::from_value(job.payload.clone()) {
            Ok(m) => m,
            Err(e) => {
                return self.store.fail_job(job.id, &format!("unreadable payload: {e}"), None).await.map(|()| None);
            }
        };
        if self.store.is_unreachable(&msg.to).await? {
            // One 403 is enough: no retry storm against a chat that blocked the bot.
            self.store.fail_job(job.id, "recipient unreachable", None).await?;
            return Ok(None);
        }
        // Send first, then record: a crash in between re-sends once, which beats losing a reply.
        let result = self.senders.send(&msg).await;
        let now = Utc::now();
        let channel = msg.to.channel.as_str();
        match result {
            Ok(()) => {
                metrics::counter!("kentongan_replies_sent_total", "channel" => channel).increment(1);
                self.store.complete_job(job.id, now).await?;
            }
            Err(SendError::RateLimited(wait)) => {
                metrics::counter!("kentongan_send_rate_limited_total", "channel" => channel).increment(1);
                let until = now + wait;
                self.store.fail_job(job.id, "rate limited", Some(until)).await?;
                return Ok(Some(until));
            }
            Err(SendError::Unreachable) => {
                info!(job.id = job.id, channel = %msg.to.channel, "recipient unreachable; marked, message dropped");
                metrics::counter!("kentongan_unreachable_total", "channel" => channel).increment(1);
                self.store.mark_unreachable(&msg.to, "blocked or deactivated", now).await?;
                self.store.fail_job(job.id, "recipient unreachable", None).await?;
            }
            Err(SendError::Retry(base)) if job.attempts < MAX_ATTEMPTS => {
                let until = now + backoff(base, job.attempts);
                self.store.fail_job(job.id, "transient send failure", Some(until)).await?;
                return Ok(Some(until));
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
        Ok(None)
    }
}

/// Exponential backoff from `base`, doubling per attempt, capped at an hour.
pub fn backoff(base: Duration, attempts: i64) -> Duration {
    let factor = 2u32.saturating_pow(attempts.clamp(0, 20) as u32);
    base.saturating_mul(factor).min(Duration::from_secs(3600))
}
