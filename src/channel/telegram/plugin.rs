//! Telegram joins the app: with a `telegram.token`, a send worker through the Bot API, photos by
//! `getFile`, the command menu, and either the webhook route (with its secret) or long polling.

use std::sync::Arc;

use anyhow::bail;
use tracing::info;

use super::webhook::WebhookState;
use super::{TelegramAdapter, TelegramTransport, bot, commands, media::TelegramMedia, polling, webhook};
use crate::channel::{ChannelAdapter, ChannelPlugin, Wired, Wiring};
use crate::config::TelegramMode;

pub struct TelegramPlugin;

impl ChannelPlugin for TelegramPlugin {
    fn adapter(&self) -> Arc<dyn ChannelAdapter> {
        Arc::new(TelegramAdapter)
    }

    fn wire(&self, w: &Wiring<'_>) -> anyhow::Result<Wired> {
        let settings = &w.settings.telegram;
        let Some(bot) = bot(settings)? else {
            info!("telegram is off: no telegram.token configured");
            return Ok(Wired::default());
        };
        let mut wired = Wired::default();
        match settings.mode {
            TelegramMode::Webhook => {
                let Some(secret) = settings.webhook_secret.clone() else {
                    bail!("telegram.webhook_secret: required in webhook mode");
                };
                let state = WebhookState { secret: Arc::new(secret), intake: w.intake.clone() };
                wired.routes.push(webhook::routes(state));
                info!("telegram webhook served at /telegram/webhook");
            }
            TelegramMode::Polling => {
                wired.tasks.push(Box::pin(polling::run(bot.clone(), w.intake.clone(), w.shutdown.clone())));
            }
        }
        wired.transports.push(Arc::new(TelegramTransport { bot: bot.clone(), pace: settings.pace() }));
        wired.media = Some(Arc::new(TelegramMedia { bot: bot.clone() }));
        // In the background (Telegram answering slowly must not hold up start-up), and stopped with
        // the app: no request of this app goes out after its shutdown.
        let (dialogs, mut stop) = (w.dialogs.clone(), w.shutdown.clone());
        wired.tasks.push(Box::pin(async move {
            tokio::select! {
                _ = commands::set_menu(&bot, &dialogs) => {}
                _ = stop.changed() => {}
            }
        }));
        Ok(wired)
    }
}
