//! `Dialogs`: every loaded dialog plus the message catalogue, and the texts the app sends itself.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use crate::gsm7;
use crate::model::{Catalog, Dialog, L10n};
use crate::problem::Problem;
use crate::suggest::Suggester;
use crate::types::{Lang, Reply, Report};

/// The menu buttons, in order: message keys of their labels.
pub(crate) const MENU: [&str; 4] = ["menu_report", "menu_status", "menu_help", "menu_language"];

/// All loaded dialogs and the catalogue. Cheap to clone.
#[derive(Clone)]
pub struct Dialogs {
    pub(crate) dialogs: BTreeMap<String, Dialog>,
    pub(crate) catalog: Catalog,
    version: String,
    pub(crate) suggester: Option<Arc<dyn Suggester + Send + Sync>>,
    /// Tracking ID prefix (upper case), so "cek PKL QXLABCO" reads as a lookup even without digits.
    pub(crate) id_prefix: Option<String>,
}

impl fmt::Debug for Dialogs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dialogs")
            .field("dialogs", &self.dialogs.keys().collect::<Vec<_>>())
            .field("version", &self.version)
            .field("suggester", &self.suggester.is_some())
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
        Dialogs { dialogs, catalog, version, suggester: None, id_prefix: None }
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

    /// A stable hash of the files' bytes; store it beside saved states.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Ids of the loaded dialogs.
    pub fn dialog_ids(&self) -> Vec<&str> {
        self.dialogs.keys().map(String::as_str).collect()
    }

    /// A catalogue message with `{name}` placeholders filled; an unknown key yields the key itself.
    pub fn message(&self, key: &str, lang: Lang, params: &[(&str, &str)]) -> String {
        match self.catalog.messages.get(key) {
            Some(text) => fill(text.get(lang), params),
            None => key.to_owned(),
        }
    }

    /// A message plus the main-menu buttons, for what the app sends after an effect.
    pub fn menu_reply(&self, key: &str, lang: Lang, params: &[(&str, &str)]) -> Reply {
        Reply { text: self.message(key, lang, params), options: self.menu_options(lang), ask_location: false }
    }

    /// What the app answers once it has filed `report` as ticket `id`: `ticket_created` with the menu, or
    /// for an SMS one-shot (`report.oneshot`) `ticket_created_oneshot` alone, one SMS, with `{opd}` the
    /// agency's name, or `opd_generic` ("instansi terkait") when there is none or it would not fit.
    pub fn ticket_created(&self, report: &Report, id: &str) -> Reply {
        let lang = report.lang;
        if !report.oneshot {
            return self.menu_reply("ticket_created", lang, &[("id", id)]);
        }
        let with = |opd: &str| self.message("ticket_created_oneshot", lang, &[("id", id), ("opd", opd)]);
        let named = report.opd_name.as_deref().map(with).filter(|t| gsm7::fits_one_sms(&gsm7::normalize(t)));
        let text = named.unwrap_or_else(|| with(&self.message("opd_generic", lang, &[])));
        Reply { text, ..Reply::default() }
    }

    /// The citizen-facing label of an internal status such as `ditindaklanjuti`.
    pub fn status_label(&self, status: &str, lang: Lang) -> String {
        match self.catalog.status.get(status) {
            Some(label) => label.get(lang).to_owned(),
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
