//! The status poller, for central APIs without callbacks (Open311): asks about forwarded open
//! tickets on a schedule that slows down as a ticket ages, in batches, under a request-rate cap.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use kentongan_central::CentralApi;
use tokio::sync::{Notify, watch};
use tracing::{debug, warn};

use crate::domain::TicketStatus;
use crate::store::{CentralUpdate, PollTarget, Store, UpdateOutcome};

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

pub struct Poller {
    pub store: Arc<dyn Store>,
    pub api: Arc<dyn CentralApi>,
    pub map: BTreeMap<String, TicketStatus>,
    pub schedule: PollSchedule,
    pub max_per_sec: f64,
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
            let pause = if polled > 0 { Duration::ZERO } else { Duration::from_secs(5) };
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = shutdown.changed() => return,
            }
        }
    }

    /// Polls one batch of due tickets, never faster than `max_per_sec`; returns how many.
    pub async fn round(&self) -> anyhow::Result<usize> {
        let due = self.store.due_polls(Utc::now(), 50).await?;
        let gap = Duration::from_secs_f64(1.0 / self.max_per_sec);
        for (i, target) in due.iter().enumerate() {
            if i > 0 {
                tokio::time::sleep(gap).await;
            }
            self.poll_one(target).await?;
        }
        Ok(due.len())
    }

    async fn poll_one(&self, target: &PollTarget) -> anyhow::Result<()> {
        let now = Utc::now();
        let age = (now - target.created_at).to_std().unwrap_or_default();
        let mut next: Option<DateTime<Utc>> = Some(now + self.schedule.interval(age));
        match self.api.status(&target.central_id).await {
            Ok(central) => match super::lookup_status(&self.map, &central.status) {
                Some(status) => {
                    let update = CentralUpdate {
                        central_id: target.central_id.clone(),
                        status,
                        note: central.response_text.clone().filter(|n| !n.trim().is_empty()),
                        central_updated_at: central.updated_at.map(crate::store::central_time).unwrap_or_else(|| {
                            format!("{}|{}", central.status, central.response_text.unwrap_or_default().len())
                        }),
                        source: "poll",
                        now,
                    };
                    if self.store.record_central_update(&update).await? == UpdateOutcome::Changed {
                        self.wake_notify.notify_one();
                    }
                    if status.is_final() {
                        next = None;
                    }
                }
                None => warn!(ticket.id = %target.ticket_id, "central status word not in central.status_map"),
            },
            Err(e) => debug!(ticket.id = %target.ticket_id, error = %e, "status poll failed; will ask again later"),
        }
        self.store.schedule_poll(target.ticket_id, next).await?;
        Ok(())
    }
}
