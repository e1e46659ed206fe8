//! Evaluation: accuracy, macro-F1 over the labels the data has, top-3 accuracy, per-label precision/recall/F1,
//! the worst confusions, a reliability table (confidence vs accuracy, ECE) and the predict speed.

use crate::reliability::Reliability;
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
    /// Labels of the data only: a predicted label the data never has is an error, not a zero-F1 label.
    pub per_label: BTreeMap<String, LabelStats>,
    /// Predicted labels the data does not have, with how often each was predicted.
    pub absent_predicted: BTreeMap<String, usize>,
    /// (true label, predicted label, count), most frequent first.
    pub confused: Vec<(String, String, usize)>,
    /// Top-1 confidence against accuracy (classifiers only).
    pub reliability: Option<Reliability>,
    /// Classifications per second over the whole set, one thread (classifiers only).
    pub rows_per_second: Option<f64>,
}

/// Evaluates a classifier: ranks every row once (timed), then scores ranking and confidence.
pub fn evaluate(classifier: &Classifier, examples: &[Example]) -> Report {
    let started = std::time::Instant::now();
    let predictions: Vec<_> = examples.iter().map(|e| classifier.rank(&e.text)).collect();
    let seconds = started.elapsed().as_secs_f64();
    let ranked: Vec<Vec<String>> = predictions.iter().map(|p| p.iter().map(|s| s.label.clone()).collect()).collect();
    let mut report = score(examples, &ranked);
    let scored =
        predictions.iter().zip(examples).filter_map(|(p, e)| Some((p.first()?.confidence, p[0].label == e.label)));
    report.reliability = Some(Reliability::of(scored));
    report.rows_per_second = Some(examples.len() as f64 / seconds.max(1e-9));
    report
}

/// Evaluates any ranking function (best label first; an empty ranking counts as wrong).
pub fn evaluate_ranking(examples: &[Example], rank: impl Fn(&str) -> Vec<String>) -> Report {
    score(examples, &examples.iter().map(|e| rank(&e.text)).collect::<Vec<_>>())
}

fn score(examples: &[Example], rankings: &[Vec<String>]) -> Report {
    let mut counts: BTreeMap<String, [usize; 3]> = BTreeMap::new(); // [true positive, predicted, support]
    let mut confused: BTreeMap<(String, String), usize> = BTreeMap::new();
    let (mut right, mut top3) = (0, 0);
    for (e, ranked) in examples.iter().zip(rankings) {
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
    let (present, absent): (BTreeMap<_, _>, BTreeMap<_, _>) = counts.into_iter().partition(|(_, c)| c[2] > 0);
    let absent_predicted = absent.into_iter().map(|(l, c)| (l, c[1])).collect();
    let per_label: BTreeMap<String, LabelStats> = present.into_iter().map(|(l, c)| (l, stats(c))).collect();
    let n = examples.len();
    let macro_f1 =
        if per_label.is_empty() { 0.0 } else { per_label.values().map(|s| s.f1).sum::<f64>() / per_label.len() as f64 };
    let mut confused: Vec<(String, String, usize)> = confused.into_iter().map(|((a, b), c)| (a, b, c)).collect();
    confused.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    Report {
        n,
        accuracy: ratio(right, n),
        macro_f1,
        top3_accuracy: ratio(top3, n),
        per_label,
        absent_predicted,
        confused,
        reliability: None,
        rows_per_second: None,
    }
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
            "absent_predicted": self.absent_predicted,
            "confused": confused,
            "reliability": self.reliability,
            "rows_per_second": self.rows_per_second,
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
        for (label, count) in &self.absent_predicted {
            s += &format!("predicted but absent from the data: {label} ×{count}\n");
        }
        for (t, p, c) in self.confused.iter().take(10) {
            s += &format!("confused: {t} -> {p} ×{c}\n");
        }
        if let Some(r) = &self.reliability {
            s += &r.to_text();
        }
        if let Some(rate) = self.rows_per_second {
            s += &format!("predict: {rate:.0} rows/s (one thread, top 3 without reasons)\n");
        }
        s
    }
}
