//! Long polling for development: getUpdates in a loop, each update stored before the offset moves on.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use teloxide::Bot;
use teloxide::payloads::GetUpdatesSetters;
use teloxide::prelude::Requester;
use tokio::sync::watch;
use tracing::{info, warn};

use super::inbound::{Translated, translate};
use crate::channel::Intake;

pub async fn run(bot: Bot, inbox: Arc<dyn Intake>, mut shutdown: watch::Receiver<bool>) {
    info!("telegram long polling started");
    // getUpdates is refused while a webhook is set; development wants polling, so clear it.
    if let Err(e) = bot.delete_webhook().await {
        warn!(error = %e, "could not delete the webhook before polling");
    }
    let mut offset: i64 = 0;
    loop {
        // Telegram's offset is a 32-bit signed value; update ids stay below 2^31 in practice.
        let request = bot.get_updates().offset(i32::try_from(offset).unwrap_or(i32::MAX)).timeout(25);
        let updates = tokio::select! {
            r = request => r,
            _ = shutdown.changed() => return,
        };
        let updates = match updates {
            Ok(u) => u,
            Err(e) => {
                warn!(error = %e, "getUpdates failed; retrying");
                tokio::time::sleep(Duration::from_secs(3)).await;
                continue;
            }
        };
        for update in updates {
            if let Translated::Event(event) = translate(&update, Utc::now()) {
                // Offset moves past an update only once it is stored: a crash re-reads it, dedupe drops it.
                while let Err(e) = inbox.accept(&event).await {
                    warn!(error = %e, "storing a polled update failed; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
            offset = offset.max(i64::from(update.id.0) + 1);
        }
    }
}
