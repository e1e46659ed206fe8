//! The inbox: durable accept of normalised events, then one engine step per event, committed with
//! its replies and tickets in one transaction. Exactly once per accepted event, even across restarts.

mod admin;
mod citizen;
mod effects;
mod outgoing;
mod ticket;

pub use outgoing::ticket_jobs;

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use kentongan_dialog::{Dialogs, Lang};
use tokio::sync::{Notify, watch};
use tracing::{debug, warn};

use crate::channel::Channels;
use crate::domain::{Address, ConversationKind};
use crate::outbound::Priority;
use crate::store::{
    Accepted, CommitOutcome, Conversation, InboundEvent, PendingInbound, StepCommit, Store, StoreResult,
};

/// Commit attempts per event before giving up for this round (conflicts are rare and short).
const MAX_ATTEMPTS: usize = 8;
/// Events read per round, and at most this many of one chat: one chat's backlog never fills a round.
const BATCH: i64 = 200;
const PER_CHAT: i64 = 20;

/// How often a failing inbound event is tried before it becomes a dead letter, and how long it waits
/// between tries (doubling from `first`, at most `max`). The default gives a failure about eight
/// minutes to go away — a database hiccup does; an unreadable saved state does not.
#[derive(Debug, Clone, Copy)]
pub struct InboundRetry {
    pub attempts: i64,
    pub first: Duration,
    pub max: Duration,
}

impl Default for InboundRetry {
    fn default() -> Self {
        Self { attempts: 10, first: Duration::from_secs(1), max: Duration::from_secs(300) }
    }
}

impl InboundRetry {
    /// When to try again after `attempts` failed tries; `None` when the budget is spent.
    pub fn next_attempt(&self, attempts: i64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if attempts >= self.attempts {
            return None;
        }
        let wait = crate::outbound::backoff(self.first, attempts - 1).min(self.max);
        Some(now + chrono::Duration::from_std(wait).unwrap_or_default())
    }
}

pub struct Inbox {
    pub store: Arc<dyn Store>,
    /// What each channel can show, and how a reply looks on it.
    pub channels: Channels,
    pub dialogs: Arc<Dialogs>,
    pub tz: chrono_tz::Tz,
    pub tracking_prefix: String,
    /// Region for phone numbers written nationally (shared contacts).
    pub sms_region: String,
    /// Wakes the inbox worker after an accept.
    pub wake: Arc<Notify>,
    /// Wakes the send worker after a commit with replies.
    pub wake_sender: crate::outbound::SendBell,
    /// Wakes the forward worker after a ticket is created.
    pub wake_forward: Arc<Notify>,
    /// Retries of a failing event before it becomes a dead letter.
    pub retry: InboundRetry,
    /// The OPD admins' texts (`dialogs/admin/admin.toml`).
    pub admin_texts: Arc<kentongan_admin::Texts>,
}

#[async_trait::async_trait]
impl crate::channel::Intake for Inbox {
    async fn accept(&self, event: &InboundEvent) -> StoreResult<Accepted> {
        Inbox::accept(self, event).await
    }
}

impl Inbox {
    /// Stores the event once; only then may the adapter acknowledge it.
    pub async fn accept(&self, event: &InboundEvent) -> StoreResult<Accepted> {
        let accepted = self.store.accept_inbound(event).await?;
        let channel = event.address.channel.as_str();
        match accepted {
            Accepted::New(_) => {
                metrics::counter!("kentongan_inbound_total", "channel" => channel).increment(1);
                self.wake.notify_one();
            }
            Accepted::Duplicate => {
                metrics::counter!("kentongan_inbound_duplicates_total", "channel" => channel).increment(1);
            }
        }
        Ok(accepted)
    }

    /// Processes due events until none is left; returns how many were handled. Events go in waves:
    /// the oldest due event of every chat, then the next one of every chat, … — each chat's events in
    /// arrival order, and each wave read and written in one go. A failing event is retried with backoff
    /// and, once its budget is spent, dead-lettered; its chat waits for it, no other chat does.
    pub async fn drain(&self) -> anyhow::Result<usize> {
        let mut handled = 0;
        loop {
            let batch = self.store.due_inbound(Utc::now(), PER_CHAT, BATCH).await?;
            if batch.is_empty() {
                return Ok(handled);
            }
            handled += batch.len();
            let mut by_chat: Vec<(Address, VecDeque<PendingInbound>)> = Vec::new();
            for pending in batch {
                match by_chat.iter_mut().find(|(a, _)| *a == pending.event.address) {
                    Some((_, events)) => events.push_back(pending),
                    None => by_chat.push((pending.event.address.clone(), VecDeque::from([pending]))),
                }
            }
            // A chat whose event failed stops here (its later events must wait for it); the others go on.
            let mut stuck: Vec<Address> = Vec::new();
            loop {
                let wave: Vec<PendingInbound> =
                    by_chat.iter_mut().filter(|(a, _)| !stuck.contains(a)).filter_map(|(_, q)| q.pop_front()).collect();
                if wave.is_empty() {
                    break;
                }
                for (pending, e) in self.process_wave(&wave).await {
                    stuck.push(pending.event.address.clone());
                    self.failed(pending, &e).await?;
                }
            }
        }
    }

