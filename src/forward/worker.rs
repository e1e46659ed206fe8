//! The forward worker: claims forward jobs under a lease, calls the central API with the ticket's
//! UUID as idempotency key, records the outcome, backs off with jitter, and dead-letters a ticket
//! whose retry budget is spent or whose failure is permanent. A crash anywhere re-runs the job
//! after its lease, and the idempotency key keeps the central side at one ticket.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::future::join_all;
use kentongan_central::{CentralApi, Created, ForwardError};
use rand::Rng;
use tokio::sync::{Notify, watch};
use tracing::{info, warn};
use uuid::Uuid;

use super::health::{CentralHealth, is_outage};
use super::media::MediaFetcher;
use crate::channel::Channels;
use crate::jobs::{BackgroundJob, ForwardTicket};
use crate::store::{ForwardInput, Forwarded, Job, Store, StoreResult};

/// Jobs per round, and how long a claimed job is ours before another worker may take it.
const BATCH: i64 = 64;
const LEASE: Duration = Duration::from_secs(120);
/// How soon to ask again for an Open311 token's request ID.
const TOKEN_RECHECK: Duration = Duration::from_secs(30);

pub struct ForwardWorker {
    pub store: Arc<dyn Store>,
    /// Whether a reporter's address is a phone number the central API may get.
    pub channels: Channels,
    pub api: Arc<dyn CentralApi>,
    pub media: MediaFetcher,
    /// OPD code → Open311 service code.
    pub service_codes: BTreeMap<String, String>,
    pub budget: Duration,
    /// First retry delay; doubles per failure up to an hour.
    pub initial_backoff: Duration,
    /// When a forwarded ticket is first polled.
    pub first_poll: Duration,
    /// `central.endpoint_private`: whether a confidential report may go with its text.
    pub endpoint_private: bool,
    /// How long after a possibly repeated create (server without idempotency) to look for a duplicate.
    pub orphan_recheck: Duration,
    pub health: Arc<CentralHealth>,
    pub wake: Arc<Notify>,
}

/// A job's ticket, as the round's read found it.
enum Lookup<'a> {
    Found(&'a ForwardInput),
    /// The read failed for this ticket alone: retry within the budget.
    Unreadable(String),
    Missing,
    NoTicketId,
}

/// What to do with a job after one attempt.
enum Next {
    /// Finished: complete the job.
    Done,
    /// Accepted centrally: record it, with the job's completion, in the round's one write.
    Forwarded(Forwarded),
    RetryAt(DateTime<Utc>, String),
    Dead(String),
    /// Parked until someone acts: a ticket with no OPD waits for the koordinator's triage.
    Hold(Uuid, String),
}

impl ForwardWorker {
    pub async fn run(self, shutdown: watch::Receiver<bool>) {
        info!(adapter = self.api.name(), "forward worker started");
        crate::rounds::run_rounds("forward", &self.wake, shutdown, || self.round()).await;
    }

