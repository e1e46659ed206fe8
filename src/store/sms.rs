//! What the SMS channel needs from the store: a reporter's own phone, the daily push cap with its
//! digest, and delivery reports.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use super::{NewJob, StoreResult};
use crate::domain::Address;

/// One status change on its way to an SMS reporter.
#[derive(Debug, Clone, PartialEq)]
pub struct SmsPush {
    /// The notify job this push finishes.
    pub notify_job: i64,
    /// E.164 number the cap is counted for.
    pub phone: String,
    /// The reporter's local day.
    pub day: NaiveDate,
    /// Pushes allowed per day; further ones fold into `digest`.
    pub cap: u32,
    /// The send jobs (one per SMS part), written when under the cap.
    pub send: Vec<NewJob>,
    /// The day's digest job, created by the first folded change; later ones append `item` to its
    /// `items` array while it is still pending.
    pub digest: NewJob,
    pub item: serde_json::Value,
    pub now: DateTime<Utc>,
}

/// What [`SmsStore::push_sms`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushOutcome {
    Sent,
    Folded,
    /// The notify job was no longer ours (its lease ran out and another run finished it): nothing done.
    AlreadyDone,
}

/// Where a sent SMS stands, as its provider last reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    Queued,
    Sent,
    Delivered,
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Queued => "queued",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "queued" => DeliveryStatus::Queued,
            "sent" => DeliveryStatus::Sent,
            "delivered" => DeliveryStatus::Delivered,
            "failed" => DeliveryStatus::Failed,
            _ => return None,
        })
    }

    /// Delivered and failed are final: no later report changes them.
    pub fn is_final(self) -> bool {
        matches!(self, DeliveryStatus::Delivered | DeliveryStatus::Failed)
    }
}

/// A delivery report for one part of one send job.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryReport {
    pub job_id: i64,
    pub part: i64,
    pub provider: String,
    pub status: DeliveryStatus,
    /// The provider's reason for a failure, when it gives one.
    pub detail: Option<String>,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait SmsStore {
    /// The reporter's own phone number (E.164), if they shared it.
    async fn own_phone(&self, address: &Address) -> StoreResult<Option<String>>;
    /// Finishes a notify job with one SMS, or past the daily cap folds it into the digest: one transaction.
    async fn push_sms(&self, push: &SmsPush) -> StoreResult<PushOutcome>;
    /// Records a delivery report; the first final state (delivered or failed) is kept, so neither a late
    /// "sent" nor a replayed old report changes it. False when no outbox job of `job_kind` (the
    /// provider's send kind) has the id — a reference we never issued: nothing is written.
    async fn record_delivery(&self, report: &DeliveryReport, job_kind: &str) -> StoreResult<bool>;
    /// Delivery reports of one send job, by part.
    async fn deliveries(&self, job_id: i64) -> StoreResult<Vec<DeliveryReport>>;
}