    /// Records a failed attempt: the next one after a backoff, or a dead letter once the budget is spent.
    async fn failed(&self, pending: &PendingInbound, error: &anyhow::Error) -> StoreResult<()> {
        let now = Utc::now();
        let attempts = pending.attempts + 1;
        let retry_at = self.retry.next_attempt(attempts, now);
        let channel = pending.event.address.channel.as_str();
        match retry_at {
            Some(at) => debug!(inbound.id = pending.id, attempts, retry_at = %at, "inbound event will be retried"),
            None => {
                warn!(inbound.id = pending.id, attempts, channel, error = %error, "inbound event dead-lettered; see `kentongan inbox list --dead`");
                metrics::counter!("kentongan_inbound_dead_total", "channel" => channel).increment(1);
            }
        }
        self.store.fail_inbound(pending.id, &format!("{error:#}"), retry_at, now).await
    }

    /// One event of each of several chats: one read of their conversations, one write of all steps.
    /// A step that conflicts (another process wrote the conversation meanwhile) is re-run on its own; if
    /// the shared read or write fails, every step is run on its own. Returns the events that failed.
    async fn process_wave<'a>(&self, wave: &'a [PendingInbound]) -> Vec<(&'a PendingInbound, anyhow::Error)> {
        let addresses: Vec<Address> = wave.iter().map(|p| p.event.address.clone()).collect();
        let mut saved: HashMap<Address, Conversation> = match self.store.load_conversations(&addresses).await {
            Ok(found) => found.into_iter().collect(),
            Err(e) => {
                warn!(error = %e, "reading a wave of conversations failed; its steps run one by one");
                return self.one_by_one(wave.iter()).await;
            }
        };
        let plans = wave.iter().map(|p| {
            let conversation = saved.remove(&p.event.address);
            self.plan(p, conversation)
        });
        let mut failed = Vec::new();
        let (mut pendings, mut commits) = (Vec::new(), Vec::new());
        for (pending, planned) in wave.iter().zip(futures_util::future::join_all(plans).await) {
            match planned {
                Ok(commit) => {
                    pendings.push(pending);
                    commits.push(commit);
                }
                Err(e) => {
                    warn!(inbound.id = pending.id, error = %e, "planning a step failed");
                    failed.push((pending, e));
                }
            }
        }
        let outcomes = match self.store.commit_steps(&commits).await {
            Ok(outcomes) => outcomes,
            Err(e) => {
                warn!(error = %e, "writing a wave failed; its steps run one by one");
                failed.extend(self.one_by_one(pendings.into_iter()).await);
                return failed;
            }
        };
        // Wake-ups and metrics for every written step first, then the re-runs.
        let mut conflicts = Vec::new();
        for ((pending, commit), outcome) in pendings.into_iter().zip(&commits).zip(outcomes) {
            match outcome {
                CommitOutcome::Committed => self.committed(pending, commit),
                CommitOutcome::AlreadyProcessed => {}
                CommitOutcome::Conflict | CommitOutcome::TrackingIdTaken => conflicts.push(pending),
            }
        }
        failed.extend(self.one_by_one(conflicts.into_iter()).await);
        failed
    }

    /// Each event on its own (its own read, plan and write); returns the events that failed.
    async fn one_by_one<'a>(
        &self,
        events: impl Iterator<Item = &'a PendingInbound>,
    ) -> Vec<(&'a PendingInbound, anyhow::Error)> {
        let mut failed = Vec::new();
        for pending in events {
            if let Err(e) = self.process(pending).await {
                warn!(inbound.id = pending.id, error = %e, "processing an event failed");
                failed.push((pending, e));
            }
        }
        failed
    }

    /// Runs the inbox worker until shutdown; a failing round is retried after a pause.
    pub async fn run(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        loop {
            if let Err(e) = self.drain().await {
                warn!(error = %e, "inbox round failed; retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(2)) => {}
                _ = shutdown.changed() => return,
            }
        }
    }

    /// One event → one committed engine step (retried on a concurrent write).
    pub async fn process(&self, pending: &PendingInbound) -> anyhow::Result<()> {
        for _ in 0..MAX_ATTEMPTS {
            let conversation = self.store.load_conversation(&pending.event.address).await?;
            let commit = self.plan(pending, conversation).await?;
            match self.store.commit_step(&commit).await? {
                CommitOutcome::Committed => {
                    self.committed(pending, &commit);
                    return Ok(());
                }
                CommitOutcome::AlreadyProcessed => return Ok(()),
                CommitOutcome::Conflict | CommitOutcome::TrackingIdTaken => {
                    debug!(inbound.id = pending.id, "commit conflict; re-running the step");
                }
            }
        }
        anyhow::bail!("inbound event {} kept conflicting", pending.id)
    }

    /// After a step is written: metrics, and the workers that have new work.
    fn committed(&self, pending: &PendingInbound, commit: &StepCommit) {
        self.record_metrics(pending, commit);
        // Each send worker is woken for its own kind only (a forward job has no send worker).
        for job in &commit.jobs {
            self.wake_sender.ring(&job.kind);
        }
        if !commit.tickets.is_empty() {
            self.wake_forward.notify_one();
        }
    }

    fn record_metrics(&self, pending: &PendingInbound, commit: &StepCommit) {
        let channel = pending.event.address.channel.as_str();
        if !commit.tickets.is_empty() {
            metrics::counter!("kentongan_tickets_created_total", "channel" => channel)
                .increment(commit.tickets.len() as u64);
            for t in &commit.tickets {
                tracing::info!(ticket = %t.tracking_id, opd = t.opd_code.as_deref().unwrap_or("-"), channel, "ticket created");
            }
        }
        record_handling(&pending.event, Utc::now());
    }

    /// One step of the conversation the event belongs to, by its kind: each kind has its own pure
    /// step function. The channel may acknowledge the event first (Telegram stops a button's spinner).
    async fn plan(&self, pending: &PendingInbound, conversation: Option<Conversation>) -> anyhow::Result<StepCommit> {
        let kind = conversation.as_ref().map(|c| c.kind).unwrap_or_default();
        let mut commit = match (kind, admin::invite_code(&pending.event)) {
            (ConversationKind::Admin, _) => self.admin_step(pending, conversation).await?,
            (ConversationKind::Citizen, Some(code)) => self.admin_redeem(pending, conversation, &code).await?,
            (ConversationKind::Citizen, None) => self.citizen_step(pending, conversation).await?,
        };
        // The channel's acknowledgement of the event (a button's answer, a read receipt) leaves first.
        if let Some(ack) = self.channels.get(pending.event.address.channel).acknowledge(&pending.event) {
            let key = format!("ack:{}", pending.id);
            let ack = self.channels.jobs(&ack, key, Priority::DialogReply, commit.now);
            commit.jobs.splice(0..0, ack);
        }
        Ok(commit)
    }

    /// A step that only marks the event processed (and whatever the caller adds).
    fn quiet(&self, pending: &PendingInbound, now: DateTime<Utc>) -> StepCommit {
        StepCommit {
            inbound_id: pending.id,
            address: pending.event.address.clone(),
            state: None,
            tickets: Vec::new(),
            jobs: Vec::new(),
            own_phone: None,
            reachable: None,
            now,
        }
    }

    /// One sentence that leaves the conversation untouched: to a group, or to a number over its flood limit.
    fn notice(
        &self,
        pending: &PendingInbound,
        now: DateTime<Utc>,
        lang: Lang,
        key: &str,
        args: &[(&str, &str)],
    ) -> StepCommit {
        let reply = kentongan_dialog::Reply { text: self.dialogs.message(key, lang, args), ..Default::default() };
        let event = &pending.event;
        let msg = self.channels.render(&self.dialogs, &event.address, event.via.as_deref(), &reply, lang);
        let jobs = self.channels.jobs(&msg, format!("reply:{}:0", pending.id), Priority::DialogReply, now);
        StepCommit { jobs, reachable: Some(true), ..self.quiet(pending, now) }
    }
}

