//! Prometheus metrics: one recorder per process, rendered at `/metrics`, and the catalogue of every metric
//! the gateway records, described and registered at zero at start so `/metrics` lists them all before the
//! first event (an alert on `rate(...)` needs the series to exist).

use std::sync::OnceLock;

use axum::extract::State;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use super::HttpState;
use crate::store::DeliveryStatus;

/// Installs the global recorder once (tests start many apps in one process) and returns its handle.
pub fn handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &buckets)
                .expect("static bucket list is not empty")
                .build_recorder();
            let handle = recorder.handle();
            // Another recorder may already be installed (embedding); then ours still renders its own view.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

pub async fn render(State(state): State<HttpState>) -> String {
    state.metrics.render()
}

const FORWARD_RESULTS: [&str; 3] = ["ok", "retry", "dead"];
const SMS_IGNORED: [&str; 2] = ["sender", "flood"];
const SMS_DELIVERY: [DeliveryStatus; 4] =
    [DeliveryStatus::Queued, DeliveryStatus::Sent, DeliveryStatus::Delivered, DeliveryStatus::Failed];

/// What this process runs, for the label values its metrics start with.
pub struct Running {
    /// Channels whose counters start at zero: the ones that reach the gateway over HTTP.
    pub channels: Vec<&'static str>,
    /// Outbox kinds of the send workers (`send.telegram`, `send.sms.android`, …).
    pub send_kinds: Vec<String>,
    /// Enabled SMS providers.
    pub sms_providers: Vec<&'static str>,
    /// Whether a central adapter is configured.
    pub central: bool,
}

/// Describes every metric and registers it at zero. Counters get `+0`, so a second app in one process
/// (tests) never resets them.
pub fn describe_and_zero(running: &Running) {
    use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};

    describe_counter!("kentongan_inbound_total", "Inbound events stored, per channel (duplicates not counted).");
    describe_counter!("kentongan_inbound_duplicates_total", "Re-delivered inbound events acknowledged and ignored.");
    describe_counter!("kentongan_replies_sent_total", "Messages a channel accepted from us.");
    describe_counter!("kentongan_tickets_created_total", "Tickets filed, per channel.");
    describe_histogram!(
        "kentongan_handling_seconds",
        metrics::Unit::Seconds,
        "From an event's arrival to its step being committed."
    );
    describe_counter!(
        "kentongan_send_rate_limited_total",
        "Sends refused with a rate limit (Telegram 429), per channel and scope (chat or bot)."
    );
    describe_gauge!("kentongan_send_rate", "The send pace a worker keeps now (lowered after a bot-wide 429).");
    describe_counter!(
        "kentongan_send_maybe_repeated_total",
        "Messages sent again after a crash between their send and its record."
    );
    describe_counter!("kentongan_inbound_dead_total", "Inbound events that kept failing and became dead letters.");
    describe_counter!("kentongan_unreachable_total", "Recipients found unreachable (blocked the bot).");
    describe_gauge!("kentongan_send_queue", "Messages waiting in a send worker's pacer, per kind and class.");
    describe_counter!(
        "kentongan_delivery_reports_total",
        "Delivery reports a chat channel sent about our messages, per channel and status."
    );
    describe_counter!(
        "kentongan_delivery_unknown_total",
        "Delivery reports about messages we have no record of (ignored), per channel."
    );
    for &channel in &running.channels {
        for status in ["sent", "delivered", "failed"] {
            counter!("kentongan_delivery_reports_total", "channel" => channel, "status" => status).increment(0);
        }
        counter!("kentongan_delivery_unknown_total", "channel" => channel).increment(0);
        counter!("kentongan_inbound_total", "channel" => channel).increment(0);
        counter!("kentongan_inbound_duplicates_total", "channel" => channel).increment(0);
        counter!("kentongan_replies_sent_total", "channel" => channel).increment(0);
        counter!("kentongan_tickets_created_total", "channel" => channel).increment(0);
        for scope in ["chat", "bot"] {
            counter!("kentongan_send_rate_limited_total", "channel" => channel, "scope" => scope).increment(0);
        }
        counter!("kentongan_inbound_dead_total", "channel" => channel).increment(0);
        counter!("kentongan_unreachable_total", "channel" => channel).increment(0);
        // Registering is enough: an empty histogram renders with zero counts.
        let _ = histogram!("kentongan_handling_seconds", "channel" => channel);
    }
    for kind in &running.send_kinds {
        counter!("kentongan_send_maybe_repeated_total", "kind" => kind.clone()).increment(0);
        for class in kentongan_pace::Class::ALL {
            gauge!("kentongan_send_queue", "kind" => kind.clone(), "class" => format!("{class:?}")).increment(0.0);
        }
    }
    forwarding(running.central);
    sms(&running.sms_providers);
}

fn forwarding(central: bool) {
    use metrics::{counter, describe_counter, describe_gauge, gauge};

    describe_counter!("kentongan_forward_total", "Forward attempts to the central API, per result.");
    describe_gauge!("kentongan_forward_dead", "Tickets whose forwarding is a dead letter.");
    describe_gauge!("kentongan_forward_pending", "Tickets waiting to be forwarded.");
    describe_gauge!(
        "kentongan_central_up",
        "1 while the central API answers; 0 while it does not, or when central.adapter is none."
    );
    describe_counter!(
        "kentongan_poll_refused_total",
        "Status polls the central API answered with a refusal (a 404, say)."
    );
    for result in FORWARD_RESULTS {
        counter!("kentongan_forward_total", "result" => result).increment(0);
    }
    counter!("kentongan_poll_refused_total").increment(0);
    // The forward worker and poller start assuming the central API answers (`CentralHealth`).
    gauge!("kentongan_central_up").set(if central { 1.0 } else { 0.0 });
    gauge!("kentongan_forward_dead").increment(0.0);
    gauge!("kentongan_forward_pending").increment(0.0);
}

fn sms(providers: &[&'static str]) {
    use metrics::{counter, describe_counter};

    describe_counter!("kentongan_sms_split_total", "Replies too long for one SMS, sent in parts.");
    describe_counter!("kentongan_sms_ignored_total", "Inbound SMS acknowledged and ignored, per reason.");
    describe_counter!("kentongan_sms_delivery_total", "Delivery reports, per provider and status.");
    for &provider in providers {
        counter!("kentongan_sms_split_total", "provider" => provider).increment(0);
        for reason in SMS_IGNORED {
            counter!("kentongan_sms_ignored_total", "provider" => provider, "reason" => reason).increment(0);
        }
        for status in SMS_DELIVERY {
            counter!("kentongan_sms_delivery_total", "provider" => provider, "status" => status.as_str()).increment(0);
        }
    }
}
