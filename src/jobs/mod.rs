//! Every kind of outbox job, as a type: its kind name, its dedupe key and its serde payload. Workers
//! encode and decode these types; the store keeps rows (`NewJob`, `Job`) and reads no payload field.
//! crates.io's `BackgroundJob` is the model: the kind name is a constant of the payload's type.

mod kinds;
mod row;

pub use kinds::{DigestItem, ForwardTicket, SmsDigest, StatusChanged};
pub use row::{Job, NewJob, Priority};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// One kind of outbox job. The payload is the type itself, stored as JSON; decoding an existing row
/// must keep working, so a field is only ever added with `#[serde(default)]` (or with a migration).
pub trait BackgroundJob: Serialize + DeserializeOwned {
    /// The `outbox.kind` every job of this type is stored under.
    const KIND: &'static str;

    /// One job per key: enqueuing the same key twice is a no-op.
    fn dedupe_key(&self) -> String;

    /// Lower runs first.
    fn priority(&self) -> i32 {
        0
    }

    /// The row that runs this job at `run_at`.
    fn to_row(&self, run_at: DateTime<Utc>) -> NewJob {
        NewJob {
            kind: Self::KIND.into(),
            dedupe_key: self.dedupe_key(),
            payload: serde_json::to_value(self).unwrap_or_default(),
            priority: self.priority(),
            run_at,
        }
    }

    /// The job a claimed row carries.
    fn from_row(job: &Job) -> Result<Self, serde_json::Error> {
        Self::from_payload(&job.payload)
    }

    /// The job a stored payload carries (operators' listings read rows without claiming them).
    fn from_payload(payload: &serde_json::Value) -> Result<Self, serde_json::Error> {
        Self::deserialize(payload)
    }
}
