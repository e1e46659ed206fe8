//! WhatsApp joins the app when `whatsapp.enabled`: the webhook route (handshake and signed POSTs), a
//! send worker through the Cloud API at the number's pace, and photo downloads for the forward worker.

use std::sync::Arc;
use std::time::Duration;

use tracing::info;

use super::adapter::WhatsAppAdapter;
use super::media_source::WhatsAppMedia;
use super::routes::{WebhookState, routes};
use super::send::GraphClient;
use super::transport::WhatsAppTransport;
use crate::channel::{ChannelAdapter, ChannelPlugin, Wired, Wiring};

/// How long one Graph API request may take.
const TIMEOUT: Duration = Duration::from_secs(20);

pub struct WhatsAppPlugin;

impl ChannelPlugin for WhatsAppPlugin {
    fn adapter(&self) -> Arc<dyn ChannelAdapter> {
        Arc::new(WhatsAppAdapter)
    }

    fn wire(&self, w: &Wiring<'_>) -> anyhow::Result<Wired> {
        let settings = &w.settings.whatsapp;
        if !settings.enabled {
            info!("whatsapp is off: whatsapp.enabled is false");
            return Ok(Wired::default());
        }
        settings.validate()?;
        let (Some(app_secret), Some(verify_token)) = (settings.app_secret.clone(), settings.verify_token.clone())
        else {
            anyhow::bail!("whatsapp.app_secret: required when whatsapp.enabled");
        };
        let client = GraphClient::new(settings, TIMEOUT)?;
        let state = WebhookState {
            app_secret: Arc::new(app_secret),
            verify_token: Arc::new(verify_token),
            phone_number_id: settings.phone_number_id.as_str().into(),
            intake: w.intake.clone(),
            store: w.store.clone(),
        };
        let transport = WhatsAppTransport::new(client.clone(), settings.clone(), w.store.clone(), w.dialogs.clone());
        info!("whatsapp webhook served at /whatsapp/webhook");
        Ok(Wired {
            routes: vec![routes(state)],
            transports: vec![Arc::new(transport)],
            media: Some(Arc::new(WhatsAppMedia { client })),
            tasks: Vec::new(),
        })
    }
}
