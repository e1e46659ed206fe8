//! `Dialogs`: every loaded dialog plus the message catalogue, and the texts the app sends itself.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use crate::gsm7;
use crate::model::{Catalog, Dialog, L10n};
use crate::problem::Problem;
use crate::suggest::Suggester;
use crate::types::{Caps, Lang, Reply, Report};

/// The central system's display name for `{central}` until the app sets one (`with_central_name`).
pub(crate) const DEFAULT_CENTRAL_NAME: &str = "LAPOR!";

/// The menu buttons, in order: message keys of their labels.
pub(crate) const MENU: [&str; 4] = ["menu_report", "menu_status", "menu_help", "menu_language"];

/// The response target `{days}` reads as until the app sets one (`with_response_days`), in working days.
pub(crate) const DEFAULT_RESPONSE_DAYS: u32 = 5;

/// The global commands a chat app lists in its command menu (Telegram `setMyCommands`), in order; each is
/// named by its first `/` alias in `[commands]` and described by the message `cmd_<name>`.
pub(crate) const MENU_COMMANDS: [&str; 7] = ["lapor", "status", "kembali", "batal", "bahasa", "privasi", "bantuan"];

/// All loaded dialogs and the catalogue. Cheap to clone.
#[derive(Clone)]
pub struct Dialogs {
    pub(crate) dialogs: BTreeMap<String, Dialog>,
    pub(crate) catalog: Catalog,
    version: String,
    pub(crate) suggester: Option<Arc<dyn Suggester + Send + Sync>>,
    /// Tracking ID prefix (upper case), so "cek PKL QXLABCO" reads as a lookup even without digits.
    pub(crate) id_prefix: Option<String>,
    /// What `{central}` reads as in messages and status labels ("LAPOR!", or the Open311 server's name).
    central_name: String,
    /// What `{days}` reads as in the receipts: working days until an answer is expected.
    response_days: u32,
}

impl fmt::Debug for Dialogs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dialogs")
            .field("dialogs", &self.dialogs.keys().collect::<Vec<_>>())
            .field("version", &self.version)
            .field("suggester", &self.suggester.is_some())
            .field("central_name", &self.central_name)
            .finish()
    }
}

impl Dialogs {
    /// Loads and validates every `*.toml` in `dir` (`messages.toml` is the catalogue).
    pub fn load_dir(dir: &Path) -> Result<Dialogs, Vec<Problem>> {
        crate::load::load(dir)
    }

    pub(crate) fn from_parts(list: Vec<Dialog>, catalog: Catalog, version: String) -> Dialogs {
        let dialogs = list.into_iter().map(|d| (d.id.clone(), d)).collect();
        Dialogs {
            dialogs,
            catalog,
            version,
            suggester: None,
            id_prefix: None,
            central_name: DEFAULT_CENTRAL_NAME.to_owned(),
            response_days: DEFAULT_RESPONSE_DAYS,
        }
    }

    /// Sets the response target the receipts promise ("Tanggapan diharapkan dalam {days} hari kerja"), in
    /// working days (default 5).
    pub fn with_response_days(mut self, days: u32) -> Self {
        self.response_days = days;
        self
    }

    /// Adds the OPD suggester used by `opd` steps (without one they are skipped).
    pub fn with_suggester(mut self, suggester: Arc<dyn Suggester + Send + Sync>) -> Self {
        self.suggester = Some(suggester);
        self
    }

    /// Tells the engine the tracking ID prefix (e.g. `PKL`), so an ID typed in pieces is recognised.
    pub fn with_id_prefix(mut self, prefix: &str) -> Self {
        self.id_prefix = Some(prefix.trim().to_ascii_uppercase()).filter(|p| !p.is_empty());
        self
    }

    /// Names the central system reports are forwarded to, as `{central}` reads in every message and status
    /// label ("Diteruskan ke {central}"). Default `LAPOR!`; a blank name keeps the default. The checker
    /// measures SMS texts with a 32-character name, so a longer one may make a status SMS be cut.
    pub fn with_central_name(mut self, name: &str) -> Self {
        let name = name.trim();
        self.central_name = if name.is_empty() { DEFAULT_CENTRAL_NAME } else { name }.to_owned();
        self
    }

    /// The name `{central}` is filled with.
    pub fn central_name(&self) -> &str {
        &self.central_name
    }

    /// A stable hash of the files' bytes; store it beside saved states.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Ids of the loaded dialogs.
    pub fn dialog_ids(&self) -> Vec<&str> {
        self.dialogs.keys().map(String::as_str).collect()
    }

    /// A catalogue message with `{name}` placeholders filled, `{central}` with the central system's name
    /// (unless `params` names it); an unknown key yields the key itself.
    pub fn message(&self, key: &str, lang: Lang, params: &[(&str, &str)]) -> String {
        match self.catalog.messages.get(key) {
            Some(text) => fill(&self.fill_central(text.get(lang), params), params),
            None => key.to_owned(),
        }
    }

    /// `message` as sent on a channel with `caps`: on SMS its `[sms]` wording when the catalogue has one.
    pub fn message_on(&self, key: &str, lang: Lang, caps: Caps, params: &[(&str, &str)]) -> String {
        match self.catalog.sms.get(key).filter(|_| caps.is_sms()) {
            Some(text) => fill(&self.fill_central(text.get(lang), params), params),
            None => self.message(key, lang, params),
        }
    }

