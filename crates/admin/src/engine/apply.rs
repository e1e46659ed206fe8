//! What the caller needs to apply an effect: which ticket, the action to re-check against the ticket's
//! current view (a flow finished by text may end minutes after its tap), the default next status, and the
//! move to record for later stale answers.

use super::AdminEffect;
use crate::action::Action;
use crate::ticket::{MoveKind, Status};

impl AdminEffect {
    /// The ticket this effect changes, or `None` for chat-only effects.
    pub fn ticket(&self) -> Option<&str> {
        match self {
            AdminEffect::Accept { ticket }
            | AdminEffect::Reroute { ticket, .. }
            | AdminEffect::ToTriage { ticket, .. }
            | AdminEffect::RequestInfo { ticket, .. }
            | AdminEffect::Respond { ticket, .. }
            | AdminEffect::Postpone { ticket, .. }
            | AdminEffect::Reject { ticket, .. } => Some(ticket),
            AdminEffect::Redeem { .. }
            | AdminEffect::LoadQueue { .. }
            | AdminEffect::LoadTicket { .. }
            | AdminEffect::SwitchToCitizen => None,
        }
    }

    /// The action to pass to `may_act` + `check_transition` with the ticket's current view, in the write
    /// transaction, before applying; on `Err`, apply nothing and send the refusal or stale answer instead.
    pub fn gate(&self) -> Option<Action> {
        Some(match self {
            AdminEffect::Accept { .. } => Action::Accept,
            AdminEffect::Reroute { to, .. } => Action::RerouteTo { opd: to.clone() },
            AdminEffect::ToTriage { .. } => Action::ToTriage,
            AdminEffect::RequestInfo { .. } => Action::RequestInfo,
            AdminEffect::Respond { .. } => Action::Respond,
            AdminEffect::Postpone { .. } => Action::Postpone,
            AdminEffect::Reject { reason, .. } => Action::RejectWith { reason: reason.clone() },
            _ => return None,
        })
    }

    /// The status the ticket moves to by default (`None`: unchanged). Accept's target is the gateway's
    /// to configure (issue 12: "didisposisikan → ditindaklanjuti as configured"); re-routing and triage
    /// also set or clear the ticket's OPD.
    pub fn status_after(&self) -> Option<Status> {
        match self {
            AdminEffect::Accept { .. } => Some(Status::Ditindaklanjuti),
            AdminEffect::Reroute { .. } => Some(Status::Didisposisikan),
            AdminEffect::ToTriage { .. } => Some(Status::Diverifikasi),
            AdminEffect::Respond { .. } => Some(Status::Selesai),
            AdminEffect::Postpone { .. } => Some(Status::Ditunda),
            AdminEffect::Reject { .. } => Some(Status::Ditolak),
            _ => None,
        }
    }

    /// The move to store as the ticket's `LastMove` (with the admin and the time) when it changes status.
    pub fn move_kind(&self) -> Option<MoveKind> {
        match self {
            AdminEffect::Accept { .. } => Some(MoveKind::Accepted),
            AdminEffect::Reroute { .. } => Some(MoveKind::Rerouted),
            AdminEffect::ToTriage { .. } => Some(MoveKind::SentToTriage),
            AdminEffect::Respond { .. } => Some(MoveKind::Responded),
            AdminEffect::Postpone { .. } => Some(MoveKind::Postponed),
            AdminEffect::Reject { .. } => Some(MoveKind::Rejected),
            _ => None,
        }
    }
}
