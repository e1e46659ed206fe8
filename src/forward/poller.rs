//! The status poller, for central APIs without callbacks (Open311): asks about forwarded open
//! tickets on a schedule that slows down as a ticket ages, in batches, under a request-rate cap.
//! A ticket stays on the schedule until the central side says it is final — a failed call, an unknown
//! word or a stale answer never drops it. The same rate cap covers the look for duplicate requests
//! after a create that may have been repeated (`OrphanCheck`).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use kentongan_central::{CentralApi, ForwardError};
use tokio::sync::{Notify, watch};
use tracing::{debug, info, warn};

use super::health::{CentralHealth, is_outage};
use super::observe::{self, Outcome, Report, Rules, Source, Verdict};
use crate::domain::TicketStatus;
use crate::store::{OrphanCheck, PollTarget, Store};

/// Poll intervals by ticket age.
#[derive(Debug, Clone, Copy)]
pub struct PollSchedule {
    pub young: Duration,
    pub week: Duration,
    pub old: Duration,
}

impl PollSchedule {
    /// Younger than a day: `young`; up to a week: `week`; older: `old`.
    pub fn interval(&self, age: Duration) -> Duration {
        match age.as_secs() {
            s if s < 86_400 => self.young,
            s if s < 7 * 86_400 => self.week,
            _ => self.old,
        }
    }
}

/// How many failed looks for duplicates before the ticket is recorded as unchecked.
const ORPHAN_LOOKS: i64 = 5;
/// Status requests in flight at once; their starts are paced by `max_per_sec`.
const IN_FLIGHT: usize = 8;

/// Start times at most `per_sec` apart on average, across rounds and overlapping calls: each caller
/// reserves the next free slot.
#[derive(Debug)]
pub struct Pacer {
    gap: Duration,
    next: std::sync::Mutex<tokio::time::Instant>,
}

impl Pacer {
    pub fn new(per_sec: f64) -> Self {
        let gap = Duration::from_secs_f64(1.0 / per_sec.max(0.001));
        Pacer { gap, next: std::sync::Mutex::new(tokio::time::Instant::now()) }
    }

    /// Waits for this caller's slot.
    pub async fn slot(&self) {
        let at = {
            let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
            let at = (*next).max(tokio::time::Instant::now());
            *next = at + self.gap;
            at
        };
        tokio::time::sleep_until(at).await;
    }
}

pub struct Poller {
    pub store: Arc<dyn Store>,
    /// Whether a reporter's address is a phone number (the ticket looked for is built as forwarded).
    pub channels: crate::channel::Channels,
    pub api: Arc<dyn CentralApi>,
    pub map: BTreeMap<String, TicketStatus>,
    pub rules: Rules,
    pub schedule: PollSchedule,
    /// Paces every central request of the poller (`central.poll_max_per_sec`).
    pub pacer: Pacer,
    /// OPD code → Open311 service code, to look for duplicate requests.
    pub service_codes: BTreeMap<String, String>,
    pub health: Arc<CentralHealth>,
    /// Wakes the notify worker after a change.
    pub wake_notify: Arc<Notify>,
}

