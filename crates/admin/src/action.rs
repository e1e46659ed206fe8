//! What a button does. The caller stores one per button under a server-side token (see `token`) with the
//! ticket and the admin, and hands it back resolved on a tap.

use serde::{Deserialize, Serialize};

/// A button's action; ticket-bound unless [`Action::needs_ticket`] says otherwise.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Terima.
    Accept,
    /// Bukan wewenang: offers the classifier's top 3, the full list and "Tidak tahu".
    NotOurs,
    /// One page (0-based) of the full OPD list for re-routing.
    RerouteList { page: u32 },
    /// Re-route (or, from triage, assign) to this OPD code.
    RerouteTo { opd: String },
    /// "Tidak tahu": to the koordinator's triage queue.
    ToTriage,
    /// Minta info: the admin's next text is the question.
    RequestInfo,
    /// Selesai: the admin's next text (and optional photo) is the response.
    Respond,
    /// Send the typed response without a photo.
    SendWithoutPhoto,
    /// Tunda: the admin's next text is the reason.
    Postpone,
    /// Tolak: offers the configured reasons.
    Reject,
    /// Tolak with this reason key.
    RejectWith { reason: String },
    /// A page (0-based) of `/antrian`.
    QueuePage { page: u32 },
    /// Open a ticket from the queue, by tracking id.
    Open { id: String },
    /// "Lapor sebagai warga": this chat files a complaint through the citizen dialog.
    SwitchToCitizen,
}

impl Action {
    /// False for the actions that stand without a ticket (queue paging, opening, the citizen switch).
    pub fn needs_ticket(&self) -> bool {
        !matches!(self, Action::QueuePage { .. } | Action::Open { .. } | Action::SwitchToCitizen)
    }
}