/// `kentongan_handling_seconds`: from our receipt of the event to its commit at `now`. Both instants are
/// ours: `received_at` is our clock at the durable accept (a provider's timestamp never becomes it).
fn record_handling(event: &InboundEvent, now: DateTime<Utc>) {
    let waited = (now - event.received_at).to_std().unwrap_or_default();
    metrics::histogram!("kentongan_handling_seconds", "channel" => event.address.channel.as_str())
        .record(waited.as_secs_f64());
}

#[cfg(test)]
mod tests {
    use metrics_exporter_prometheus::PrometheusBuilder;

    use super::*;
    use crate::domain::Channel;
    use crate::store::InboundBody;

    #[test]
    fn handling_time_is_measured_on_our_clock_when_the_phone_clock_is_seven_hours_off() {
        let phone_clock = Utc::now() - chrono::Duration::hours(7);
        let event = InboundEvent {
            address: Address::new(Channel::Sms, "+6281200000001"),
            external_id: "android:1".into(),
            body: InboundBody::Text { text: "halo".into() },
            lang_hint: None,
            received_at: crate::channel::clock::our_clock("test-android", phone_clock, false),
            via: Some("android".into()),
        };
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                metrics_exporter_prometheus::Matcher::Full("kentongan_handling_seconds".into()),
                &[1.0],
            )
            .unwrap()
            .build_recorder();
        let handle = recorder.handle();
        metrics::with_local_recorder(&recorder, || record_handling(&event, Utc::now()));
        let rendered = handle.render();
        assert!(
            rendered.contains(r#"kentongan_handling_seconds_bucket{channel="sms",le="1"} 1"#),
            "the sample is under a second, not in +Inf:\n{rendered}"
        );
    }
}
