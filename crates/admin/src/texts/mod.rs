//! The admin side's texts from `dialogs/admin/admin.toml`, loaded once, checked against `spec`, then looked
//! up by key. Lookups never panic: a key the file lacks (impossible once loaded) renders as the key.

mod fill;
mod load;
mod spec;

use std::collections::HashMap;
use std::path::Path;

pub use load::Problem;
pub use spec::BUTTON_MAX;

use crate::lang::Lang;

/// One text in the three languages, indexed by [`Lang`].
pub(crate) type Tr = [String; 3];

/// Every text the admin side says; built only by [`Texts::parse`] / [`Texts::load`], so always complete.
#[derive(Clone, Debug)]
pub struct Texts {
    messages: HashMap<String, Tr>,
    buttons: HashMap<String, Tr>,
    citizen: HashMap<String, Tr>,
    /// `[[reject_reasons]]` in file order: key and label.
    reasons: Vec<(String, Tr)>,
}

impl Texts {
    /// Parses and checks one file's text; `file` names it in problems (`dialogs/admin/admin.toml:12: …`).
    pub fn parse(file: &str, source: &str) -> Result<Texts, Vec<Problem>> {
        load::parse(file, source)
    }

    /// Reads and checks a file: the crate's only I/O.
    pub fn load(path: &Path) -> Result<Texts, Vec<Problem>> {
        let file = path.display().to_string();
        let source = std::fs::read_to_string(path).map_err(|e| {
            vec![Problem { file: file.clone(), line: None, key: None, message: format!("cannot read: {e}") }]
        })?;
        Texts::parse(&file, &source)
    }

    /// `[messages.<key>]` with its placeholders filled.
    pub fn message(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        pick(&self.messages, lang, key, args)
    }

    /// `[citizen.<key>]` with its placeholders filled.
    pub fn citizen(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        pick(&self.citizen, lang, key, args)
    }

    /// `[buttons.<key>]`.
    pub fn button(&self, lang: Lang, key: &str) -> String {
        pick(&self.buttons, lang, key, &[])
    }

    /// The configured reasons for Tolak, in file order.
    pub fn reject_reasons(&self) -> impl Iterator<Item = &str> {
        self.reasons.iter().map(|(k, _)| k.as_str())
    }

    /// A reason's label, or `None` for a key not in the list.
    pub fn reason_label(&self, lang: Lang, key: &str) -> Option<String> {
        self.reasons.iter().find(|(k, _)| k == key).map(|(_, tr)| tr[lang.index()].clone())
    }

    /// Every text of one language, for register and leak checks.
    pub fn all(&self, lang: Lang) -> Vec<String> {
        let maps = [&self.messages, &self.buttons, &self.citizen];
        let mut out: Vec<String> = maps.iter().flat_map(|m| m.values().map(|tr| tr[lang.index()].clone())).collect();
        out.extend(self.reasons.iter().map(|(_, tr)| tr[lang.index()].clone()));
        out
    }
}

fn pick(map: &HashMap<String, Tr>, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    match map.get(key) {
        Some(tr) => fill::fill(&tr[lang.index()], args),
        None => key.to_owned(),
    }
}
