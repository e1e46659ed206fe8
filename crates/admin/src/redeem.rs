//! The answer to `/daftar <code>` once the caller has asked the limiter and redeemed the invite.

use chrono::NaiveDateTime;

use crate::invite::RedeemError;
use crate::lang::Lang;
use crate::message::AdminMessage;
use crate::role::Role;
use crate::texts::Texts;

/// How a code attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedeemOutcome {
    /// The chat is now an admin chat of `opd_name`.
    Bound {
        role: Role,
        opd_name: String,
    },
    Refused(RedeemError),
    /// Too many wrong codes; `until` in local time.
    Limited {
        until: NaiveDateTime,
    },
}

pub fn render_redeem(texts: &Texts, lang: Lang, outcome: &RedeemOutcome) -> AdminMessage {
    let text = match outcome {
        RedeemOutcome::Bound { role, opd_name } => {
            let role = texts.message(
                lang,
                if *role == Role::Koordinator { "role_koordinator" } else { "role_penghubung" },
                &[],
            );
            texts.message(lang, "bound", &[("role", &role), ("opd", opd_name)])
        }
        RedeemOutcome::Refused(error) => texts.message(
            lang,
            match error {
                RedeemError::Expired => "invite_expired",
                RedeemError::AlreadyUsed => "invite_used",
                RedeemError::Revoked => "invite_revoked",
                RedeemError::Wrong => "invite_wrong",
            },
            &[],
        ),
        RedeemOutcome::Limited { until } => {
            texts.message(lang, "invite_limited", &[("waktu", &until.format("%H:%M").to_string())])
        }
    };
    AdminMessage::text(text)
}