    /// `menu_reply` as sent on a channel with `caps` (the `[sms]` wording on SMS).
    pub fn menu_reply_on(&self, key: &str, lang: Lang, caps: Caps, params: &[(&str, &str)]) -> Reply {
        let text = self.message_on(key, lang, caps, params);
        Reply { text, options: self.menu_options(lang), ask_location: false }
    }

    /// The commands a chat app lists in its command menu, in `lang`: `(name without the slash,
    /// description)`, e.g. `("status", "Cek status laporan")` (Telegram `setMyCommands`).
    pub fn bot_commands(&self, lang: Lang) -> Vec<(String, String)> {
        MENU_COMMANDS
            .iter()
            .filter_map(|key| {
                let name = self.command_name(key)?;
                Some((name, self.message(&format!("cmd_{key}"), lang, &[])))
            })
            .collect()
    }

    /// The first `/` alias of a global command, without the slash (`batal` → `batal`).
    pub(crate) fn command_name(&self, key: &str) -> Option<String> {
        let aliases = self.catalog.commands.get(key)?;
        aliases.iter().find_map(|a| a.strip_prefix('/')).map(str::to_owned)
    }

    /// `{central}` filled first, so a citizen's text among the params is never rewritten.
    fn fill_central(&self, text: &str, params: &[(&str, &str)]) -> String {
        let name = params.iter().find(|(k, _)| *k == "central").map_or(self.central_name.as_str(), |(_, v)| v);
        fill(text, &[("central", name)])
    }

    /// A message plus the main-menu buttons, for what the app sends after an effect.
    pub fn menu_reply(&self, key: &str, lang: Lang, params: &[(&str, &str)]) -> Reply {
        Reply { text: self.message(key, lang, params), options: self.menu_options(lang), ask_location: false }
    }

    /// What the app answers once it has filed `report` as ticket `id` for a citizen on a channel with
    /// `caps`. Chat apps: `ticket_created` with the menu (`/status <id>`). SMS (`caps.is_sms()`, or a
    /// one-shot `report.oneshot`): one SMS alone (`CEK <id>`), `ticket_created_oneshot` with `{opd}` the
    /// agency's name (`Report::opd_name`, its short name on SMS), or `opd_generic` ("instansi terkait") when
    /// there is none or it would not fit. A report whose agency is left to the koordinator
    /// (`Report::needs_triage`) gets the `_triage` variant instead: `ticket_created_triage`,
    /// `ticket_created_oneshot_triage`. `{days}` is the response target (`with_response_days`).
    pub fn ticket_created(&self, report: &Report, id: &str, caps: Caps) -> Reply {
        let lang = report.lang;
        let by_sms = report.oneshot || caps.is_sms();
        let days = self.response_days.to_string();
        let params = [("id", id), ("days", days.as_str())];
        match (by_sms, report.needs_triage()) {
            (false, false) => return self.menu_reply("ticket_created", lang, &params),
            (false, true) => return self.menu_reply("ticket_created_triage", lang, &params),
            (true, true) => {
                let text = self.message_on("ticket_created_oneshot_triage", lang, Caps::SMS, &params);
                return Reply { text, ..Reply::default() };
            }
            (true, false) => {}
        }
        let with = |opd: &str| {
            let params = [("id", id), ("days", days.as_str()), ("opd", opd)];
            self.message_on("ticket_created_oneshot", lang, Caps::SMS, &params)
        };
        let named = report.opd_name.as_deref().map(with).filter(|t| gsm7::fits_one_sms(&gsm7::normalize(t)));
        let text = named.unwrap_or_else(|| with(&self.message_on("opd_generic", lang, Caps::SMS, &[])));
        Reply { text, ..Reply::default() }
    }

    /// The citizen-facing label of an internal status such as `ditindaklanjuti`, `{central}` filled
    /// ("Diteruskan ke LAPOR!").
    pub fn status_label(&self, status: &str, lang: Lang) -> String {
        match self.catalog.status.get(status) {
            Some(label) => self.fill_central(label.get(lang), &[]),
            None => status.to_owned(),
        }
    }

    pub(crate) fn menu_options(&self, lang: Lang) -> Vec<String> {
        MENU.iter().map(|k| self.message(k, lang, &[])).collect()
    }

    /// The dialog a new report uses: `complaint` when present, else the first by id.
    pub(crate) fn main_dialog(&self) -> Option<&Dialog> {
        self.dialogs.get("complaint").or_else(|| self.dialogs.values().next())
    }

    /// A message's translations, for matching a label typed in any language.
    pub(crate) fn texts(&self, key: &str) -> Option<&L10n> {
        self.catalog.messages.get(key)
    }

    /// The `short` label of the option shown as `label` in `lang`, if the dialog file gives one: what a
    /// channel with narrow buttons (WhatsApp) shows instead of cutting the label.
    pub fn short_label(&self, label: &str, lang: Lang) -> Option<&str> {
        let options = self.dialogs.values().flat_map(|d| &d.steps).flat_map(|s| &s.options);
        options.filter(|o| o.label.get(lang) == label).find_map(|o| o.short.as_ref()).map(|s| s.get(lang))
    }

    /// The aliases of a button message key (from `[aliases]`).
    pub(crate) fn aliases(&self, key: &str) -> &[String] {
        self.catalog.aliases.get(key).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Replaces each `{name}` with its value; unknown placeholders stay visible for the author to notice.
pub(crate) fn fill(text: &str, params: &[(&str, &str)]) -> String {
    let mut out = text.to_owned();
    for (name, value) in params {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}
