//! Evaluation: accuracy, macro-F1, top-3 accuracy, per-label precision/recall/F1 and the worst confusions.

use crate::{Classifier, Example};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

/// Precision, recall and F1 of one label.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LabelStats {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

/// The outcome of evaluating a ranking function on labelled examples.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub top3_accuracy: f64,
    pub per_label: BTreeMap<String, LabelStats>,
    /// (true label, predicted label, count), most frequent first.
    pub confused: Vec<(String, String, usize)>,
}

/// Evaluates a classifier.
pub fn evaluate(classifier: &Classifier, examples: &[Example]) -> Report {
    evaluate_ranking(examples, |text| classifier.classify(text).top.into_iter().map(|s| s.label).collect())
}

/// Evaluates any ranking function (best label first; an empty ranking counts as wrong).
pub fn evaluate_ranking(examples: &[Example], rank: impl Fn(&str) -> Vec<String>) -> Report {
    let mut counts: BTreeMap<String, [usize; 3]> = BTreeMap::new(); // [true positive, predicted, support]
    let mut confused: BTreeMap<(String, String), usize> = BTreeMap::new();
    let (mut right, mut top3) = (0, 0);
    for e in examples {
        let ranked = rank(&e.text);
        let first = ranked.first().cloned().unwrap_or_else(|| "(none)".to_string());
        counts.entry(e.label.clone()).or_default()[2] += 1;
        counts.entry(first.clone()).or_default()[1] += 1;
        if first == e.label {
            right += 1;
            counts.entry(first).or_default()[0] += 1;
        } else {
            *confused.entry((e.label.clone(), first)).or_default() += 1;
        }
        top3 += usize::from(ranked.iter().take(3).any(|l| *l == e.label));
    }
    let per_label: BTreeMap<String, LabelStats> = counts.into_iter().map(|(l, c)| (l, stats(c))).collect();
    let n = examples.len();
    let macro_f1 =
        if per_label.is_empty() { 0.0 } else { per_label.values().map(|s| s.f1).sum::<f64>() / per_label.len() as f64 };
    let mut confused: Vec<(String, String, usize)> = confused.into_iter().map(|((a, b), c)| (a, b, c)).collect();
    confused.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    Report { n, accuracy: ratio(right, n), macro_f1, top3_accuracy: ratio(top3, n), per_label, confused }
}

fn stats([tp, predicted, support]: [usize; 3]) -> LabelStats {
    let (precision, recall) = (ratio(tp, predicted), ratio(tp, support));
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    LabelStats { precision, recall, f1, support }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl Report {
    /// `{"n":…, "accuracy":…, "macro_f1":…, "top3_accuracy":…, "per_label":{…}, "confused":[…]}`.
    pub fn to_json(&self) -> serde_json::Value {
        let confused: Vec<_> =
            self.confused.iter().map(|(t, p, c)| json!({"label": t, "predicted": p, "count": c})).collect();
        json!({
            "n": self.n,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "top3_accuracy": self.top3_accuracy,
            "per_label": self.per_label,
            "confused": confused,
        })
    }

    /// A human-readable table.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "n={} accuracy={:.3} macro_f1={:.3} top3_accuracy={:.3}\n{:<16} {:>9} {:>9} {:>9} {:>7}\n",
            self.n, self.accuracy, self.macro_f1, self.top3_accuracy, "label", "precision", "recall", "f1", "support"
        );
        for (label, st) in &self.per_label {
            s += &format!("{label:<16} {:>9.3} {:>9.3} {:>9.3} {:>7}\n", st.precision, st.recall, st.f1, st.support);
        }
        for (t, p, c) in self.confused.iter().take(10) {
            s += &format!("confused: {t} -> {p} ×{c}\n");
        }
        s
    }
}
