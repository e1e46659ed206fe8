//! Waking the send workers after new messages were queued. Each worker (Telegram, every SMS provider)
//! has its own `Notify`, rung only for its own outbox kind: with one shared `Notify`, one worker could
//! take a wake-up meant for another (which then sat idle until its next poll), and waking every
//! worker for every message would make each run a claim query that finds nothing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

#[derive(Clone, Default)]
pub struct SendBell {
    workers: Arc<Mutex<HashMap<String, Arc<Notify>>>>,
}

impl SendBell {
    /// The wake-up of the worker serving outbox `kind`.
    pub fn register(&self, kind: &str) -> Arc<Notify> {
        let mut workers = self.workers.lock().unwrap_or_else(|e| e.into_inner());
        workers.entry(kind.to_owned()).or_default().clone()
    }

    /// Wakes the worker of `kind`, if one runs here (it keeps one pending wake-up if it is busy).
    pub fn ring(&self, kind: &str) {
        if let Some(worker) = self.workers.lock().unwrap_or_else(|e| e.into_inner()).get(kind) {
            worker.notify_one();
        }
    }

    /// Wakes every worker.
    pub fn ring_all(&self) {
        for worker in self.workers.lock().unwrap_or_else(|e| e.into_inner()).values() {
            worker.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_ring_wakes_the_worker_of_its_kind_and_no_other() {
        let bell = SendBell::default();
        let (telegram, sms) = (bell.register("send.telegram"), bell.register("send.sms.android"));
        bell.ring("send.sms.android");
        tokio::time::timeout(Duration::from_millis(100), sms.notified()).await.expect("sms worker woken");
        assert!(tokio::time::timeout(Duration::from_millis(50), telegram.notified()).await.is_err());
        bell.ring_all();
        tokio::time::timeout(Duration::from_millis(100), telegram.notified()).await.expect("ring_all wakes all");
    }
}
