//! Writing down what happens to a send, on both sides of the provider call and in batches: the
//! intent just before it (many lanes' intents in one write) and the outcome, with the provider's
//! message id, right after it. A confirmed send whose record fails is written again until it holds,
//! never sent again; only a crash between the call and its record can repeat a message.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::{mpsc, oneshot};
use tracing::warn;

use crate::store::{SentJob, Store};

/// What became of an intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Intent {
    /// Recorded: send now.
    Ours,
    /// Another process took the job back (this one's heartbeat lapsed): do not send it here.
    Taken,
    /// The database did not take the write: do not send without it, try again later.
    Unrecorded,
}

type Request = (i64, oneshot::Sender<Intent>);

/// Records send intents, batching the lanes that ask at the same time into one write.
#[derive(Clone)]
pub(super) struct Intents {
    requests: mpsc::UnboundedSender<Request>,
}

impl Intents {
    pub(super) fn spawn(store: Arc<dyn Store>) -> Self {
        let (requests, rx) = mpsc::unbounded_channel();
        tokio::spawn(write_intents(store, rx));
        Self { requests }
    }

    /// Records that job `id` is about to be sent.
    pub(super) async fn begin(&self, id: i64) -> Intent {
        let (tx, rx) = oneshot::channel();
        if self.requests.send((id, tx)).is_err() {
            return Intent::Unrecorded;
        }
        rx.await.unwrap_or(Intent::Unrecorded)
    }
}

async fn write_intents(store: Arc<dyn Store>, mut requests: mpsc::UnboundedReceiver<Request>) {
    let mut batch = Vec::new();
    while requests.recv_many(&mut batch, 256).await > 0 {
        let ids: Vec<i64> = batch.iter().map(|(id, _)| *id).collect();
        let ours = store.begin_sends(&ids, Utc::now()).await;
        if let Err(e) = &ours {
            warn!(error = %e, jobs = ids.len(), "recording send intents failed; those sends wait");
        }
        for (id, reply) in batch.drain(..) {
            let intent = match &ours {
                Ok(ours) if ours.contains(&id) => Intent::Ours,
                Ok(_) => Intent::Taken,
                Err(_) => Intent::Unrecorded,
            };
            let _ = reply.send(intent);
        }
    }
}

/// After shutdown, how long a failing completion write is still retried before the process gives up
/// (those jobs are then taken back, counted as maybe sent, by whoever runs next).
const GIVE_UP_AFTER_SHUTDOWN: Duration = Duration::from_secs(30);

/// Writes confirmed sends as they come, as many per write as have queued up meanwhile, and reports
/// the ids written. A failed write is retried (1 s, doubling, at most 30 s apart) with everything
/// that arrived meanwhile: a confirmed send is never handed back to be sent again.
pub(super) async fn complete_in_batches(
    store: Arc<dyn Store>,
    mut done: mpsc::UnboundedReceiver<SentJob>,
    recorded: mpsc::UnboundedSender<Vec<i64>>,
) {
    let mut sent: Vec<SentJob> = Vec::new();
    let mut wait = Duration::from_secs(1);
    let mut failing_since = None;
    loop {
        // Closed and drained: every confirmed send is written.
        if sent.is_empty() && done.recv_many(&mut sent, 256).await == 0 {
            return;
        }
        while let Ok(more) = done.try_recv() {
            sent.push(more);
        }
        match store.complete_sends(&sent, Utc::now()).await {
            Ok(()) => {
                let _ = recorded.send(sent.drain(..).map(|s| s.id).collect());
                (wait, failing_since) = (Duration::from_secs(1), None);
            }
            Err(e) => {
                warn!(error = %e, jobs = sent.len(), "recording sends failed; retrying (they are not sent again)");
                let since = *failing_since.get_or_insert_with(std::time::Instant::now);
                if done.is_closed() && since.elapsed() > GIVE_UP_AFTER_SHUTDOWN {
                    warn!(jobs = sent.len(), "giving up recording sends at shutdown; they count as maybe sent");
                    return;
                }
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(30));
            }
        }
    }
}
