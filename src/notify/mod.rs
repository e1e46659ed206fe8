//! Telling reporters what happened to their ticket: each status change becomes one message in the
//! reporter's language on the channel they used, sent through the outbox at status-push priority.
//! SMS reporters get at most `sms.daily_push_cap` such SMS a day; the rest fold into a next-morning
//! digest. A Telegram reporter whose chat is unreachable gets SMS when they shared their own number.

mod digest;
mod worker;

pub use digest::SmsPolicy;
pub use worker::NotifyWorker;
