//! The checked, compiled dialogs the engine walks (built by `load`, never by hand).

use std::collections::BTreeMap;

use crate::types::Lang;

/// One text in every language, indexed by `Lang::index`.
#[derive(Clone, Debug, Default)]
pub(crate) struct L10n(pub [String; 3]);

impl L10n {
    pub fn get(&self, lang: Lang) -> &str {
        &self.0[lang.index()]
    }

    /// All translations, for matching an answer typed in any language.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

/// A dialog: an ordered list of steps.
#[derive(Clone, Debug)]
pub(crate) struct Dialog {
    pub id: String,
    pub file: String,
    pub first: String,
    pub steps: Vec<Step>,
    /// `[oneshot]`: SMS "LAPOR <isi> #lokasi" files at once with these answers; `None` keeps it guided.
    pub oneshot: Option<Vec<Preset>>,
}

impl Dialog {
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The summary step ("Ringkasan … [Kirim] [Ubah] [Batal]").
    pub fn confirm(&self) -> Option<&Step> {
        self.steps.iter().find(|s| matches!(s.kind, Kind::Confirm))
    }
}

/// One `field = "value"` of `[oneshot]`: a choice answer given without asking.
#[derive(Clone, Debug)]
pub(crate) struct Preset {
    pub field: String,
    pub value: String,
    pub line: usize,
}

/// One step of a dialog.
#[derive(Clone, Debug)]
pub(crate) struct Step {
    pub id: String,
    pub field: Option<String>,
    pub title: L10n,
    pub kind: Kind,
    pub prompt: L10n,
    /// Shorter prompts for SMS, per language.
    pub sms: [Option<String>; 3],
    pub next: Option<String>,
    pub options: Vec<Opt>,
    pub line: usize,
    pub next_line: Option<usize>,
    pub prompt_line: Option<usize>,
}

/// The input a step expects.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    Text { min: usize, max: usize },
    Choice,
    LocationOrText { min: usize },
    Date,
    Photos { max: usize },
    YesNo,
    Confirm,
    Opd { source: String, threshold: f32 },
}

/// One option of a `choice` step.
#[derive(Clone, Debug)]
pub(crate) struct Opt {
    pub value: String,
    pub label: L10n,
    pub aliases: Vec<String>,
    pub next: Option<String>,
    pub line: usize,
    pub next_line: Option<usize>,
}

/// `messages.toml`, compiled.
#[derive(Clone, Debug, Default)]
pub(crate) struct Catalog {
    pub file: String,
    pub messages: BTreeMap<String, L10n>,
    pub status: BTreeMap<String, L10n>,
    pub commands: BTreeMap<String, Vec<String>>,
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Line of each `messages.<key>`, `status.<key>` and `commands.<key>` entry, for problems.
    pub lines: BTreeMap<String, usize>,
}

/// Messages the engine and the app use; a catalogue without one of them fails to load.
pub(crate) const REQUIRED_MESSAGES: &[&str] = &[
    "welcome",
    "help",
    "cancelled",
    "nothing_to_cancel",
    "back_at_start",
    "resume_offer",
    "language_prompt",
    "language_changed",
    "lang_name_id",
    "lang_name_jv",
    "lang_name_en",
    "menu_report",
    "menu_status",
    "menu_help",
    "menu_language",
    "status_ask_id",
    "too_short",
    "too_long",
    "not_an_option",
    "not_an_option_sms",
    "address_too_short",
    "date_invalid",
    "date_future",
    "date_too_old",
    "photo_received",
    "photos_not_supported",
    "wrong_input",
    "edit_pick",
    "opd_pick",
    "dialog_updated",
    "sms_reply",
    "location_button",
    "btn_today",
    "btn_yesterday",
    "btn_skip",
    "btn_done",
    "btn_send",
    "btn_edit",
    "btn_cancel",
    "btn_yes",
    "btn_no",
    "btn_continue",
    "btn_restart",
    "btn_opd_correct",
    "btn_opd_other",
    "btn_opd_unknown",
    "ticket_created",
    "ticket_created_triage",
    "ticket_created_oneshot",
    "ticket_created_oneshot_triage",
    "oneshot_ask_location",
    "opd_generic",
    "status_not_found",
    "status_header",
    "status_line",
    "status_invalid_id",
    "unsupported_input",
    "group_not_supported",
    "error_try_again",
    "sms_help",
    "phone_saved",
    "contact_not_own",
    "sms_flooded",
    "sms_digest",
    "sms_digest_more",
];

/// Status labels the app shows.
pub(crate) const REQUIRED_STATUSES: &[&str] = &[
    "diterima",
    "diteruskan",
    "diverifikasi",
    "didisposisikan",
    "ditindaklanjuti",
    "selesai",
    "ditunda",
    "bukan_wewenang",
    "ditolak",
    "diarsipkan",
];

/// Global commands the engine understands.
pub(crate) const REQUIRED_COMMANDS: &[&str] = &["batal", "kembali", "bantuan", "start", "bahasa", "lapor", "status"];
