//! Calibration on held-out data: confident predictions are right more often than unsure ones, and the
//! confidence ≥ 0.8 bin is mostly correct. Also: reasons name the words that drove the choice.

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
