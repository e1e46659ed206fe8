//! Domain types shared by every room: parsed once at the edge, trusted everywhere after.

mod channel;
mod status;
mod tracking_id;

pub use channel::{Address, Channel};
pub use status::TicketStatus;
pub use tracking_id::{TrackingId, TrackingIdError};