    /// Claims and runs one batch; returns how many jobs it handled. The tickets' rows are read together,
    /// and the tickets the central API accepted are recorded together in one transaction.
    pub async fn round(&self) -> anyhow::Result<usize> {
        let now = Utc::now();
        let jobs = self.store.claim_jobs(ForwardTicket::KIND, BATCH, now, now + LEASE).await?;
        let (inputs, unreadable) = self.read_inputs(&jobs).await;
        let results = join_all(jobs.iter().map(|job| {
            let lookup = match ticket_id(job) {
                None => Lookup::NoTicketId,
                Some(id) => match (inputs.get(&id), unreadable.get(&id)) {
                    (Some(input), _) => Lookup::Found(input),
                    (None, Some(e)) => Lookup::Unreadable(e.clone()),
                    (None, None) => Lookup::Missing,
                },
            };
            self.handle(job, lookup)
        }))
        .await;
        // What the central side accepted is recorded before any other failure of the round is reported.
        let mut forwarded = Vec::new();
        let mut first_error = None;
        for r in results {
            match r {
                Ok(f) => forwarded.extend(f),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        self.record(&jobs, forwarded).await?;
        if let Some(e) = first_error {
            return Err(e.into());
        }
        if jobs.is_empty() {
            // Counting scans the forward jobs: only when idle, not on every busy round.
            self.refresh_dead_gauge().await;
        }
        Ok(jobs.len())
    }

    /// The round's tickets in one read; if that fails, one read per ticket, so one unreadable ticket
    /// retries (and in the end dead-letters) alone instead of holding up its round.
    async fn read_inputs(&self, jobs: &[Job]) -> (HashMap<Uuid, ForwardInput>, HashMap<Uuid, String>) {
        let ids: Vec<Uuid> = jobs.iter().filter_map(ticket_id).collect();
        if ids.is_empty() {
            return Default::default();
        }
        match self.store.forward_inputs(&ids).await {
            Ok(inputs) => (inputs, HashMap::new()),
            Err(e) => {
                warn!(error = %e, tickets = ids.len(), "reading a round of tickets failed; reading them one by one");
                let (mut inputs, mut unreadable) = (HashMap::new(), HashMap::new());
                for id in ids {
                    match self.store.forward_inputs(&[id]).await {
                        Ok(found) => inputs.extend(found),
                        Err(e) => {
                            unreadable.insert(id, e.to_string());
                        }
                    }
                }
                (inputs, unreadable)
            }
        }
    }

    /// Writes the round's accepted tickets in one transaction; if that fails, each on its own, and a ticket
    /// that still fails retries within its budget. The central side has them all the same: a retry
    /// re-sends with the same key, which keeps it at one central ticket.
    async fn record(&self, jobs: &[Job], forwarded: Vec<Forwarded>) -> StoreResult<()> {
        if forwarded.is_empty() {
            return Ok(());
        }
        let now = Utc::now();
        let Err(e) = self.store.record_forwarded_many(&forwarded, now).await else {
            metrics::counter!("kentongan_forward_total", "result" => "ok").increment(forwarded.len() as u64);
            for f in &forwarded {
                log_forwarded(f);
            }
            return Ok(());
        };
        warn!(error = %e, tickets = forwarded.len(), "recording forwarded tickets together failed; one by one");
        for f in forwarded {
            let Some(job) = jobs.iter().find(|j| f.done_job == Some(j.id)) else { continue };
            match self.store.record_forwarded(&f, now).await {
                Ok(_) => {
                    metrics::counter!("kentongan_forward_total", "result" => "ok").increment(1);
                    log_forwarded(&f);
                }
                Err(e) => {
                    let next = self.retry(job, ForwardError::retryable(format!("recording central id: {e}")));
                    self.settle(job, "?", next).await?;
                }
            }
        }
        Ok(())
    }

    /// One attempt; an accepted ticket is handed back to be recorded with the round.
    async fn handle(&self, job: &Job, lookup: Lookup<'_>) -> StoreResult<Option<Forwarded>> {
        let (next, tracking) = match lookup {
            Lookup::Found(input) => (self.attempt(job, input).await, input.record.ticket.tracking_id.as_str()),
            Lookup::Unreadable(e) => (self.retry(job, ForwardError::retryable(format!("store: {e}"))), "?"),
            Lookup::Missing => (Next::Dead("ticket not found".into()), "?"),
            Lookup::NoTicketId => (Next::Dead("job payload has no ticket_id".into()), "?"),
        };
        self.settle(job, tracking, next).await
    }

    /// Records what became of a job; an accepted ticket is handed back, to be written with its round.
    async fn settle(&self, job: &Job, tracking: &str, next: Next) -> StoreResult<Option<Forwarded>> {
        let now = Utc::now();
        match next {
            Next::Forwarded(f) => return Ok(Some(f)),
            Next::Hold(ticket, reason) => {
                if self.store.hold_job(job.id, ticket, &reason).await? {
                    info!(ticket = %tracking, "ticket has no OPD: waiting for triage (kentongan tickets assign)");
                }
            }
            Next::Done => {
                metrics::counter!("kentongan_forward_total", "result" => "ok").increment(1);
                self.store.complete_job(job.id, now).await?;
            }
            Next::RetryAt(at, reason) => {
                metrics::counter!("kentongan_forward_total", "result" => "retry").increment(1);
                self.store.fail_job(job.id, &reason, Some(at)).await?;
            }
            Next::Dead(reason) => {
                metrics::counter!("kentongan_forward_total", "result" => "dead").increment(1);
                warn!(ticket = %tracking, reason = %reason, "forward dead-lettered; see kentongan tickets list --state dead");
                self.store.fail_job(job.id, &reason, None).await?;
            }
        }
        Ok(None)
    }

    /// One try: resume a pending token, or download media and create the ticket centrally.
    async fn attempt(&self, job: &Job, input: &ForwardInput) -> Next {
        let (central, record) = (&input.central, &input.record);
        if central.central_id.is_some() {
            return Next::Done;
        }
        if record.ticket.opd_code.is_none() {
            return Next::Hold(record.ticket.id, "waiting for triage: no OPD chosen".into());
        }
        if let Some(token) = &central.token {
            return match self.api.resolve_token(token).await {
                Ok(Some(central_id)) => self.forwarded(job, input, &central_id, None, Vec::new()),
                Ok(None) => self.retry(
                    job,
                    ForwardError::Retryable {
                        reason: "token pending".into(),
                        retry_after: Some(TOKEN_RECHECK),
                        maybe_delivered: false,
                    },
                ),
                Err(e) => self.failed(job, e),
            };
        }
        let photos = match self.media.ensure_rows(record, &input.media).await {
            Ok(p) => p,
            Err(e) => return self.retry(job, ForwardError::retryable(format!("media download: {e}"))),
        };
        let service_code = record.ticket.opd_code.as_ref().and_then(|c| self.service_codes.get(c)).cloned();
        let mut ticket = super::build::forward_ticket(
            &self.channels,
            record,
            service_code,
            photos.attachments,
            self.endpoint_private,
        );
        let withheld = record.ticket.confidential && !self.endpoint_private;
        if photos.left_out > 0 && !withheld {
            ticket.description.push_str(&super::build::photos_left_out_note(photos.left_out));
        }
        // A server that ignores Idempotency-Key may already hold an earlier attempt that may have reached it (a
        // timeout, a 500, a crash after the call): look before sending again. A failed look does not stop the
        // create; the later check for duplicates reports what it finds.
        if !self.api.idempotent_create() && central.uncertain_since.is_some() {
            let since = record.ticket.created_at - chrono::Duration::hours(1);
            if let Ok(mut ids) = self.api.find_existing(&ticket, since).await
                && !ids.is_empty()
            {
                // Numeric IDs in numeric order: the oldest request is the one kept.
                ids.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
                let kept = ids.remove(0);
                return self.forwarded(job, input, &kept, None, ids);
            }
        }
        match self.api.create(&ticket).await {
            Ok(Created::Done { central_id, tracking_url }) => {
                self.health.answered();
                self.forwarded(job, input, &central_id, tracking_url.as_deref(), Vec::new())
            }
            Ok(Created::Pending { token }) => {
                self.health.answered();
                match self.store.record_token(record.ticket.id, &token).await {
                    Ok(()) => self.retry(
                        job,
                        ForwardError::Retryable {
                            reason: "token pending".into(),
                            retry_after: Some(TOKEN_RECHECK),
                            maybe_delivered: false,
                        },
                    ),
                    Err(e) => self.retry(job, ForwardError::retryable(format!("store: {e}"))),
                }
            }
            Err(e) => {
                if e.maybe_delivered()
                    && !self.api.idempotent_create()
                    && let Err(store) = self.store.mark_create_uncertain(record.ticket.id, Utc::now()).await
                {
                    return self.retry(job, ForwardError::retryable(format!("store: {store}")));
                }
                self.failed(job, e)
            }
        }
    }

    /// A failed call: the health state hears of it, the job is retried or dead-lettered.
    fn failed(&self, job: &Job, e: ForwardError) -> Next {
        if is_outage(&e) {
            self.health.failed(&e.to_string());
        } else {
            self.health.answered();
        }
        self.retry(job, e)
    }

    fn forwarded(
        &self,
        job: &Job,
        input: &ForwardInput,
        central_id: &str,
        tracking_url: Option<&str>,
        orphans: Vec<String>,
    ) -> Next {
        let now = Utc::now();
        let record = &input.record;
        let repeat = !self.api.idempotent_create() && input.central.uncertain_since.is_some();
        let recheck = chrono::Duration::from_std(self.orphan_recheck).unwrap_or(chrono::Duration::minutes(2));
        Next::Forwarded(Forwarded {
            id: record.ticket.id,
            tracking_id: record.ticket.tracking_id.clone(),
            central_id: central_id.to_owned(),
            tracking_url: tracking_url.map(str::to_owned),
            first_poll: now + self.first_poll,
            done_job: Some(job.id),
            orphan_check_at: repeat.then(|| now + recheck),
            orphans,
            opd_code: record.ticket.opd_code.clone(),
            channel: record.ticket.reporter.channel.as_str(),
        })
    }

    /// Backoff with jitter, the server's Retry-After, and the retry budget.
    fn retry(&self, job: &Job, err: ForwardError) -> Next {
        let now = Utc::now();
        match err {
            ForwardError::Permanent { reason } => Next::Dead(reason),
            ForwardError::Retryable { reason, retry_after, .. } => {
                let spent = (now - job.budget_from).to_std().unwrap_or_default();
                if spent >= self.budget {
                    return Next::Dead(format!("retry budget spent; last error: {reason}"));
                }
                // A server's Retry-After is honoured up to an hour: a huge value must not park the ticket
                // past its budget, nor overflow the clock.
                let wait = retry_after
                    .map(|r| r.min(Duration::from_secs(3600)))
                    .unwrap_or_else(|| backoff_with_jitter(self.initial_backoff, job.attempts, &mut rand::rng()));
                let wait = chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1));
                Next::RetryAt(now + wait, reason)
            }
        }
    }

