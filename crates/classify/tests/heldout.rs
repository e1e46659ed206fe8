//! Held-out accuracy: the model trained on the catalogue only, evaluated on data/heldout.csv (never trained on).

mod common;

use kentongan_classify::{KeywordModel, csvdata, eval};

/// Measured: macro-F1 0.799, top-3 0.903, accuracy 0.810 (n=216); thresholds sit a little below.
const MIN_MACRO_F1: f64 = 0.75;
const MIN_TOP3: f64 = 0.87;

#[test]
fn heldout_macro_f1_and_top3_accuracy_meet_the_stated_minimums() {
    let examples = csvdata::read(&common::heldout_path()).expect("heldout.csv");
    assert!(examples.len() >= 192);
    let report = eval::evaluate(common::model(), &examples);
    println!("{}", report.to_text());
    let keywords = KeywordModel::from_catalogue(&common::catalogue());
    let baseline = eval::evaluate_ranking(&examples, |t| keywords.rank(t).into_iter().map(|(l, _)| l).collect());
    println!("keywords-only: {}", baseline.to_text().lines().next().unwrap_or(""));
    assert!(report.macro_f1 >= MIN_MACRO_F1, "macro-F1 {}", report.macro_f1);
    assert!(report.top3_accuracy >= MIN_TOP3, "top-3 {}", report.top3_accuracy);
}
