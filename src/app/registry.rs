//! The channels of this build, registered from one list: a new channel is one line here (and its
//! folder under `src/channel/`, its configuration section).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use futures_util::future::BoxFuture;

use crate::channel::cli::CliPlugin;
use crate::channel::sms::SmsPlugin;
use crate::channel::telegram::TelegramPlugin;
use crate::channel::whatsapp::WhatsAppPlugin;
use crate::channel::{ChannelPlugin, Channels, MediaSource, Transport, Wiring};
use crate::domain::Channel;

/// Every channel plugin, in the order their workers start.
fn plugins() -> Vec<Box<dyn ChannelPlugin>> {
    vec![Box::new(TelegramPlugin), Box::new(SmsPlugin), Box::new(WhatsAppPlugin), Box::new(CliPlugin)]
}

/// Every channel's adapter, configured or not: what each can show and how a reply looks on it.
pub fn channels() -> Channels {
    Channels::new(plugins().iter().map(|p| p.adapter()))
}

/// What the configured channels bring, gathered.
pub(super) struct AllWired {
    pub routes: Vec<Router>,
    pub transports: Vec<Arc<dyn Transport>>,
    pub media: BTreeMap<Channel, Arc<dyn MediaSource>>,
    pub tasks: Vec<BoxFuture<'static, ()>>,
}

/// Wires every plugin; the first invalid configuration stops start-up.
pub(super) fn wire(wiring: &Wiring<'_>) -> anyhow::Result<AllWired> {
    let mut all = AllWired { routes: Vec::new(), transports: Vec::new(), media: BTreeMap::new(), tasks: Vec::new() };
    for plugin in plugins() {
        let wired = plugin.wire(wiring)?;
        all.routes.extend(wired.routes);
        all.transports.extend(wired.transports);
        if let Some(media) = wired.media {
            all.media.insert(plugin.adapter().channel(), media);
        }
        all.tasks.extend(wired.tasks);
    }
    Ok(all)
}
