//! Channel adapters: they verify, parse the wire format into an [`InboundEvent`](crate::store::InboundEvent),
//! and render outbound replies. No business rules live here.

pub mod clock;
pub mod sms;
pub mod telegram;
pub mod whatsapp;
