//! Every message to a citizen is an outbox job: enqueued with the state change that caused it,
//! sent by a worker, retried on failure. One job per dedupe key; a send the provider confirmed is never
//! repeated, and only a crash between a send and its record can repeat one (`record` says how).

mod bell;
mod lane;
mod record;
mod worker;

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use bell::SendBell;
pub use worker::{SendWorker, Senders, backoff};

use crate::domain::{Address, Channel};
use crate::store::NewJob;

/// One message to one recipient, already in their language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboundMessage {
    pub to: Address,
    pub text: String,
    /// Answer buttons (Telegram) or numbered options (SMS, already inside `text` there).
    pub options: Vec<String>,
    /// Label of a "share my location" button, when the step asks for a place.
    pub location_button: Option<String>,
    /// The SMS provider to send through (`android`, `kannel`, …); `None` for other channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// For a status push: the notify job's payload, queued again when the recipient turns out to be
    /// unreachable, so the change can reach them another way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reroute: Option<serde_json::Value>,
}

/// Delivery classes in the order they are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    /// A reply inside a conversation: the citizen is waiting.
    DialogReply = 0,
    /// A message to an OPD admin about a new report.
    AdminPing = 1,
    /// A status change of a ticket, pushed to its reporter.
    StatusPush = 2,
    /// A periodic summary.
    Digest = 3,
}

/// Why a send failed, and what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub enum SendError {
    /// The provider as a whole asked us to wait (an SMS gateway's 429, or rejected credentials):
    /// every message through it pauses.
    RateLimited(Duration),
    /// A 429 whose answer does not say whose limit it was (Telegram's `retry_after`): the pacer
    /// judges whether only this chat or the whole bot pauses (`kentongan_pace::adapt`).
    TooManyRequests(Duration),
    /// The recipient cannot be reached (blocked the bot, deactivated): do not retry.
    Unreachable,
    /// A transient failure: retry after about this long.
    Retry(Duration),
    /// The provider refused the message itself: retrying will not help.
    Permanent(String),
}

/// The outbox kind of a message: one per channel, one per SMS provider (each has its own pace), and one
/// per CLI user so two terminals never mix.
pub fn job_kind(to: &Address, via: Option<&str>) -> String {
    match (to.channel, via) {
        (Channel::Cli, _) => format!("send.cli:{}", to.id),
        (Channel::Sms, Some(via)) => sms_kind(via),
        (other, _) => format!("send.{other}"),
    }
}

/// The outbox kind of SMS sent through provider `via`: each provider has its own send worker and pace.
pub fn sms_kind(via: &str) -> String {
    format!("send.sms.{via}")
}

/// An outbox job that sends `msg` once per `dedupe_key`.
pub fn job(msg: &OutboundMessage, dedupe_key: String, priority: Priority, now: DateTime<Utc>) -> NewJob {
    NewJob {
        kind: job_kind(&msg.to, msg.via.as_deref()),
        dedupe_key,
        payload: serde_json::to_value(msg).unwrap_or_default(),
        priority: priority as i32,
        run_at: now,
    }
}

/// Most SMS one message may become; a longer text is cut to fit them.
pub const MAX_SMS_PARTS: usize = 3;

/// The jobs that send `msg`: one, or for an SMS that does not fit one SMS (a last resort, counted in
/// `kentongan_sms_split_total`) one job per "(1/2)" part, at most [`MAX_SMS_PARTS`]. Each part is its own
/// job, so it is paced like any SMS and a failed part is retried alone.
pub fn jobs(msg: &OutboundMessage, dedupe_key: String, priority: Priority, now: DateTime<Utc>) -> Vec<NewJob> {
    if msg.to.channel != Channel::Sms {
        return vec![job(msg, dedupe_key, priority, now)];
    }
    let parts = sms_parts(&msg.text);
    if parts.len() == 1 {
        return vec![job(msg, dedupe_key, priority, now)];
    }
    metrics::counter!("kentongan_sms_split_total", "provider" => msg.via.clone().unwrap_or_default()).increment(1);
    parts
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            job(&OutboundMessage { text, ..msg.clone() }, format!("{dedupe_key}#{}", i + 1), priority, now)
        })
        .collect()
}

/// `text` as SMS parts, cut (ending in "..") until it needs at most [`MAX_SMS_PARTS`].
fn sms_parts(text: &str) -> Vec<String> {
    let mut parts = kentongan_dialog::gsm7::split_sms(text);
    let mut keep = text.chars().count();
    while parts.len() > MAX_SMS_PARTS && keep > 0 {
        keep = keep.saturating_sub(keep / 10 + 1);
        let cut: String = text.chars().take(keep).collect();
        parts = kentongan_dialog::gsm7::split_sms(&format!("{}..", cut.trim_end()));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sms(text: &str) -> OutboundMessage {
        let to = Address::new(Channel::Sms, "+6281234567890");
        let via = Some("android".into());
        OutboundMessage { to, text: text.into(), options: vec![], location_button: None, via, reroute: None }
    }

    #[test]
    fn an_sms_that_fits_is_one_job_and_a_longer_one_is_one_job_per_part() {
        let now = Utc::now();
        assert_eq!(jobs(&sms("Laporan diterima."), "k".into(), Priority::StatusPush, now).len(), 1);
        let long = "Jalan sudah ditambal oleh tim DPUPR pada hari Senin. ".repeat(5);
        let parts = jobs(&sms(&long), "k".into(), Priority::StatusPush, now);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].dedupe_key, "k#1");
        assert!(parts[0].payload["text"].as_str().unwrap().starts_with("(1/2)"));
        assert!(parts.iter().all(|j| j.kind == "send.sms.android"));
    }

    #[test]
    fn a_very_long_sms_is_cut_to_three_parts() {
        let huge = "Tanggapan OPD yang sangat panjang sekali. ".repeat(100);
        let parts = jobs(&sms(&huge), "k".into(), Priority::StatusPush, Utc::now());
        assert_eq!(parts.len(), MAX_SMS_PARTS);
        for p in &parts {
            let text = p.payload["text"].as_str().unwrap();
            assert!(kentongan_dialog::gsm7::septets(text).is_some_and(|n| n <= 160), "{text}");
        }
        assert!(parts[2].payload["text"].as_str().unwrap().ends_with(".."));
    }
}
