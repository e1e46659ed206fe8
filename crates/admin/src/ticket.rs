//! What the admin side may see of a ticket. The reporter's identity exists only for non-anonymous tickets:
//! `Reporter::Anonymous` has no field to hold a name, a number or a chat id, so nothing can render one.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A ticket's status, the gateway's internal names (see DOMAIN.md).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Diterima,
    Diteruskan,
    Diverifikasi,
    Didisposisikan,
    Ditindaklanjuti,
    Selesai,
    Ditunda,
    BukanWewenang,
    Ditolak,
    Diarsipkan,
}

impl Status {
    /// Not yet accepted by an OPD: Terima, Bukan wewenang, Minta info and Tolak apply.
    pub fn awaits_acceptance(self) -> bool {
        matches!(self, Status::Diterima | Status::Diteruskan | Status::Diverifikasi | Status::Didisposisikan)
    }

    /// Accepted and being worked on: Minta info, Selesai and Tunda apply (a postponed ticket can be finished).
    pub fn in_progress(self) -> bool {
        matches!(self, Status::Ditindaklanjuti | Status::Ditunda)
    }
}

/// The citizen's channel, shown in the ping (never the address on it).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Telegram,
    Sms,
    Whatsapp,
}

/// SP4N-LAPOR! report types.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ReportType {
    Pengaduan,
    Aspirasi,
    PermintaanInformasi,
}

/// One OPD of the catalogue: its code, full name, and an optional short name for buttons.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct OpdRef {
    pub code: String,
    pub name: String,
    pub short: Option<String>,
}

/// A stored photo, by the channel's file id or the gateway's media key; sent along, never described.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PhotoRef(pub String);

/// Who filed the ticket, as far as an admin may know.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum Reporter {
    /// Privacy `anonim`: the channel kind only. The caller builds this from an anonymous ticket without
    /// copying any identity into it — there is nowhere to put one.
    Anonymous { channel: Channel },
    /// Privacy `biasa` or `rahasia` alone: the name the citizen gave (if any) may be shown.
    Known { name: Option<String>, channel: Channel },
}

impl Reporter {
    /// The one way from a stored ticket to a reporter: with `anonim`, the name is dropped here.
    pub fn for_privacy(anonim: bool, name: Option<String>, channel: Channel) -> Reporter {
        if anonim { Reporter::Anonymous { channel } } else { Reporter::Known { name, channel } }
    }

    pub fn channel(&self) -> Channel {
        match self {
            Reporter::Anonymous { channel } | Reporter::Known { channel, .. } => *channel,
        }
    }
}

/// The last admin move on a ticket, for the stale-button answer ("sudah diterima oleh …").
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct LastMove {
    pub kind: MoveKind,
    pub admin_name: String,
    pub opd_name: String,
    /// Local time (WIB), as the caller wants it shown.
    pub at: NaiveDateTime,
}

/// Which status-changing action was last taken.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoveKind {
    Accepted,
    Rerouted,
    SentToTriage,
    Responded,
    Postponed,
    Rejected,
}

/// The ticket as an admin's message shows it and as authorisation judges it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TicketView {
    /// The tracking id, e.g. `PKL-7Q3K9XW`.
    pub id: String,
    pub status: Status,
    pub report_type: ReportType,
    /// `None`: in the koordinator's triage queue.
    pub opd: Option<OpdRef>,
    /// The address or "titik lokasi dari peta", as the caller words it; `None` when not given.
    pub place: Option<String>,
    /// The full description; the ping shows its first ~300 characters.
    pub text: String,
    pub reporter: Reporter,
    pub photo: Option<PhotoRef>,
    /// The SLA due date, when the SLA machinery knows it.
    pub due: Option<NaiveDate>,
    /// The classifier's best OPDs for this text, best first (the caller keeps 3).
    pub suggestions: Vec<OpdRef>,
    pub last_move: Option<LastMove>,
}