    async fn refresh_dead_gauge(&self) {
        super::refresh_gauges(self.store.as_ref()).await;
    }
}

/// The operator's line per forwarded ticket: no personal data.
fn log_forwarded(f: &Forwarded) {
    info!(ticket = %f.tracking_id, opd = f.opd_code.as_deref().unwrap_or("-"), channel = f.channel,
        central.id = %f.central_id, "ticket forwarded");
}

/// The ticket a forward job is for.
fn ticket_id(job: &Job) -> Option<Uuid> {
    ForwardTicket::from_row(job).ok().map(|f| f.ticket_id)
}

/// `initial` doubling per attempt, capped at an hour, scaled by a random factor in [0.5, 1.0]
/// so a thousand tickets that failed together do not retry together.
pub fn backoff_with_jitter(initial: Duration, attempts: i64, rng: &mut impl Rng) -> Duration {
    let exp = attempts.clamp(1, 20) as u32 - 1;
    let base = initial.saturating_mul(2u32.saturating_pow(exp)).min(Duration::from_secs(3600));
    base.mul_f64(rng.random_range(0.5..=1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn backoff_grows_from_seconds_to_at_most_an_hour_with_jitter() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let first = backoff_with_jitter(Duration::from_secs(2), 1, &mut rng);
        assert!(first >= Duration::from_secs(1) && first <= Duration::from_secs(2), "{first:?}");
        let fifth = backoff_with_jitter(Duration::from_secs(2), 5, &mut rng);
        assert!(fifth >= Duration::from_secs(16) && fifth <= Duration::from_secs(32), "{fifth:?}");
        for attempts in [12, 20, 1000] {
            let late = backoff_with_jitter(Duration::from_secs(2), attempts, &mut rng);
            assert!(late >= Duration::from_secs(1800) && late <= Duration::from_secs(3600), "{late:?}");
        }
        let spread: std::collections::BTreeSet<_> =
            (0..20).map(|_| backoff_with_jitter(Duration::from_secs(2), 6, &mut rng)).collect();
        assert!(spread.len() > 10, "jitter spreads retries");
    }
}
