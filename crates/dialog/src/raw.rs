//! The dialog file format as serde sees it, with spans kept for error lines (see dialogs/README.md).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// Translations keyed by language code (`id`, `jv`, `en`).
pub(crate) type Texts = BTreeMap<String, String>;

/// A dialog file such as `complaint.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDialog {
    pub id: Option<String>,
    pub first: Option<Spanned<String>>,
    #[serde(default)]
    pub steps: Vec<RawStep>,
    /// `[oneshot]`: step field → option value, for the SMS one-shot report.
    pub oneshot: Option<BTreeMap<String, Spanned<String>>>,
    /// Text sent at the main menu that the first step accepts opens a report with it as the first answer.
    pub open_with_text: Option<Spanned<bool>>,
}

/// One `[[steps]]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStep {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub field: Option<String>,
    pub title: Option<Spanned<Texts>>,
    pub prompt: Option<Spanned<Texts>>,
    pub sms: Option<Spanned<Texts>>,
    pub next: Option<Spanned<String>>,
    pub min: Option<usize>,
    pub max: Option<usize>,
    #[serde(default)]
    pub options: Vec<RawOption>,
    pub source: Option<Spanned<String>>,
    pub threshold: Option<f32>,
    /// `opd` only: `"ask"` (its own question) or `"summary"` (a confident proposal is shown in the summary).
    pub propose: Option<Spanned<String>>,
    /// `date` (`"today"`) or `choice` (an option value): the answer given without asking; the summary's
    /// "Ubah" changes it.
    pub default: Option<Spanned<String>>,
}

/// One `[[steps.options]]` table of a `choice` step.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOption {
    pub value: Spanned<String>,
    pub label: Spanned<Texts>,
    /// A shorter label for channels with tight button limits (WhatsApp: 20 / 24 characters).
    #[serde(default)]
    pub short: Option<Spanned<Texts>>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub next: Option<Spanned<String>>,
}

/// `messages.toml`: the catalogue shared by all dialogs.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCatalog {
    #[serde(default)]
    pub commands: BTreeMap<String, Spanned<Vec<String>>>,
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub messages: BTreeMap<String, Spanned<Texts>>,
    #[serde(default)]
    pub status: BTreeMap<String, Spanned<Texts>>,
    /// `[sms.<key>]`: the wording of `messages.<key>` on SMS, where there are no buttons or slash commands.
    #[serde(default)]
    pub sms: BTreeMap<String, Spanned<Texts>>,
}
