//! Which kind of conversation a chat is having: a citizen filing and following reports (today's only
//! kind), or, with the OPD-admin issue, an admin. Each kind has its own dialogs and step function.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A conversation's kind, stored with it (`conversations.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConversationKind {
    /// A citizen: the complaint dialogs.
    #[default]
    Citizen,
    /// An OPD admin's chat, bound by an invite: the admin conversation (`kentongan_admin::step`).
    Admin,
}

impl ConversationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationKind::Citizen => "citizen",
            ConversationKind::Admin => "admin",
        }
    }
}

impl fmt::Display for ConversationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ConversationKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "citizen" => Ok(ConversationKind::Citizen),
            "admin" => Ok(ConversationKind::Admin),
            other => Err(format!("unknown conversation kind {other:?}")),
        }
    }
}
