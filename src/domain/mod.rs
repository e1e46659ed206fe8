//! Domain types shared by every room: parsed once at the edge, trusted everywhere after.

mod channel;
mod kind;
mod phone;
mod status;
mod tracking_id;

pub use channel::{Address, Channel};
pub use kind::ConversationKind;
pub use phone::{PhoneError, PhoneNumber};
pub use status::TicketStatus;
pub use tracking_id::{TrackingId, TrackingIdError};
