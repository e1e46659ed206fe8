//! The jobs that go with a new ticket. (Replies are rendered by the recipient's channel: `channel::Channels`.)

use chrono::{DateTime, Utc};

use crate::jobs::{BackgroundJob, ForwardTicket};
use crate::store::{NewJob, NewTicket};

/// The jobs written in the same transaction as a new ticket: a ticket never exists without its forward job.
pub fn ticket_jobs(ticket: &NewTicket, now: DateTime<Utc>) -> Vec<NewJob> {
    vec![ForwardTicket { ticket_id: ticket.id }.to_row(now)]
}
