//! Forwarding tickets to the central complaint API exactly once, and reading their status back:
//! the forward worker, photo download, the status poller and the signed callback.

pub mod build;
pub mod callback;
pub mod health;
pub mod media;
pub mod observe;
pub mod poller;
pub mod worker;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use kentongan_central::{CentralApi, JsonApi, Open311Api, Open311Config};
use secrecy::ExposeSecret;
use tokio::sync::{Notify, watch};

use crate::config::{CentralAdapter, CentralSettings};
use crate::domain::TicketStatus;
use crate::jobs::{BackgroundJob, ForwardTicket};
use crate::store::Store;

/// Builds the configured adapter; `None` when no central API is configured (jobs wait).
pub fn adapter(settings: &CentralSettings) -> anyhow::Result<Option<Arc<dyn CentralApi>>> {
    let timeout = Duration::from_secs(settings.timeout_secs);
    let key = settings.api_key.as_ref().map(|k| k.expose_secret().to_string());
    let base = settings.base_url.clone().unwrap_or_default();
    Ok(match settings.adapter {
        CentralAdapter::None => None,
        CentralAdapter::Json => {
            Some(Arc::new(JsonApi::new(&base, key, timeout).map_err(anyhow::Error::msg).context("central.base_url")?))
        }
        CentralAdapter::Open311 => Some(Arc::new(
            Open311Api::new(Open311Config {
                base_url: base,
                api_key: key,
                jurisdiction_id: settings.open311_jurisdiction_id.clone(),
                address_field: settings.open311_address_field.clone(),
                timeout,
            })
            .map_err(anyhow::Error::msg)
            .context("central.base_url")?,
        )),
    })
}

/// Sets `kentongan_forward_dead` and `kentongan_forward_pending` from the outbox.
pub async fn refresh_gauges(store: &dyn Store) {
    if let Ok(counts) = store.outbox_counts(ForwardTicket::KIND).await {
        metrics::gauge!("kentongan_forward_dead").set(counts.dead as f64);
        metrics::gauge!("kentongan_forward_pending").set(counts.pending as f64);
    }
}

/// Without a central adapter no forward worker keeps the forward gauges current: this does, when a ticket
/// is created and once a minute (`tickets assign` and `retry` change them from another process).
pub async fn gauges_without_adapter(store: Arc<dyn Store>, wake: Arc<Notify>, mut shutdown: watch::Receiver<bool>) {
    loop {
        refresh_gauges(store.as_ref()).await;
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(60)) => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// The rule that decides whether a central report is news, with this deployment's knobs.
pub fn rules(settings: &CentralSettings) -> observe::Rules {
    observe::Rules {
        fresh_words: settings.fresh_words(),
        skew: chrono::Duration::seconds(settings.callback_max_skew_secs.max(0)),
    }
}

/// Central status words → our lifecycle: the adapter's defaults with the configured table on top.
pub fn status_map(settings: &CentralSettings) -> BTreeMap<String, TicketStatus> {
    let adapter = match settings.adapter {
        CentralAdapter::Open311 => "open311",
        _ => "json",
    };
    let mut words = kentongan_central::default_status_map(adapter);
    words.extend(settings.status_map.iter().map(|(k, v)| (normalize_word(k), v.clone())));
    words.into_iter().filter_map(|(k, v)| Some((normalize_word(&k), v.parse().ok()?))).collect()
}

/// Looks up a central status word, forgiving case and `-`/space/`_` differences ("In Progress" = "in_progress").
pub fn lookup_status(map: &BTreeMap<String, TicketStatus>, word: &str) -> Option<TicketStatus> {
    map.get(&normalize_word(word)).copied()
}

fn normalize_word(word: &str) -> String {
    word.trim().to_lowercase().replace([' ', '-'], "_")
}
