//! Builds the application — store, dialogs, channels, workers, HTTP server — and shuts it down cleanly.
//! The listener is bound here, so tests start the app on port 0 and ask for the port.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use kentongan_dialog::Dialogs;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;
use tracing::{info, warn};

use std::time::Duration;

mod announce;
mod registry;

pub use registry::channels;

use crate::channel::Wiring;
use crate::config::Settings;
use crate::forward;
use crate::forward::callback::{CallbackConfig, CallbackState};
use crate::forward::media::MediaFetcher;
use crate::forward::poller::{PollSchedule, Poller};
use crate::forward::worker::ForwardWorker;
use crate::http::{self, HttpState};
use crate::inbox::Inbox;
use crate::notify::{NotifyWorker, SmsPolicy};
use crate::outbound::SendWorker;
use crate::store::{self, Store};

pub struct Application {
    port: u16,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    /// The heartbeat, stopped last.
    beat: (watch::Sender<bool>, JoinHandle<()>),
    pub store: Arc<dyn Store>,
    pub inbox: Arc<Inbox>,
}

/// Loads and validates the dialogs; a broken dialog stops start-up with file, line and step named.
pub fn load_dialogs(dir: &Path) -> anyhow::Result<Dialogs> {
    Dialogs::load_dir(dir).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("dialogs in {} are invalid:\n{}", dir.display(), lines.join("\n"))
    })
}

/// Opens the configured store and applies migrations.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Arc<dyn Store>> {
    let store = store::connect(&settings.database.url, settings.database.max_connections)
        .await
        .context("database.url: cannot open the database")?;
    store.migrate().await.context("applying database migrations")?;
    Ok(store)
}

/// The dialogs (with the tracking prefix and an OPD suggester trained on the catalogue and the stored
/// routing corrections) and the migrated store: what both `serve` and `chat` run on.
/// The OPD admins' texts, `admin/admin.toml` under the dialogs directory; refused naming every problem.
pub fn admin_texts(settings: &Settings) -> anyhow::Result<Arc<kentongan_admin::Texts>> {
    let path = settings.dialogs.dir.join("admin").join("admin.toml");
    kentongan_admin::Texts::load(&path).map(Arc::new).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        anyhow::anyhow!("{}: {}", path.display(), lines.join("; "))
    })
}

pub async fn open_dialogs_and_store(settings: &Settings) -> anyhow::Result<(Arc<Dialogs>, Arc<dyn Store>)> {
    let loaded = load_dialogs(&settings.dialogs.dir)?
        .with_id_prefix(&settings.tickets.prefix)
        .with_central_name(&settings.central.display_name())
        .with_response_days(settings.tickets.response_days);
    let store = open_store(settings).await?;
    let history = crate::routing::history(store.as_ref()).await?;
    let dialogs = Arc::new(crate::routing::attach(loaded, &settings.classify, &history)?);
    Ok((dialogs, store))
}

impl Application {
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let (dialogs, store) = open_dialogs_and_store(settings).await?;
        let (shutdown, shutdown_rx) = watch::channel(false);
        let wake_sender = crate::outbound::SendBell::default();
        let wake_notify = Arc::new(Notify::new());
        let wake_forward = Arc::new(Notify::new());
        let inbox = Arc::new(Inbox {
            store: store.clone(),
            channels: channels(),
            dialogs: dialogs.clone(),
            tz: settings.tz(),
            tracking_prefix: settings.tickets.prefix.clone(),
            sms_region: settings.sms.default_region.clone(),
            wake: Arc::new(Notify::new()),
            wake_sender: wake_sender.clone(),
            wake_forward: wake_forward.clone(),
            retry: Default::default(),
            admin_texts: admin_texts(settings)?,
        });
        // Nothing of a channel runs yet: wiring only builds (and checks the configuration).
        let wiring = Wiring {
            settings,
            intake: inbox.clone(),
            store: store.clone(),
            dialogs: dialogs.clone(),
            shutdown: shutdown_rx.clone(),
        };
        let wired = registry::wire(&wiring)?;
        // Beat before any worker claims: every claim of this process carries its id from the start.
        let now = chrono::Utc::now();
        store.heartbeat(now, now + holder_ttl()).await.context("registering this process in the database")?;
        // It beats until every other task has stopped (see `shutdown`).
        let (beat_stop, beat_rx) = watch::channel(false);
        let beat = tokio::spawn(heartbeat(store.clone(), beat_rx));
        let metrics = http::metrics::handle();
        http::metrics::describe_and_zero(&running(settings, &wired.transports));
        let mut routes = wired.routes;
        routes.push(forward::media::routes(store.clone()));
        if let Some(secret) = settings.central.callback_secret.clone() {
            let config = Arc::new(CallbackConfig {
                secret,
                max_skew_secs: settings.central.callback_max_skew_secs,
                map: forward::status_map(&settings.central),
                rules: forward::rules(&settings.central),
            });
            let state = CallbackState { config, store: store.clone(), wake_notify: wake_notify.clone() };
            routes.push(forward::callback::routes(state));
        }
        let listener = TcpListener::bind(settings.server.listen)
            .await
            .with_context(|| format!("server.listen: cannot listen on {}", settings.server.listen))?;
        let address = listener.local_addr()?;
        let port = address.port();
        let router =
            http::router(HttpState { store: store.clone(), metrics }, routes, settings.server.body_limit_bytes);

