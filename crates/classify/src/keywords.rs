//! Catalogue evidence: weighted keywords, phrases (matched over stems, so `berlubang` hits `lubang`) and
//! regex patterns (over the normalized text). Also usable alone, as the keywords-only baseline.

use crate::Catalogue;
use crate::fasthash::FastMap;
use crate::features::{Analyzed, analyze};
use regex::RegexSet;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Rule {
    stems: Vec<String>,
    label: usize,
    weight: f32,
    text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct PatternRule {
    re: String,
    label: usize,
    weight: f32,
}

/// A matched keyword, phrase or pattern.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit {
    pub label: usize,
    pub weight: f32,
    pub text: String,
}

/// Keyword/phrase/pattern rules from a catalogue, indexed for fast matching.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct KeywordModel {
    labels: Vec<String>,
    rules: Vec<Rule>,
    patterns: Vec<PatternRule>,
    #[serde(skip)]
    first: FastMap<String, Vec<usize>>,
    #[serde(skip)]
    set: Option<RegexSet>,
}

impl KeywordModel {
    /// Rules for every OPD of the catalogue; labels are the OPD codes in file order.
    pub fn from_catalogue(catalogue: &Catalogue) -> KeywordModel {
        let labels: Vec<String> = catalogue.opds().iter().map(|o| o.code.clone()).collect();
        KeywordModel::for_labels(catalogue, &labels)
    }

    /// Rules for the catalogue OPDs whose code is in `labels` (label indices follow `labels`).
    pub(crate) fn for_labels(catalogue: &Catalogue, labels: &[String]) -> KeywordModel {
        let mut model = KeywordModel { labels: labels.to_vec(), ..KeywordModel::default() };
        for opd in catalogue.opds() {
            let Some(label) = labels.iter().position(|l| *l == opd.code) else {
                continue;
            };
            for (text, weight) in opd.keywords.iter().chain(&opd.phrases) {
                let stems = analyze(text).stems;
                if !stems.is_empty() {
                    model.rules.push(Rule { stems, label, weight: *weight, text: text.clone() });
                }
            }
            for (re, weight) in &opd.patterns {
                model.patterns.push(PatternRule { re: re.clone(), label, weight: *weight });
            }
        }
        model.rebuild();
        model
    }

    /// Rebuilds the lookup tables (after deserializing); a pattern that no longer compiles disables patterns.
    pub(crate) fn rebuild(&mut self) {
        self.first.clear();
        for (i, rule) in self.rules.iter().enumerate() {
            self.first.entry(rule.stems[0].clone()).or_default().push(i);
        }
        self.set = RegexSet::new(self.patterns.iter().map(|p| p.re.as_str())).ok();
    }

    /// Every rule that matches the analyzed text, each counted once, in rule order.
    pub(crate) fn hits(&self, a: &Analyzed) -> Vec<Hit> {
        let mut matched: Vec<usize> = Vec::new();
        for (i, s) in a.stems.iter().enumerate() {
            for &r in self.first.get(s).into_iter().flatten() {
                if a.stems[i..].starts_with(&self.rules[r].stems) {
                    matched.push(r);
                }
            }
        }
        matched.sort_unstable();
        matched.dedup();
        let mut hits: Vec<Hit> = matched
            .iter()
            .map(|&r| self.rules[r].clone())
            .map(|r| Hit { label: r.label, weight: r.weight, text: r.text })
            .collect();
        if let Some(set) = &self.set {
            for p in set.matches(&a.tokens.join(" ")).iter().map(|i| &self.patterns[i]) {
                hits.push(Hit { label: p.label, weight: p.weight, text: format!("pola /{}/", p.re) });
            }
        }
        hits
    }

    /// Summed evidence per label index.
    pub(crate) fn label_scores(&self, hits: &[Hit]) -> Vec<f32> {
        let mut scores = vec![0.0; self.labels.len()];
        for h in hits {
            scores[h.label] += h.weight;
        }
        scores
    }

    /// Keywords-only ranking: labels with any evidence, best first (ties broken by label order).
    pub fn rank(&self, text: &str) -> Vec<(String, f32)> {
        let scores = self.label_scores(&self.hits(&analyze(text)));
        let mut ranked: Vec<(String, f32)> =
            self.labels.iter().cloned().zip(scores).filter(|&(_, s)| s > 0.0).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
    }
}