impl Poller {
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            let polled = self.round().await.unwrap_or_else(|e| {
                warn!(error = %e, "poll round failed");
                0
            });
            let pause = if polled > 0 { Duration::ZERO } else { Duration::from_secs(1) };
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = shutdown.changed() => return,
            }
        }
    }

    /// Polls one batch of due tickets and orphan checks, never faster than `max_per_sec`; returns how
    /// many. One ticket's failure is logged and does not end the round.
    pub async fn round(&self) -> anyhow::Result<usize> {
        let now = Utc::now();
        let due = self.store.due_polls(now, 50).await?;
        let checks = self.store.due_orphan_checks(now, 10).await.unwrap_or_else(|e| {
            warn!(error = %e, "reading due orphan checks failed; polling goes on");
            Vec::new()
        });
        // Calls overlap (a slow server must not cap us below the rate), but they start no faster than the
        // pacer allows, across rounds.
        let polls = futures_util::stream::iter(due.iter().cloned())
            .map(|target| async move {
                self.pacer.slot().await;
                if let Err(e) = self.poll_one(&target).await {
                    warn!(ticket.id = %target.ticket_id, error = %e, "recording a poll failed; asking again later");
                    let retry = Utc::now() + self.schedule.young;
                    self.store.schedule_poll(target.ticket_id, Some(retry)).await.ok();
                }
            })
            .buffer_unordered(IN_FLIGHT);
        polls.collect::<Vec<()>>().await;
        for check in &checks {
            self.pacer.slot().await;
            if let Err(e) = self.check_orphans(check).await {
                warn!(ticket.id = %check.ticket_id, error = %e, "looking for duplicate central requests failed");
            }
        }
        Ok(due.len() + checks.len())
    }

    async fn poll_one(&self, target: &PollTarget) -> anyhow::Result<()> {
        let asked_at = Utc::now();
        let age = (asked_at - target.created_at).to_std().unwrap_or_default();
        let mut next: Option<DateTime<Utc>> = Some(asked_at + self.schedule.interval(age));
        match self.api.status(&target.central_id).await {
            Ok(central) => {
                self.health.answered();
                match super::lookup_status(&self.map, &central.status) {
                    Some(status) => {
                        let report = Report {
                            word: central.status.clone(),
                            status,
                            note: central.response_text.clone(),
                            agency: central.agency.clone(),
                            central_at: central.updated_at,
                            source: Source::Poll { asked_at },
                            now: Utc::now(),
                        };
                        let outcome = observe::record(&self.store, &self.rules, &target.central_id, &report).await?;
                        if matches!(outcome, Outcome::Recorded(Verdict::Changed { .. })) {
                            self.wake_notify.notify_one();
                        }
                        // Final on the central side: nothing more will change. A stale answer says nothing.
                        if status.is_final() && !matches!(outcome, Outcome::Recorded(Verdict::Stale)) {
                            next = None;
                        }
                    }
                    None => {
                        warn!(ticket.id = %target.ticket_id, "central status word not in central.status_map; still polling")
                    }
                }
            }
            Err(e) => self.poll_failed(target, &e),
        }
        self.store.schedule_poll(target.ticket_id, next).await?;
        Ok(())
    }

    fn poll_failed(&self, target: &PollTarget, e: &ForwardError) {
        if is_outage(e) {
            self.health.failed(&e.to_string());
            return;
        }
        self.health.answered();
        metrics::counter!("kentongan_poll_refused_total").increment(1);
        let reason = e.to_string();
        // 401/403: the credentials are wrong for every ticket — the operator must hear of it (once).
        // A 404 while a moderated server hides the request is normal: the ticket waits.
        if reason.contains("HTTP 401") || reason.contains("HTTP 403") {
            static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
            if !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed) {
                warn!(reason = %reason, "the central API refuses status requests; check central.api_key");
            }
        } else {
            debug!(ticket.id = %target.ticket_id, error = %e, "status poll refused; will ask again later");
        }
    }

    /// Looks for requests the server holds for this ticket besides ours (an earlier attempt that
    /// reached it late); what it finds, or that it could not look, is kept for the operator.
    async fn check_orphans(&self, check: &OrphanCheck) -> anyhow::Result<()> {
        let Some(record) = self.store.ticket_by_id(check.ticket_id).await? else { return Ok(()) };
        let service_code = record.ticket.opd_code.as_ref().and_then(|c| self.service_codes.get(c)).cloned();
        let ticket = super::build::forward_ticket(&self.channels, &record, service_code, Vec::new(), true);
        let since = check.created_at - chrono::Duration::hours(1);
        // A listing is a heavy request on a big server: its failures back off and end in an "unchecked"
        // record, and are not taken as the central API being down.
        let found = match self.api.find_existing(&ticket, since).await {
            Ok(ids) => ids
                .into_iter()
                .filter(|id| *id != check.central_id)
                .map(|id| (Some(id), "found after forwarding: an earlier attempt reached the server".to_string()))
                .collect::<Vec<_>>(),
            Err(e) if is_outage(&e) && check.failed_looks + 1 < ORPHAN_LOOKS => {
                // 1, 2, 4, 8 minutes.
                let wait = chrono::Duration::minutes(1i64 << check.failed_looks.clamp(0, 10));
                self.store.postpone_orphan_check(check.ticket_id, Utc::now() + wait).await?;
                return Ok(());
            }
            Err(e) if is_outage(&e) => {
                vec![(None, format!("could not look for duplicates after {ORPHAN_LOOKS} tries: {e}"))]
            }
            Err(e) => vec![(None, format!("could not look for duplicates: {e}"))],
        };
        if !found.is_empty() {
            warn!(ticket = %record.ticket.tracking_id, duplicates = found.len(), "the central server may hold a duplicate of this ticket; see `kentongan tickets list --state orphan`");
        } else {
            info!(ticket = %record.ticket.tracking_id, "no duplicate central request found");
        }
        self.store.record_orphans(check.ticket_id, &found, Utc::now()).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_pacer_spaces_starts_across_rounds_and_overlapping_callers() {
        let pacer = std::sync::Arc::new(Pacer::new(50.0));
        let start = tokio::time::Instant::now();
        // Two "rounds" of five overlapping callers each.
        let mut at = Vec::new();
        for _ in 0..2 {
            let calls = (0..5).map(|_| {
                let p = pacer.clone();
                async move {
                    p.slot().await;
                    tokio::time::Instant::now() - start
                }
            });
            at.extend(futures_util::future::join_all(calls).await);
        }
        at.sort();
        // Timers fire late, never early: the k-th start is no earlier than k slots of 20 ms.
        for (k, t) in at.iter().enumerate() {
            assert!(*t >= Duration::from_millis(20 * k as u64), "start {k} at {t:?}: {at:?}");
        }
    }
}
