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
}

/// One `[[steps.options]]` table of a `choice` step.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOption {
    pub value: Spanned<String>,
    pub label: Spanned<Texts>,
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
}
