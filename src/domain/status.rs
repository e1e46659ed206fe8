//! The ticket lifecycle (../shared/DOMAIN.md): internal names are ours, labels live in `dialogs/`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Received by the gateway.
    Diterima,
    /// Forwarded; the central tracking ID is known.
    Diteruskan,
    Diverifikasi,
    /// Assigned to an OPD.
    Didisposisikan,
    /// The OPD responded.
    Ditindaklanjuti,
    Selesai,
    Ditunda,
    /// Not this agency's jurisdiction: re-route.
    BukanWewenang,
    Ditolak,
    Diarsipkan,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 10] = [
        Self::Diterima,
        Self::Diteruskan,
        Self::Diverifikasi,
        Self::Didisposisikan,
        Self::Ditindaklanjuti,
        Self::Selesai,
        Self::Ditunda,
        Self::BukanWewenang,
        Self::Ditolak,
        Self::Diarsipkan,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Diterima => "diterima",
            Self::Diteruskan => "diteruskan",
            Self::Diverifikasi => "diverifikasi",
            Self::Didisposisikan => "didisposisikan",
            Self::Ditindaklanjuti => "ditindaklanjuti",
            Self::Selesai => "selesai",
            Self::Ditunda => "ditunda",
            Self::BukanWewenang => "bukan_wewenang",
            Self::Ditolak => "ditolak",
            Self::Diarsipkan => "diarsipkan",
        }
    }

    /// A final state: the ticket is closed and always carries a reason or response.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Selesai | Self::Ditolak | Self::Diarsipkan)
    }
}

impl fmt::Display for TicketStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TicketStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|st| st.as_str() == s).ok_or_else(|| format!("unknown status {s:?}"))
    }
}
