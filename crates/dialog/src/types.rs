//! Plain data crossing the engine boundary: languages, channel capabilities, events, replies and effects.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A citizen-facing language.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia (the default).
    #[default]
    Id,
    /// Basa Jawa (ngoko in the older texts; krama where the bot speaks in newer ones).
    Jv,
    /// English.
    En,
}

impl Lang {
    /// All languages, in catalogue order.
    pub const ALL: [Lang; 3] = [Lang::Id, Lang::Jv, Lang::En];

    /// Parses a code such as `"en"` (case-insensitive).
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "id" => Some(Lang::Id),
            "jv" => Some(Lang::Jv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The two-letter code used in files and in serde.
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

/// What the citizen's channel can show or send.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Caps {
    /// The channel can receive photos.
    pub media: bool,
    /// The channel can show a "send location" button.
    pub location_button: bool,
    /// The channel shows option buttons (otherwise options are numbered).
    pub buttons: bool,
}

impl Caps {
    /// Telegram: everything.
    pub const TELEGRAM: Caps = Caps { media: true, location_button: true, buttons: true };
    /// SMS: nothing but 160 characters.
    pub const SMS: Caps = Caps { media: false, location_button: false, buttons: false };
    /// The developer CLI: pseudo media and location, numbered options.
    pub const CLI: Caps = Caps { media: true, location_button: true, buttons: false };

    /// True when replies will travel as one SMS (short `sms` prompts are preferred).
    pub fn is_sms(self) -> bool {
        !self.media && !self.buttons && !self.location_button
    }
}

/// One inbound message, already normalised by a channel adapter.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub caps: Caps,
    /// The citizen's local date; the engine never reads the clock.
    pub today: NaiveDate,
    pub input: Input,
    /// The language the channel guesses (e.g. Telegram's `language_code`), used until the user picks one.
    pub lang_hint: Option<Lang>,
}

/// The content of an inbound message.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Text(String),
    Location {
        lat: f64,
        lon: f64,
    },
    Photo {
        file_id: String,
    },
    /// A shared contact (Telegram); `own` when it is the sender's own number. Handled at any step.
    Contact {
        phone: String,
        own: bool,
    },
    Unsupported,
}

/// The result of one `advance`.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub state: State,
    pub replies: Vec<Reply>,
    pub effects: Vec<Effect>,
}

/// One outbound message: text plus option labels in the user's language, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    pub options: Vec<String>,
    /// Show a "send location" button (label: message `location_button`).
    pub ask_location: bool,
}

/// Something the app must do after the engine has spoken.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// Create the ticket; the app replies with `Dialogs::ticket_created` (`ticket_created` with the menu,
    /// or on SMS `ticket_created_oneshot`; their `_triage` variants when `Report::needs_triage`).
    SubmitReport(Report),
    /// Look up a ticket; the app replies with `status_header`/`status_line` or `status_not_found`.
    LookupStatus { query: String },
    /// The user chose a language; the app may store it on the reporter.
    LanguageChanged(Lang),
    /// The citizen shared their own phone number (Telegram contact); the app stores it on the reporter,
    /// to reach them by SMS when Telegram cannot. The engine has already said `phone_saved`.
    PhoneShared { phone: String },
}

/// A finished draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub dialog: String,
    pub lang: Lang,
    /// Keyed by each step's `field`.
    pub answers: BTreeMap<String, Answer>,
    /// Filed from a one-shot SMS ("LAPOR <isi> #lokasi", perhaps with the place in a second SMS): the app
    /// answers with one SMS, `Dialogs::ticket_created` (message `ticket_created_oneshot`), not the menu.
    #[serde(default)]
    pub oneshot: bool,
    /// The agency a one-shot report was routed to, by name, for `{opd}` in `ticket_created_oneshot`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opd_name: Option<String>,
}

impl Report {
    /// The routing answer's agency code: `None` when the report has no OPD answer (no suggester),
    /// `Some(None)` when the agency is unknown ("Tidak tahu", or an unsure one-shot), `Some(Some(code))`
    /// when routed.
    pub fn opd_code(&self) -> Option<Option<&str>> {
        self.answers.values().find_map(|a| match a {
            Answer::Opd { code, .. } => Some(code.as_deref()),
            _ => None,
        })
    }

    /// True when the report waits for the city's koordinator to choose its agency by hand: it has an OPD
    /// answer without a code. `Dialogs::ticket_created` then sends a triage receipt.
    pub fn needs_triage(&self) -> bool {
        self.opd_code() == Some(None)
    }
}

/// One recorded answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Answer {
    Text(String),
    Location {
        lat: f64,
        lon: f64,
    },
    Place(String),
    Date(NaiveDate),
    Photos(Vec<String>),
    Choice(String),
    YesNo(bool),
    /// `code: None` means "tidak tahu": the koordinator triages. `suggested` is the classifier's top code;
    /// `corrected` is true when the citizen did not keep it.
    Opd {
        code: Option<String>,
        suggested: Option<String>,
        corrected: bool,
    },
    Skipped,
}

use crate::state::State;
