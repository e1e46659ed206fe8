//! Which action a ticket's status still allows; otherwise a polite answer naming who moved it, so a
//! button on an old message changes nothing. The store re-checks on write (compare-and-set on the status
//! the view had): of two admins tapping at once, the loser reloads the view and gets this answer.

use crate::action::Action;
use crate::lang::Lang;
use crate::texts::Texts;
use crate::ticket::{LastMove, MoveKind, Status};

/// The button no longer applies; `last` says who moved the ticket, when known.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the ticket has moved on")]
pub struct Stale {
    pub last: Option<LastMove>,
}

impl Stale {
    /// "Laporan ini sudah diterima oleh {admin} ({opd}) pada {waktu}."
    pub fn render(&self, texts: &Texts, lang: Lang) -> String {
        let Some(last) = &self.last else {
            return texts.message(lang, "stale_status", &[]);
        };
        let key = match last.kind {
            MoveKind::Accepted => "stale_accepted",
            MoveKind::Rerouted => "stale_rerouted",
            MoveKind::SentToTriage => "stale_triage",
            MoveKind::Responded => "stale_responded",
            MoveKind::Postponed => "stale_postponed",
            MoveKind::Rejected => "stale_rejected",
        };
        let waktu = last.at.format("%d/%m/%Y %H:%M").to_string();
        texts.message(lang, key, &[("admin", &last.admin_name), ("opd", &last.opd_name), ("waktu", &waktu)])
    }
}

/// Ok when `action` still applies to a ticket in `status`; actions without a ticket always do.
pub fn check_transition(action: &Action, status: Status, last: Option<&LastMove>) -> Result<(), Stale> {
    if allows(action, status) { Ok(()) } else { Err(Stale { last: last.cloned() }) }
}

fn allows(action: &Action, status: Status) -> bool {
    match action {
        Action::Accept
        | Action::NotOurs
        | Action::RerouteList { .. }
        | Action::RerouteTo { .. }
        | Action::ToTriage
        | Action::Reject
        | Action::RejectWith { .. } => status.awaits_acceptance(),
        Action::RequestInfo => status.awaits_acceptance() || status.in_progress(),
        Action::Respond | Action::SendWithoutPhoto => status.in_progress(),
        Action::Postpone => status == Status::Ditindaklanjuti,
        Action::QueuePage { .. } | Action::Open { .. } | Action::SwitchToCitizen => true,
    }
}

/// The ticket buttons that fit `status`, in display order (triage adds its own OPD choices).
pub(crate) fn ticket_actions(status: Status) -> Vec<Action> {
    let all = [Action::Accept, Action::NotOurs, Action::RequestInfo, Action::Respond, Action::Postpone, Action::Reject];
    all.into_iter().filter(|a| allows(a, status)).collect()
}
