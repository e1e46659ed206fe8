//! Parsing `admin.toml` with spans kept, and checking it: each language present, only known placeholders,
//! every key the code says and no other, button labels that fit. Problems name file, line and key.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use super::fill::placeholders;
use super::spec::{BUTTON_MAX, BUTTONS, CITIZEN, MESSAGES};
use super::{Texts, Tr};
use crate::lang::Lang;

/// One problem in the admin texts file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    /// `messages.ping`, `buttons.accept`, `reject_reasons.duplikat`.
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    /// `dialogs/admin/admin.toml:42: buttons.accept: en: label longer than 24 characters`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": {key}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Problem {}

type RawTr = Spanned<BTreeMap<String, Spanned<String>>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    messages: BTreeMap<String, RawTr>,
    #[serde(default)]
    buttons: BTreeMap<String, RawTr>,
    #[serde(default)]
    citizen: BTreeMap<String, RawTr>,
    #[serde(default)]
    reject_reasons: Vec<Spanned<RawReason>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReason {
    key: String,
    label: RawTr,
}

struct Check<'a> {
    file: &'a str,
    source: &'a str,
    problems: Vec<Problem>,
}

impl Check<'_> {
    fn at(&mut self, offset: Option<usize>, key: &str, message: String) {
        let line = offset
            .map(|o| self.source.as_bytes()[..o.min(self.source.len())].iter().filter(|b| **b == b'\n').count() + 1);
        self.problems.push(Problem { file: self.file.to_owned(), line, key: Some(key.to_owned()), message });
    }

    /// One text: all three languages, nothing else, placeholders from `allowed`, length within `max`.
    fn tr(&mut self, key: &str, raw: &RawTr, allowed: &[&str], max: Option<usize>) -> Tr {
        let mut out: Tr = Default::default();
        for lang in Lang::ALL {
            match raw.get_ref().get(lang.code()) {
                None => self.at(Some(raw.span().start), key, format!("missing language '{}'", lang.code())),
                Some(text) => {
                    let at = Some(text.span().start);
                    for name in placeholders(text.get_ref()) {
                        if !allowed.contains(&name) {
                            self.at(at, key, format!("{}: unknown placeholder {{{name}}}", lang.code()));
                        }
                    }
                    let len = text.get_ref().chars().count();
                    if let Some(max) = max.filter(|m| len > *m) {
                        self.at(at, key, format!("{}: label of {len} characters, at most {max}", lang.code()));
                    }
                    if text.get_ref().trim().is_empty() {
                        self.at(at, key, format!("{}: empty text", lang.code()));
                    }
                    out[lang.index()] = text.get_ref().clone();
                }
            }
        }
        for (code, text) in raw.get_ref() {
            if !Lang::ALL.iter().any(|l| l.code() == code) {
                self.at(Some(text.span().start), key, format!("unknown language '{code}'"));
            }
        }
        out
    }

    /// A whole table against its spec: missing keys, unknown keys, and each text.
    fn table(
        &mut self,
        name: &str,
        raw: &BTreeMap<String, RawTr>,
        spec: &[(&str, &[&str])],
        max: Option<usize>,
    ) -> HashMap<String, Tr> {
        let mut out = HashMap::new();
        for (key, allowed) in spec {
            match raw.get(*key) {
                Some(tr) => {
                    out.insert((*key).to_owned(), self.tr(&format!("{name}.{key}"), tr, allowed, max));
                }
                None => self.at(None, &format!("{name}.{key}"), "missing".into()),
            }
        }
        for (key, tr) in raw {
            if !spec.iter().any(|(k, _)| k == key) {
                self.at(Some(tr.span().start), &format!("{name}.{key}"), "unknown key (not used by the code)".into());
            }
        }
        out
    }
}

pub(super) fn parse(file: &str, source: &str) -> Result<Texts, Vec<Problem>> {
    let mut check = Check { file, source, problems: Vec::new() };
    let raw: RawFile = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(e) => {
            let offset = e.span().map(|s| s.start);
            check.at(offset, "(file)", format!("invalid TOML: {}", e.message()));
            return Err(check.problems);
        }
    };
    let buttons_spec: Vec<(&str, &[&str])> = BUTTONS.iter().map(|b| (*b, &[][..])).collect();
    let messages = check.table("messages", &raw.messages, MESSAGES, None);
    let buttons = check.table("buttons", &raw.buttons, &buttons_spec, Some(BUTTON_MAX));
    let citizen = check.table("citizen", &raw.citizen, CITIZEN, None);
    let mut reasons: Vec<(String, Tr)> = Vec::new();
    for reason in &raw.reject_reasons {
        let r = reason.get_ref();
        let key = format!("reject_reasons.{}", r.key);
        if !is_reason_key(&r.key) || reasons.iter().any(|(k, _)| *k == r.key) {
            check.at(Some(reason.span().start), &key, "key must be new and only a-z, 0-9, _ (at most 32)".into());
        }
        let tr = check.tr(&key, &r.label, &[], Some(BUTTON_MAX));
        reasons.push((r.key.clone(), tr));
    }
    if reasons.is_empty() {
        check.at(None, "reject_reasons", "at least one reason for Tolak is needed".into());
    }
    if check.problems.is_empty() { Ok(Texts { messages, buttons, citizen, reasons }) } else { Err(check.problems) }
}

fn is_reason_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 32 && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}
