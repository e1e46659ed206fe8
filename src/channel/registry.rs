//! The channels this process knows, by identifier: `app` registers every adapter from one list, and
//! the core (inbox, notify, forward) asks here what a channel can show and how a reply looks on it.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use kentongan_dialog::{Dialogs, Lang, Reply};

use super::adapter::default_send_kind;
use super::{Caps, ChannelAdapter, OutboundMessage};
use crate::domain::{Address, Channel};
use crate::jobs::{NewJob, Priority};

/// Every registered channel adapter.
#[derive(Clone, Default)]
pub struct Channels {
    adapters: BTreeMap<Channel, Arc<dyn ChannelAdapter>>,
}

impl Channels {
    pub fn new(adapters: impl IntoIterator<Item = Arc<dyn ChannelAdapter>>) -> Self {
        Self { adapters: adapters.into_iter().map(|a| (a.channel(), a)).collect() }
    }

    /// The adapter of `channel`; an unregistered one is shown as bare text.
    pub fn get(&self, channel: Channel) -> &dyn ChannelAdapter {
        match self.adapters.get(&channel) {
            Some(adapter) => adapter.as_ref(),
            None => &BareText,
        }
    }

    /// What the dialog engine may ask of `channel`.
    pub fn caps(&self, channel: Channel) -> kentongan_dialog::Caps {
        self.get(channel).caps().dialog()
    }

    /// One step's replies gathered for `channel` (joined where the channel pays per message).
    pub fn gather(&self, channel: Channel, replies: Vec<Reply>, lang: Lang, dialogs: &Dialogs) -> Vec<Reply> {
        self.get(channel).gather(replies, lang, dialogs)
    }

    /// `reply` rendered for `to`'s channel.
    pub fn render(
        &self,
        dialogs: &Dialogs,
        to: &Address,
        via: Option<&str>,
        reply: &Reply,
        lang: Lang,
    ) -> OutboundMessage {
        self.get(to.channel).render(dialogs, to, via, reply, lang)
    }

    /// The outbox jobs that send `msg` once per `dedupe_key`: one, or one per part where the channel
    /// splits (each part paced and retried alone, keyed `{dedupe_key}#{n}`).
    pub fn jobs(
        &self,
        msg: &OutboundMessage,
        dedupe_key: String,
        priority: Priority,
        now: DateTime<Utc>,
    ) -> Vec<NewJob> {
        let adapter = self.get(msg.to.channel);
        let parts = adapter.parts(msg.clone());
        let kind = |m: &OutboundMessage| adapter.send_kind(&m.to, m.via.as_deref());
        if parts.len() == 1 {
            return parts.iter().map(|m| row(m, kind(m), dedupe_key.clone(), priority, now)).collect();
        }
        parts
            .iter()
            .enumerate()
            .map(|(i, m)| row(m, kind(m), format!("{dedupe_key}#{}", i + 1), priority, now))
            .collect()
    }

    /// The channels citizens reach over the network (their metrics start at zero), by identifier.
    pub fn served(&self) -> Vec<&'static str> {
        self.adapters.values().filter(|a| a.served()).map(|a| a.channel().as_str()).collect()
    }

    /// The reporter's phone number, when their address on its channel is one.
    pub fn phone(&self, address: &Address) -> Option<String> {
        self.get(address.channel).phone(address)
    }
}

/// The send job of one message.
pub fn row(msg: &OutboundMessage, kind: String, dedupe_key: String, priority: Priority, now: DateTime<Utc>) -> NewJob {
    NewJob {
        kind,
        dedupe_key,
        payload: serde_json::to_value(msg).unwrap_or_default(),
        priority: priority as i32,
        run_at: now,
    }
}

/// The outbox job of one message under the default kind rule ([`default_send_kind`]).
pub fn job(msg: &OutboundMessage, dedupe_key: String, priority: Priority, now: DateTime<Utc>) -> NewJob {
    row(msg, default_send_kind(&msg.to, msg.via.as_deref()), dedupe_key, priority, now)
}

/// A channel nobody registered: plain text, no buttons.
struct BareText;

impl ChannelAdapter for BareText {
    fn channel(&self) -> Channel {
        Channel::Cli
    }
    fn caps(&self) -> Caps {
        Caps { buttons: false, lists: false, location_request: false, media: false, max_text_chars: 4096 }
    }
    fn render(&self, _: &Dialogs, to: &Address, _: Option<&str>, reply: &Reply, _: Lang) -> OutboundMessage {
        OutboundMessage::text(to.clone(), kentongan_dialog::render::plain(reply))
    }
}
