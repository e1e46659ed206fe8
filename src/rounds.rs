//! The loop every outbox worker runs: work in rounds while there is work, then sleep until woken,
//! a second passes (retries come due), or shutdown.

use std::future::Future;
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tracing::warn;

/// Calls `round` (which returns how many jobs it handled) until shutdown; a failed round is logged
/// and counts as idle, so a database hiccup turns into a pause, not a crash or a spin.
pub async fn run_rounds<F, Fut>(name: &'static str, wake: &Notify, mut shutdown: watch::Receiver<bool>, mut round: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<usize>>,
{
    loop {
        let handled = round().await.unwrap_or_else(|e| {
            warn!(worker = name, error = %e, "worker round failed");
            0
        });
        if handled > 0 {
            continue;
        }
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = shutdown.changed() => return,
        }
    }
}
