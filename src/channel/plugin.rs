//! How a configured channel joins the running app: `app` calls [`ChannelPlugin::wire`] for every
//! plugin of its list, then merges the routes, runs a send worker per transport, hands media sources
//! to the forward worker and spawns the tasks (stopped by the app's shutdown).

use std::sync::Arc;

use axum::Router;
use futures_util::future::BoxFuture;
use kentongan_dialog::Dialogs;
use tokio::sync::watch;

use super::{ChannelAdapter, Intake, MediaSource, Transport};
use crate::config::Settings;
use crate::store::Store;

/// What a plugin may use to wire itself.
pub struct Wiring<'a> {
    /// The whole configuration: a plugin reads its own section (`telegram`, `sms`, …).
    pub settings: &'a Settings,
    /// Where its webhooks (or its poller) hand parsed events.
    pub intake: Arc<dyn Intake>,
    /// For what its routes record besides events (delivery reports).
    pub store: Arc<dyn Store>,
    pub dialogs: Arc<Dialogs>,
    /// Turns true at shutdown: long-running tasks stop on it.
    pub shutdown: watch::Receiver<bool>,
}

/// What a configured channel brings; all empty when it is switched off.
#[derive(Default)]
pub struct Wired {
    /// Its inbound routes, each with its own state (merged by `http::router`).
    pub routes: Vec<Router>,
    /// Its ways out: one send worker each, claiming the transport's outbox kind.
    pub transports: Vec<Arc<dyn Transport>>,
    /// Where the forward worker downloads this channel's photos from.
    pub media: Option<Arc<dyn MediaSource>>,
    /// Background work (long polling, setting a command menu), spawned by the app.
    pub tasks: Vec<BoxFuture<'static, ()>>,
}

/// A channel as the app registers it: its adapter (always known, configured or not: stored
/// conversations of a switched-off channel still render) and its wiring from configuration.
pub trait ChannelPlugin: Send + Sync {
    fn adapter(&self) -> Arc<dyn ChannelAdapter>;

    /// Reads the plugin's configuration and builds what it runs; an invalid configuration fails
    /// start-up naming the key.
    fn wire(&self, wiring: &Wiring<'_>) -> anyhow::Result<Wired>;
}
