//! Calibration on held-out data: confident predictions are right more often than unsure ones, the
//! confidence ≥ 0.8 bin is mostly correct, ECE is small on rows the temperature never saw, and text with
//! nothing known in it gets a low confidence. Also: reasons name the words that drove the choice.

mod common;

use kentongan_classify::csvdata;

#[test]
fn high_confidence_predictions_are_right_more_often_than_low_confidence_ones() {
    let examples = csvdata::read(&common::heldout_path()).expect("heldout.csv");
    let mut bins = [(0usize, 0usize); 3]; // [<0.5, 0.5..0.8, >=0.8] → (right, total)
    for e in &examples {
        let p = common::model().classify(&e.text);
        let c = p.top[0].confidence;
        assert!((0.0..=1.0).contains(&c));
        let bin = if c >= 0.8 {
            2
        } else if c >= 0.5 {
            1
        } else {
            0
        };
        bins[bin].1 += 1;
        bins[bin].0 += usize::from(p.top[0].label == e.label);
    }
    let acc = |(r, t): (usize, usize)| {
        if t == 0 { f64::NAN } else { r as f64 / t as f64 }
    };
    println!("bins (right,total): {bins:?}");
    let low = (bins[0].0 + bins[1].0) as f64 / (bins[0].1 + bins[1].1).max(1) as f64;
    assert!(bins[2].1 >= 20, "too few confident predictions: {bins:?}");
    assert!(acc(bins[2]) >= 0.85, "confidence >= 0.8 bin: {bins:?}");
    assert!(acc(bins[2]) > low, "confident not better than unsure: {bins:?}");
}

#[test]
fn reasons_name_the_words_that_drove_the_choice() {
    let p = common::model().classify("lampu jalan di gang mati total");
    assert_eq!(p.top[0].label, "DINHUB");
    assert!(p.reasons.iter().any(|r| r.contains("lampu")), "{:?}", p.reasons);
    let sum: f32 = p.top.iter().map(|s| s.confidence).sum();
    assert!(sum <= 1.0001);
}

/// Measured: ECE 0.031 on the 130 hand-written rows with the temperature fitted on data/heldout.csv (0.036
/// without refitting); the goal is 0.05.
const MAX_ECE: f64 = 0.05;

#[test]
fn confidence_is_honest_on_hand_written_rows_with_the_temperature_fitted_on_other_rows() {
    let mut model = common::model().clone();
    let before = model.rank("lampu jalan mati");
    model.calibrate(&csvdata::read(&common::heldout_path()).expect("heldout.csv"));
    let after = model.rank("lampu jalan mati");
    assert_eq!(before.iter().map(|s| &s.label).collect::<Vec<_>>(), after.iter().map(|s| &s.label).collect::<Vec<_>>());
    let report = kentongan_classify::eval::evaluate(&model, &csvdata::read(&common::handwritten_path()).expect("csv"));
    let reliability = report.reliability.expect("a classifier report has a reliability table");
    println!("{}", reliability.to_text());
    assert!(reliability.ece <= MAX_ECE, "ECE {:.3}", reliability.ece);
}

#[test]
fn when_nothing_known_fires_the_confidence_is_low() {
    for text in ["qwerty zxcvbn asdfgh", "hmm gimana ya", "xyz"] {
        let top = &common::model().rank(text)[0];
        assert!(top.confidence < 0.1, "{text:?}: {top:?}");
    }
    assert!(common::model().rank("lampu jalan mati")[0].confidence > 0.5);
}
