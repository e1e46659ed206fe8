//! The citizen's kind of conversation: one event through the pure complaint engine, and what its
//! outcome writes (state, replies rendered for the channel, tickets with their forward jobs).

use chrono::Utc;
use kentongan_dialog::{Event, Input, Lang, Outcome, State, advance};

use super::{Inbox, ticket_jobs};
use crate::domain::ConversationKind;
use crate::outbound::Priority;
use crate::store::{Conversation, ConversationWrite, InboundBody, PendingInbound, StepCommit};

impl Inbox {
    /// A citizen's step: the pure complaint engine (`kentongan_dialog::advance`), its outcome turned
    /// into one commit.
    pub(super) async fn citizen_step(
        &self,
        pending: &PendingInbound,
        conversation: Option<Conversation>,
    ) -> anyhow::Result<StepCommit> {
        let event = &pending.event;
        let now = Utc::now();
        let (expected_version, state) = match &conversation {
            Some(c) => (Some(c.version), serde_json::from_value::<State>(c.state.clone()).unwrap_or_default()),
            None => (None, State::default()),
        };
        let input = match &event.body {
            InboundBody::GroupMessage => {
                let lang = event.lang_hint.as_deref().and_then(Lang::parse).unwrap_or_default();
                return Ok(self.notice(pending, now, lang, "group_not_supported", &[]));
            }
            InboundBody::Membership { member } => {
                let mut commit = self.quiet(pending, now);
                commit.reachable = Some(*member);
                return Ok(commit);
            }
            InboundBody::Flooded { minutes } => {
                // In the language of the conversation the number is having (or the one its client hints).
                let hint = event.lang_hint.as_deref().and_then(Lang::parse);
                let lang = if conversation.is_some() { state.lang() } else { hint.unwrap_or_default() };
                let args = [("minutes", minutes.to_string())];
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                return Ok(self.notice(pending, now, lang, "sms_flooded", &args));
            }
            body => to_input(body),
        };
        let engine_event = Event {
            caps: self.channels.caps(event.address.channel),
            today: event.received_at.with_timezone(&self.tz).date_naive(),
            input,
            lang_hint: event.lang_hint.as_deref().and_then(Lang::parse),
        };
        let Outcome { state, mut replies, effects } = advance(&self.dialogs, state, &engine_event);
        let lang = state.lang();
        let mut tickets = Vec::new();
        let mut own_phone = None;
        for effect in effects {
            let applied = self.apply_effect(effect, event, &state, engine_event.today).await?;
            replies.extend(applied.replies);
            tickets.extend(applied.ticket);
            own_phone = own_phone.or(applied.own_phone);
        }
        // A channel that pays per message (SMS) joins what fits one.
        replies = self.channels.gather(event.address.channel, replies, lang, &self.dialogs);
        let mut jobs: Vec<_> = replies
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                let msg = self.channels.render(&self.dialogs, &event.address, event.via.as_deref(), r, lang);
                self.channels.jobs(&msg, format!("reply:{}:{i}", pending.id), Priority::DialogReply, now)
            })
            .collect();
        // The forward job is written with its ticket: a ticket never exists without one.
        jobs.extend(tickets.iter().flat_map(|t| ticket_jobs(t, now)));
        let write = ConversationWrite {
            kind: ConversationKind::Citizen,
            state: serde_json::to_value(&state)?,
            dialog_version: self.dialogs.version().to_string(),
            expected_version,
        };
        Ok(StepCommit {
            inbound_id: pending.id,
            address: event.address.clone(),
            state: Some(write),
            tickets,
            jobs,
            own_phone,
            // A citizen who writes can be reached (a blocked bot receives nothing from them).
            reachable: Some(true),
            now,
        })
    }
}

fn to_input(body: &InboundBody) -> Input {
    match body {
        InboundBody::Text { text } => Input::Text(text.clone()),
        InboundBody::Location { lat, lon } => Input::Location { lat: *lat, lon: *lon },
        InboundBody::Photo { file_id } => Input::Photo { file_id: file_id.clone() },
        InboundBody::Contact { phone, own } => Input::Contact { phone: phone.clone(), own: *own },
        // A tapped button answers as its option typed would.
        InboundBody::Button { data, .. } => Input::Text(data.clone()),
        InboundBody::Unsupported
        | InboundBody::GroupMessage
        | InboundBody::Flooded { .. }
        | InboundBody::Membership { .. } => Input::Unsupported,
    }
}
