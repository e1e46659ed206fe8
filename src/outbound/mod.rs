//! Every message to a citizen is an outbox job: enqueued with the state change that caused it,
//! sent by a worker, retried on failure. One job per dedupe key; a send the provider confirmed is never
//! repeated, and only a crash between a send and its record can repeat one (`record` says how).

mod bell;
mod lane;
mod record;
mod retry;
mod worker;

pub use bell::SendBell;
pub use retry::backoff;
pub use worker::SendWorker;

pub use crate::channel::job;
pub use crate::channel::{OutboundMessage, SendError};
pub use crate::jobs::Priority;
