//! The OPD catalogue: loading `opd.toml` and checking it, with `file:line` problems.

use crate::Example;
use crate::problem::{Problem, line_of};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// Fewest examples an OPD may have unless the file's header says otherwise.
pub(crate) const DEFAULT_MIN_EXAMPLES: usize = 15;

/// One agency (OPD) as the catalogue describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Opd {
    /// The routing code, e.g. `DINHUB` (the contract with tests and evaluation data).
    pub code: String,
    /// Full name.
    pub name: String,
    /// Short name for SMS and buttons.
    pub short_name: String,
    /// What the agency handles, in a sentence.
    pub scope: String,
    /// Open311 `service_code`.
    pub service_code: Option<String>,
    /// Whether the agency is outside the city government (`EXT-*`).
    pub external: bool,
    /// What to tell the citizen when the agency is external.
    pub external_note: Option<String>,
    /// Single words with weights.
    pub keywords: Vec<(String, f32)>,
    /// Multi-word phrases with weights.
    pub phrases: Vec<(String, f32)>,
    /// Regular expressions (over normalized text) for strong signals, with weights.
    pub patterns: Vec<(String, f32)>,
    /// Realistic example complaints.
    pub examples: Vec<String>,
}

/// The whole catalogue, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    opds: Vec<Opd>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    pub(crate) catalogue: RawHeader,
    #[serde(default)]
    pub(crate) opd: Vec<Spanned<RawOpd>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHeader {
    #[serde(default)]
    pub(crate) city: Option<String>,
    #[serde(default)]
    pub(crate) min_examples: Option<usize>,
    pub(crate) codes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOpd {
    pub(crate) code: Spanned<String>,
    pub(crate) name: String,
    pub(crate) short_name: String,
    pub(crate) scope: String,
    #[serde(default)]
    pub(crate) service_code: Option<String>,
    #[serde(default)]
    pub(crate) external: bool,
    #[serde(default)]
    pub(crate) external_note: Option<String>,
    #[serde(default)]
    pub(crate) keywords: BTreeMap<String, f32>,
    #[serde(default)]
    pub(crate) phrases: BTreeMap<String, f32>,
    #[serde(default)]
    pub(crate) patterns: Vec<Spanned<RawPattern>>,
    #[serde(default)]
    pub(crate) examples: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPattern {
    pub(crate) re: String,
    #[serde(default = "default_pattern_weight")]
    pub(crate) weight: f32,
}

fn default_pattern_weight() -> f32 {
    3.0
}

impl Catalogue {
    /// Loads and checks a catalogue; any problem makes it fail with all problems found.
    pub fn load(path: &Path) -> Result<Catalogue, Vec<Problem>> {
        let (file, text) = read(path)?;
        let raw = parse(&file, &text)?;
        let problems = crate::catalogue_check::validate(&file, &text, &raw);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Catalogue { opds: raw.opd.into_iter().map(|o| into_opd(o.into_inner())).collect() })
    }

    /// All problems in a catalogue file (empty when it is fine).
    pub fn check(path: &Path) -> Vec<Problem> {
        match Catalogue::load(path) {
            Ok(_) => Vec::new(),
            Err(problems) => problems,
        }
    }

    /// The OPDs in file order.
    pub fn opds(&self) -> &[Opd] {
        &self.opds
    }

    /// The OPD with this code.
    pub fn get(&self, code: &str) -> Option<&Opd> {
        self.opds.iter().find(|o| o.code == code)
    }

    /// The catalogue examples as training data (weight 1.0 each).
    pub fn examples(&self) -> Vec<Example> {
        let mut out = Vec::new();
        for opd in &self.opds {
            for text in &opd.examples {
                out.push(Example { text: text.clone(), label: opd.code.clone(), weight: 1.0 });
            }
        }
        out
    }
}

fn read(path: &Path) -> Result<(String, String), Vec<Problem>> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => Ok((file, text)),
        Err(e) => Err(vec![Problem::new(&file, None, format!("cannot read catalogue: {e}"))]),
    }
}

fn parse(file: &str, text: &str) -> Result<RawFile, Vec<Problem>> {
    toml::from_str::<RawFile>(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        vec![Problem::new(file, line, e.message().trim().to_string())]
    })
}

fn into_opd(raw: RawOpd) -> Opd {
    Opd {
        code: raw.code.into_inner(),
        name: raw.name,
        short_name: raw.short_name,
        scope: raw.scope,
        service_code: raw.service_code,
        external: raw.external,
        external_note: raw.external_note,
        keywords: raw.keywords.into_iter().collect(),
        phrases: raw.phrases.into_iter().collect(),
        patterns: raw.patterns.into_iter().map(|p| p.into_inner()).map(|p| (p.re, p.weight)).collect(),
        examples: raw.examples.into_iter().map(|e| e.into_inner()).collect(),
    }
}