        let mut tasks = Vec::new();
        let mut rx = shutdown_rx.clone();
        tasks.push(tokio::spawn(async move {
            let stop = async move {
                let _ = rx.wait_for(|s| *s).await;
            };
            // The peer address lets Kannel's inbound route check its allow-list.
            let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
            if let Err(e) = axum::serve(listener, service).with_graceful_shutdown(stop).await {
                warn!(error = %e, "http server stopped with an error");
            }
        }));
        tasks.push(tokio::spawn(inbox.clone().run(shutdown_rx.clone())));
        tasks.push(tokio::spawn(janitor(store.clone(), settings.database.retention_days, shutdown_rx.clone())));
        let notify = NotifyWorker {
            store: store.clone(),
            channels: channels(),
            dialogs,
            wake: wake_notify.clone(),
            wake_sender: wake_sender.clone(),
            sms: SmsPolicy {
                default_provider: settings.sms.default_provider.clone(),
                enabled: settings.sms.enabled().iter().map(|p| p.as_str().to_owned()).collect(),
                daily_cap: settings.sms.daily_push_cap,
                digest_hour: settings.sms.digest_hour,
                tz: settings.tz(),
            },
        };
        tasks.push(tokio::spawn(notify.run(shutdown_rx.clone())));
        for transport in wired.transports {
            let worker = SendWorker::new(store.clone(), transport, &wake_sender);
            tasks.push(tokio::spawn(worker.run(shutdown_rx.clone())));
        }
        let media = MediaFetcher { store: store.clone(), sources: wired.media, settings: settings.media.clone() };
        Self::spawn_forwarding(settings, &store, media, wake_forward, wake_notify, &shutdown_rx, &mut tasks)?;
        tasks.extend(wired.tasks.into_iter().map(tokio::spawn));
        announce::start_line(settings, address, settings.telegram.token.is_some());
        Ok(Self { port, shutdown, tasks, beat: (beat_stop, beat), store, inbox })
    }

    /// The forward worker and, when polling is on, the status poller; nothing when no central API is set.
    fn spawn_forwarding(
        settings: &Settings,
        store: &Arc<dyn Store>,
        media: MediaFetcher,
        wake_forward: Arc<Notify>,
        wake_notify: Arc<Notify>,
        shutdown: &watch::Receiver<bool>,
        tasks: &mut Vec<JoinHandle<()>>,
    ) -> anyhow::Result<()> {
        let Some(api) = forward::adapter(&settings.central)? else {
            info!("central.adapter is none: tickets wait in the outbox until a central API is configured");
            tasks.push(tokio::spawn(forward::gauges_without_adapter(store.clone(), wake_forward, shutdown.clone())));
            return Ok(());
        };
        let c = &settings.central;
        warn_unworkable(settings);
        let schedule = PollSchedule {
            young: Duration::from_secs(c.poll_young_secs),
            week: Duration::from_secs(c.poll_week_secs),
            old: Duration::from_secs(c.poll_old_secs),
        };
        let health = Arc::new(forward::health::CentralHealth::default());
        let service_codes = crate::routing::service_codes(&settings.classify);
        let worker = ForwardWorker {
            store: store.clone(),
            channels: channels(),
            api: api.clone(),
            media,
            service_codes: service_codes.clone(),
            budget: Duration::from_secs_f64(c.retry_budget_hours * 3600.0),
            initial_backoff: Duration::from_secs_f64(c.retry_initial_secs),
            first_poll: schedule.young,
            endpoint_private: c.endpoint_private(),
            orphan_recheck: Duration::from_secs(2 * c.timeout_secs + 60),
            health: health.clone(),
            wake: wake_forward,
        };
        tasks.push(tokio::spawn(worker.run(shutdown.clone())));
        if c.poll_young_secs > 0 {
            let poller = Poller {
                store: store.clone(),
                channels: channels(),
                api,
                map: forward::status_map(c),
                rules: forward::rules(c),
                schedule,
                pacer: forward::poller::Pacer::new(c.poll_max_per_sec),
                service_codes,
                health,
                wake_notify,
            };
            tasks.push(tokio::spawn(poller.run(shutdown.clone())));
        }
        Ok(())
    }

    /// The port the HTTP server listens on (tests bind port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops accepting, lets workers finish their current step, and waits for them; then says so in
    /// the database, so nothing waits for this process.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
        let (stop, beat) = self.beat;
        let _ = stop.send(true);
        let _ = beat.await;
        if let Err(e) = self.store.retire().await {
            warn!(error = %e, "could not say in the database that this process stopped");
        }
    }

    /// Runs until Ctrl-C or SIGTERM.
    pub async fn run_until_signal(self) -> anyhow::Result<()> {
        shutdown_signal().await;
        info!("shutting down");
        self.shutdown().await;
        Ok(())
    }
}

