//! Admins, their roles, and who may act on which ticket.

use serde::{Deserialize, Serialize};

use crate::ticket::TicketView;

/// LAPOR! v3 roles, mirrored by the gateway.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The city (usually Dinkominfo): every OPD and the triage queue.
    Koordinator,
    /// One OPD's admin.
    Penghubung,
}

/// A bound admin chat.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Admin {
    /// The gateway's admin id (its row).
    pub id: i64,
    /// The name shown to other admins in stale answers.
    pub name: String,
    pub role: Role,
    /// The admin's OPD code (the koordinator's own, e.g. DINKOMINFO).
    pub opd: String,
}

/// Why an admin may not act on a ticket.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The ticket belongs to another OPD (its name, for the polite answer).
    #[error("ticket belongs to another OPD")]
    OtherOpd { opd_name: String },
    /// Triage tickets are the koordinator's.
    #[error("triage tickets are the koordinator's")]
    TriageIsKoordinators,
}

/// Only the ticket's OPD or the koordinator; a ticket without OPD (triage) only the koordinator.
pub fn may_act(admin: &Admin, ticket: &TicketView) -> Result<(), Refusal> {
    if admin.role == Role::Koordinator {
        return Ok(());
    }
    match &ticket.opd {
        None => Err(Refusal::TriageIsKoordinators),
        Some(opd) if opd.code == admin.opd => Ok(()),
        Some(opd) => Err(Refusal::OtherOpd { opd_name: opd.name.clone() }),
    }
}
