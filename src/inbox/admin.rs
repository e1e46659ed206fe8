//! The admin's kind of conversation: `/daftar <code>` (or `/start <code>` from the deep link) in a private
//! Telegram chat redeems an invite and makes the chat an admin chat; its later texts go through the
//! admin engine (`kentongan_admin::step`), never the citizen dialog. Buttons are not sent yet.

use chrono::{DateTime, Duration, Utc};
use kentongan_admin::{
    AdminEffect, AdminEvent, AdminMessage, AdminState, Attempt, Command, Context, Lang, RedeemError, RedeemOutcome,
    WINDOW_MINUTES, may_try, redeem, render_redeem,
};

use super::Inbox;
use crate::domain::{Channel, ConversationKind};
use crate::outbound::Priority;
use crate::store::{Conversation, ConversationWrite, InboundBody, InboundEvent, NewAdmin, PendingInbound, StepCommit};

/// The code of `/daftar <code>`, or of `/start <code>` when the parameter has an invite code's shape
/// (a citizen's plain `/start` stays the citizen's). Telegram private chats only.
pub(super) fn invite_code(event: &InboundEvent) -> Option<String> {
    let InboundBody::Text { text } = &event.body else { return None };
    if event.address.channel != Channel::Telegram {
        return None;
    }
    match Command::parse(text)? {
        Command::Daftar(Some(code)) => Some(code),
        Command::Start(Some(code)) if looks_like_code(&code) => Some(code),
        _ => None,
    }
}

fn looks_like_code(code: &str) -> bool {
    let code = kentongan_admin::normalize_code(code);
    code.len() == kentongan_admin::CODE_LEN && code.bytes().all(|b| kentongan_admin::CODE_ALPHABET.contains(&b))
}

impl Inbox {
    /// A code from a chat that is no admin's: the limiter, the invite's rules, then the binding.
    pub(super) async fn admin_redeem(
        &self,
        pending: &PendingInbound,
        conversation: Option<Conversation>,
        code: &str,
    ) -> anyhow::Result<StepCommit> {
        let now = Utc::now();
        let outcome = self.try_code(&pending.event, code, now).await?;
        let bound = matches!(outcome, RedeemOutcome::Bound { .. });
        let reply = render_redeem(&self.admin_texts, Lang::Id, &outcome);
        let mut commit = self.admin_commit(pending, now, vec![reply]);
        if bound {
            commit.state = Some(self.admin_write(&AdminState::Idle, conversation.as_ref().map(|c| c.version))?);
        }
        Ok(commit)
    }

    async fn try_code(&self, event: &InboundEvent, code: &str, now: DateTime<Utc>) -> anyhow::Result<RedeemOutcome> {
        let address = &event.address;
        let wrong = self.store.wrong_codes(address, now - Duration::minutes(WINDOW_MINUTES)).await?;
        if let Attempt::Refused { until } = may_try(&wrong, now) {
            return Ok(RedeemOutcome::Limited { until: until.with_timezone(&self.tz).naive_local() });
        }
        let Some(invite) = self.store.find_invite(&kentongan_admin::hash_code(code)).await? else {
            self.store.record_wrong_code(address, now).await?;
            return Ok(RedeemOutcome::Refused(RedeemError::Wrong));
        };
        // The catalogue's names are not at hand here yet: the code names the OPD.
        let opd_name = invite.stored.opd.clone();
        // A re-run of a step whose first run bound the chat (its commit then conflicted) answers the same.
        if let Some(admin) = self.store.admin_by_address(address).await?
            && invite.stored.used_at.is_some()
            && admin.opd == invite.stored.opd
        {
            return Ok(RedeemOutcome::Bound { role: admin.role, opd_name });
        }
        if let Err(error) = redeem(&invite.stored, code, now) {
            return Ok(RedeemOutcome::Refused(error));
        }
        let new = NewAdmin {
            invite_id: invite.id,
            address: address.clone(),
            name: format!("Admin {}", invite.stored.opd),
            lang: Lang::Id.code().into(),
            now,
        };
        Ok(match self.store.bind_admin(&new).await? {
            Some(admin) => RedeemOutcome::Bound { role: admin.role, opd_name },
            // Used by another chat a moment ago.
            None => RedeemOutcome::Refused(RedeemError::AlreadyUsed),
        })
    }

    /// A bound admin chat's step. A chat whose admin was revoked is a citizen's again.
    pub(super) async fn admin_step(
        &self,
        pending: &PendingInbound,
        conversation: Option<Conversation>,
    ) -> anyhow::Result<StepCommit> {
        let now = Utc::now();
        let Some(admin) = self.store.admin_by_address(&pending.event.address).await? else {
            // The admin state does not read as a citizen's: the citizen dialog starts afresh.
            return self.citizen_step(pending, conversation).await;
        };
        if let Some(code) = invite_code(&pending.event) {
            return self.admin_redeem(pending, conversation, &code).await;
        }
        let version = conversation.as_ref().map(|c| c.version);
        let state: AdminState = conversation.and_then(|c| serde_json::from_value(c.state).ok()).unwrap_or_default();
        let event = match &pending.event.body {
            InboundBody::Text { text } => AdminEvent::Text(text.clone()),
            _ => AdminEvent::Text(String::new()),
        };
        let admin = admin.admin();
        let ctx = Context { admin: &admin, lang: Lang::Id, opds: &[] };
        let step = kentongan_admin::step(&self.admin_texts, &state, event, &ctx);
        let mut replies = step.replies;
        // Effects are not applied yet (docs/admins.md): the admin gets the help instead of silence.
        if replies.is_empty() || step.effects.iter().any(|e| !matches!(e, AdminEffect::Redeem { .. })) {
            replies = vec![kentongan_admin::help(&self.admin_texts, Lang::Id)];
        }
        let mut commit = self.admin_commit(pending, now, replies);
        commit.state = Some(self.admin_write(&step.state, version)?);
        Ok(commit)
    }

    fn admin_write(&self, state: &AdminState, expected_version: Option<i64>) -> anyhow::Result<ConversationWrite> {
        Ok(ConversationWrite {
            kind: ConversationKind::Admin,
            state: serde_json::to_value(state)?,
            dialog_version: "admin".into(),
            expected_version,
        })
    }

    /// The replies as plain texts on the chat's channel (inline buttons are not rendered yet).
    fn admin_commit(&self, pending: &PendingInbound, now: DateTime<Utc>, replies: Vec<AdminMessage>) -> StepCommit {
        let event = &pending.event;
        let jobs = replies
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                let reply = kentongan_dialog::Reply { text: r.text.clone(), ..Default::default() };
                let lang = kentongan_dialog::Lang::default();
                let msg = self.channels.render(&self.dialogs, &event.address, event.via.as_deref(), &reply, lang);
                self.channels.jobs(&msg, format!("reply:{}:{i}", pending.id), Priority::DialogReply, now)
            })
            .collect();
        StepCommit { jobs, reachable: Some(true), ..self.quiet(pending, now) }
    }
}
