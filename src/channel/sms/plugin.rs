//! SMS joins the app: for every enabled provider a send worker at its own pace, and the inbound and
//! delivery-report routes of the enabled providers only.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tracing::info;

use super::{SmsAdapter, SmsSender, SmsState, routes, transport};
use crate::channel::{ChannelAdapter, ChannelPlugin, Wired, Wiring};

pub struct SmsPlugin;

impl ChannelPlugin for SmsPlugin {
    fn adapter(&self) -> Arc<dyn ChannelAdapter> {
        Arc::new(SmsAdapter)
    }

    fn wire(&self, w: &Wiring<'_>) -> anyhow::Result<Wired> {
        let settings = &w.settings.sms;
        let mut wired = Wired::default();
        if settings.enabled().is_empty() {
            return Ok(wired);
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .context("building the HTTP client for SMS providers")?;
        for provider in settings.enabled() {
            let per_minute = settings.per_minute(provider);
            let sender =
                SmsSender { provider: transport(provider, settings, http.clone()), pace: settings.pace(provider) };
            wired.transports.push(Arc::new(sender));
            info!(provider = provider.as_str(), per_minute, "sms provider enabled");
        }
        let state = SmsState::new(settings.clone(), w.intake.clone(), w.store.clone());
        wired.routes.push(routes(state));
        Ok(wired)
    }
}
