//! The three languages an admin chat speaks; the same codes as the citizen dialog's files.

use serde::{Deserialize, Serialize};

/// An admin's language (the chat's setting; Indonesian unless chosen otherwise).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// Basa Jawa, krama: the office's polite voice.
    Jv,
    /// English.
    En,
}

impl Lang {
    /// All languages, in file order.
    pub const ALL: [Lang; 3] = [Lang::Id, Lang::Jv, Lang::En];

    /// The two-letter code used in `dialogs/admin/admin.toml`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::Jv => "jv",
            Lang::En => "en",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}
