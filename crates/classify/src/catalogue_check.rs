//! Validation rules over a parsed catalogue file: codes, duplicates, examples, regexes, weights.

use crate::catalogue::{DEFAULT_MIN_EXAMPLES, RawFile, RawOpd};
use crate::problem::{Problem, line_of};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};

/// Every rule violation in the parsed file.
pub(crate) fn validate(file: &str, text: &str, raw: &RawFile) -> Vec<Problem> {
    let mut problems = Vec::new();
    let known: BTreeSet<&str> = raw.catalogue.codes.iter().map(String::as_str).collect();
    let min = raw.catalogue.min_examples.unwrap_or(DEFAULT_MIN_EXAMPLES);
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for opd in &raw.opd {
        let line = line_of(text, opd.span().start);
        let o = opd.get_ref();
        let code = o.code.get_ref().as_str();
        let code_line = line_of(text, o.code.span().start);
        let mut at = |l: usize, m: String| problems.push(Problem::new(file, Some(l), m));
        if !known.contains(code) {
            at(code_line, format!("unknown OPD code `{code}` (not in [catalogue].codes)"));
        }
        if let Some(first) = seen.insert(code, code_line) {
            at(code_line, format!("duplicate OPD code `{code}` (first at line {first})"));
        }
        check_opd(o, line, min, text, &mut at);
    }
    for code in &known {
        if !seen.contains_key(code) {
            problems.push(Problem::new(file, Some(1), format!("code `{code}` has no [[opd]] entry")));
        }
    }
    let _ = &raw.catalogue.city;
    problems
}

fn check_opd(o: &RawOpd, line: usize, min: usize, text: &str, at: &mut impl FnMut(usize, String)) {
    let code = o.code.get_ref();
    if o.examples.is_empty() {
        at(line, format!("`{code}` has no examples"));
    } else if o.examples.len() < min {
        at(line, format!("`{code}` has {} examples; at least {min} needed", o.examples.len()));
    }
    for ex in &o.examples {
        if ex.get_ref().trim().is_empty() {
            at(line_of(text, ex.span().start), format!("`{code}` has an empty example"));
        }
    }
    for p in &o.patterns {
        if let Err(e) = Regex::new(&p.get_ref().re) {
            let first = e.to_string().lines().last().unwrap_or("").trim().to_string();
            at(line_of(text, p.span().start), format!("`{code}` has a bad regex: {first}"));
        }
    }
    let weights = o.keywords.values().chain(o.phrases.values()).chain(o.patterns.iter().map(|p| &p.get_ref().weight));
    if weights.into_iter().any(|w| !w.is_finite() || *w <= 0.0) {
        at(line, format!("`{code}` has a keyword, phrase or pattern weight that is not positive"));
    }
    if (code.starts_with("EXT-") || o.external) && o.external_note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        at(line, format!("`{code}` is external but has no external_note"));
    }
    if code.starts_with("EXT-") != o.external {
        at(line, format!("`{code}`: `external` must be true exactly for EXT-* codes"));
    }
}
