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
    /// `open_with_text = true`: text at the main menu that the first step accepts opens a report with it.
    pub open_with_text: bool,
    /// Line of `open_with_text`, for problems.
    pub open_with_text_line: Option<usize>,
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
    /// The answer given without asking (`default = …`); "Ubah" on the summary asks the step.
    pub default: Option<StepDefault>,
    pub default_line: Option<usize>,
}

/// A step's `default`: answered without a question, shown in the summary, changed there.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum StepDefault {
    /// `date` steps: the event's date ("today" comes from the event, never the clock).
    Today,
    /// `choice` steps: this option value.
    Choice(String),
}

/// How an `opd` step proposes the agency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Propose {
    /// Its own question: "Laporan ini akan diteruskan ke …" [Benar] [Pilih instansi lain].
    #[default]
    Ask,
    /// A confident proposal goes straight into the summary ([Ganti instansi] changes it); an unsure one
    /// is still asked as a list.
    Summary,
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
    Opd { source: String, threshold: f32, propose: Propose },
}

/// One option of a `choice` step.
#[derive(Clone, Debug)]
pub(crate) struct Opt {
    pub value: String,
    pub label: L10n,
    /// `short`: the label where buttons are narrow (WhatsApp); every language when given.
    pub short: Option<L10n>,
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
    /// `[sms.<key>]`: a message's wording on SMS (where `messages.<key>` speaks of buttons or slash commands).
    pub sms: BTreeMap<String, L10n>,
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
    "contact_invalid",
    "photo_last_received",
    "photos_kept",
    "report_opened",
    "privacy_notice",
    "privacy_info",
    "summary_location_pin",
    "summary_date_today",
    "summary_photos",
    "btn_opd_change",
    "cmd_lapor",
    "cmd_status",
    "cmd_kembali",
    "cmd_batal",
    "cmd_bahasa",
    "cmd_privasi",
    "cmd_bantuan",
];

/// Messages only ever sent by SMS: checked as SMS texts alone.
pub(crate) const SMS_ONLY_MESSAGES: &[&str] = &[
    "sms_help",
    "not_an_option_sms",
    "ticket_created_oneshot",
    "ticket_created_oneshot_triage",
    "oneshot_ask_location",
    "photos_not_supported",
    "sms_flooded",
    "sms_digest",
    "sms_digest_more",
];

/// Messages only ever sent where there are buttons and slash commands (Telegram, the CLI): checked as
/// Telegram texts alone, and not measured as SMS. So are the `cmd_*` command descriptions.
pub(crate) const CHAT_ONLY_MESSAGES: &[&str] = &[
    "ticket_created",
    "ticket_created_triage",
    "not_an_option",
    "group_not_supported",
    "location_button",
    "phone_saved",
    "contact_not_own",
    "contact_invalid",
    "photo_received",
    "photo_last_received",
    "photos_kept",
    "summary_location_pin",
    "summary_photos",
];

/// Where a catalogue message goes: `(by SMS, on chat apps)`.
pub(crate) fn message_channels(key: &str) -> (bool, bool) {
    let chat_only = CHAT_ONLY_MESSAGES.contains(&key) || key.starts_with("cmd_");
    (!chat_only, !SMS_ONLY_MESSAGES.contains(&key))
}

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
pub(crate) const REQUIRED_COMMANDS: &[&str] =
    &["batal", "kembali", "bantuan", "start", "bahasa", "lapor", "status", "privasi"];
