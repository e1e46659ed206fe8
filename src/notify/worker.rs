//! The notify worker: claims status-change jobs and digests and hands each over to the outbox.

use std::sync::Arc;

use chrono::Utc;
use kentongan_dialog::{Dialogs, Lang};
use tokio::sync::{Notify, watch};
use tracing::info;

use super::digest::SmsPolicy;
use crate::domain::{Address, Channel};
use crate::jobs::{BackgroundJob, DigestItem, SmsDigest, StatusChanged};
use crate::outbound::{OutboundMessage, Priority};
use crate::store::{Job, Store};

pub struct NotifyWorker {
    pub store: Arc<dyn Store>,
    /// How a push looks on the reporter's channel.
    pub channels: crate::channel::Channels,
    pub dialogs: Arc<Dialogs>,
    pub wake: Arc<Notify>,
    pub wake_sender: crate::outbound::SendBell,
    pub sms: SmsPolicy,
}

impl NotifyWorker {
    pub async fn run(self, shutdown: watch::Receiver<bool>) {
        crate::rounds::run_rounds("notify", &self.wake, shutdown, || self.round()).await;
    }

    pub async fn round(&self) -> anyhow::Result<usize> {
        let now = Utc::now();
        let lease = now + chrono::Duration::seconds(60);
        let jobs = self.store.claim_jobs(StatusChanged::KIND, 64, now, lease).await?;
        for job in &jobs {
            self.handle(job).await?;
        }
        let digests = self.store.claim_jobs(SmsDigest::KIND, 64, now, lease).await?;
        for job in &digests {
            self.sms.send_digest(self.store.as_ref(), &self.dialogs, &self.channels, job, now).await?;
        }
        let handled = jobs.len() + digests.len();
        if handled > 0 {
            self.wake_sender.ring_all();
        }
        Ok(handled)
    }

    /// Renders the message and hands it to the outbox in one step; a job is never half done.
    async fn handle(&self, job: &Job) -> anyhow::Result<()> {
        let now = Utc::now();
        let Ok(p) = StatusChanged::from_row(job) else {
            return Ok(self.store.fail_job(job.id, "unreadable notify payload", None).await?);
        };
        let Some(record) = self.store.ticket_by_id(p.ticket_id).await? else {
            return Ok(self.store.fail_job(job.id, "ticket not found", None).await?);
        };
        let Some((to, via)) = self.recipient(&record.ticket.reporter, record.ticket.via.clone()).await? else {
            info!(ticket.id = %p.ticket_id, channel = %record.ticket.reporter.channel, "reporter unreachable; status push skipped");
            return Ok(self.store.hand_over(Some(job.id), &[], now).await?);
        };
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
        let mut msg: OutboundMessage = self.channels.render(&self.dialogs, &to, via.as_deref(), &reply, lang);
        if self.channels.get(to.channel).falls_back_to_sms() {
            // The change this push tells of: a transport that cannot deliver free text (WhatsApp outside
            // its 24-hour window) builds its template from it; and should the push find the chat
            // unreachable, it comes back here and is routed by SMS when a provider and a number exist.
            msg.reroute = Some(p.clone());
        }
        let send = self.channels.jobs(&msg, format!("push:{}", job.dedupe_key), Priority::StatusPush, now);
        if to.channel == Channel::Sms {
            let item = DigestItem { id: id.clone(), status: p.status.clone() };
            let outcome = self.sms.push(self.store.as_ref(), job, &to, via.as_deref(), lang, send, item, now).await?;
            info!(ticket.id = %p.ticket_id, outcome = ?outcome, "status push by sms");
            return Ok(());
        }
        Ok(self.store.hand_over(Some(job.id), &send, now).await?)
    }

    /// Where a push goes: the reporter's own channel, or — when their chat is unreachable, their channel
    /// falls back to SMS (a chat app: `ChannelAdapter::falls_back_to_sms`) and their address is a number
    /// or they shared their own — SMS through the default provider. `None` when nobody can be reached.
    async fn recipient(
        &self,
        reporter: &Address,
        via: Option<String>,
    ) -> anyhow::Result<Option<(Address, Option<String>)>> {
        if !self.store.is_unreachable(reporter).await? {
            // A provider that has since been switched off has no send worker: use the default one.
            let via = via.filter(|v| self.sms.enabled.contains(v)).or(self.sms.default_provider.clone());
            let via = if reporter.channel == Channel::Sms { via } else { None };
            return Ok(Some((reporter.clone(), via)));
        }
        if !self.channels.get(reporter.channel).falls_back_to_sms() || self.sms.default_provider.is_none() {
            return Ok(None);
        }
        // An address that is a number (WhatsApp) is the number; else the one they shared.
        let phone = match self.channels.phone(reporter) {
            Some(phone) => Some(phone),
            None => self.store.own_phone(reporter).await?,
        };
        Ok(phone.map(|p| (Address::new(Channel::Sms, p), self.sms.default_provider.clone())))
    }
}
