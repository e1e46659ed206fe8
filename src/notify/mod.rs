//! Telling reporters what happened to their ticket: each status change becomes one message in the
//! reporter's language on the channel they used, sent through the outbox at status-push priority.

use std::sync::Arc;

use chrono::Utc;
use kentongan_dialog::{Dialogs, Lang};
use serde::Deserialize;
use tokio::sync::{Notify, watch};
use tracing::info;
use uuid::Uuid;

use crate::outbound::{self, OutboundMessage, Priority};
use crate::store::{Job, NOTIFY_JOB, Store};

pub struct NotifyWorker {
    pub store: Arc<dyn Store>,
    pub dialogs: Arc<Dialogs>,
    pub wake: Arc<Notify>,
    pub wake_sender: Arc<Notify>,
}

#[derive(Deserialize)]
struct Payload {
    ticket_id: Uuid,
    status: String,
    note: Option<String>,
}

impl NotifyWorker {
    pub async fn run(self, shutdown: watch::Receiver<bool>) {
        crate::rounds::run_rounds("notify", &self.wake, shutdown, || self.round()).await;
    }

    pub async fn round(&self) -> anyhow::Result<usize> {
        let now = Utc::now();
        let jobs = self.store.claim_jobs(NOTIFY_JOB, 64, now, now + chrono::Duration::seconds(60)).await?;
        for job in &jobs {
            self.handle(job).await?;
        }
        if !jobs.is_empty() {
            self.wake_sender.notify_one();
        }
        Ok(jobs.len())
    }

    /// Renders the message and hands it to the outbox in one step; a job is never half done.
    async fn handle(&self, job: &Job) -> anyhow::Result<()> {
        let now = Utc::now();
        let Ok(p) = serde_json::from_value::<Payload>(job.payload.clone()) else {
            return Ok(self.store.fail_job(job.id, "unreadable notify payload", None).await?);
        };
        let Some(record) = self.store.ticket_by_id(p.ticket_id).await? else {
            return Ok(self.store.fail_job(job.id, "ticket not found", None).await?);
        };
        let to = record.ticket.reporter.clone();
        if self.store.is_unreachable(&to).await? {
            info!(ticket.id = %p.ticket_id, channel = %to.channel, "reporter unreachable; status push skipped");
            return Ok(self.store.hand_over(Some(job.id), &[], now).await?);
        }
        let lang = Lang::parse(&record.ticket.lang).unwrap_or_default();
        let label = self.dialogs.status_label(&p.status, lang);
        let id = &record.ticket.tracking_id;
        let text = match &p.note {
            Some(note) => {
                self.dialogs.message("status_changed_note", lang, &[("id", id), ("status", &label), ("note", note)])
            }
            None => self.dialogs.message("status_changed", lang, &[("id", id), ("status", &label)]),
        };
        let reply = kentongan_dialog::Reply { text, options: Vec::new(), ask_location: false };
        let msg: OutboundMessage = crate::inbox::render_outbound(&self.dialogs, &to, &reply, lang);
        let send = outbound::job(&msg, format!("push:{}", job.dedupe_key), Priority::StatusPush, now);
        Ok(self.store.hand_over(Some(job.id), &[send], now).await?)
    }
}