/// The send workers, SMS providers and central adapter this configuration runs, for the metrics' labels.
fn running(settings: &Settings, transports: &[Arc<dyn crate::channel::Transport>]) -> http::metrics::Running {
    let providers = settings.sms.enabled();
    http::metrics::Running {
        channels: channels().served(),
        send_kinds: transports.iter().map(|t| t.kind()).collect(),
        sms_providers: providers.iter().map(|p| p.as_str()).collect(),
        central: settings.central.adapter != crate::config::CentralAdapter::None,
    }
}

/// How often this process says it is alive.
const HEARTBEAT: Duration = Duration::from_secs(1);

/// How long after its last beat a process's claims are taken back by others: a crashed process's work
/// resumes within this (plus a poll), instead of after the 300-s lease. Five beats, so a busy writer
/// that delays a beat or two does not hand a live process's work to another.
fn holder_ttl() -> chrono::Duration {
    chrono::Duration::from_std(HEARTBEAT * 5).unwrap_or_default()
}

/// Keeps this process's `workers` row fresh until shutdown.
async fn heartbeat(store: Arc<dyn Store>, mut shutdown: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(HEARTBEAT);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => return,
        }
        let now = chrono::Utc::now();
        if let Err(e) = store.heartbeat(now, now + holder_ttl()).await {
            warn!(error = %e, "heartbeat failed; other processes take this one's work back if it keeps failing");
        }
    }
}

/// Purges old sent messages and processed inbound events once an hour (and at start).
async fn janitor(store: Arc<dyn Store>, retention_days: u32, mut shutdown: watch::Receiver<bool>) {
    loop {
        let before = chrono::Utc::now() - chrono::Duration::days(i64::from(retention_days));
        match store.purge_before(before).await {
            Ok(0) => {}
            Ok(n) => info!(rows = n, "purged old outbox and inbound rows"),
            Err(e) => warn!(error = %e, "purging old rows failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(3600)) => {}
            _ = shutdown.changed() => return,
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Says at start, once, what in the central configuration cannot work as an operator expects.
fn warn_unworkable(settings: &Settings) {
    let c = &settings.central;
    if c.adapter == crate::config::CentralAdapter::Open311 {
        if c.api_key.is_none() {
            warn!(
                "central.adapter is open311 but central.api_key is unset: most Open311 servers refuse creates without it"
            );
        }
        let codes = crate::routing::service_codes(&settings.classify);
        let missing: Vec<String> =
            crate::routing::opd_codes(&settings.classify).into_iter().filter(|c| !codes.contains_key(c)).collect();
        if !missing.is_empty() {
            warn!(opds = %missing.join(","), "these OPDs have no service_code in the catalogue: their tickets cannot be forwarded to open311");
        }
    }
    if c.callback_secret.is_none() && c.poll_young_secs == 0 {
        warn!(
            "no central.callback_secret and the poller is off (central.poll_young_secs = 0): status changes will never come back"
        );
    }
    let media = &settings.media.public_base_url;
    if media.contains("://127.") || media.contains("://localhost") {
        warn!(url = %media, "media.public_base_url is a loopback address: the central API cannot fetch photos from it");
    }
}
