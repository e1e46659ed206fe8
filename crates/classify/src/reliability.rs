//! Reliability of the top-1 confidence: ten equal-width confidence bins with their accuracy, and the
//! expected calibration error (ECE = Σ bin share × |accuracy − mean confidence|).

use serde::Serialize;

/// Number of equal-width confidence bins.
const BINS: usize = 10;

/// One confidence bin.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Bin {
    /// Lower edge of the bin (the upper edge is `low + 0.1`; the last bin includes 1.0).
    pub low: f64,
    pub count: usize,
    pub correct: usize,
    pub mean_confidence: f64,
}

/// Confidence against accuracy over a set of predictions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reliability {
    pub bins: Vec<Bin>,
    /// Expected calibration error over all predictions.
    pub ece: f64,
}

impl Reliability {
    /// From (top-1 confidence, whether top-1 was right) pairs.
    pub fn of(scored: impl IntoIterator<Item = (f32, bool)>) -> Reliability {
        let mut bins: Vec<Bin> = (0..BINS).map(|i| Bin { low: i as f64 / BINS as f64, ..Bin::default() }).collect();
        let mut n = 0usize;
        for (confidence, right) in scored {
            let c = f64::from(confidence).clamp(0.0, 1.0);
            let bin = &mut bins[((c * BINS as f64) as usize).min(BINS - 1)];
            bin.count += 1;
            bin.correct += usize::from(right);
            bin.mean_confidence += c;
            n += 1;
        }
        let mut ece = 0.0;
        for bin in bins.iter_mut().filter(|b| b.count > 0) {
            bin.mean_confidence /= bin.count as f64;
            let accuracy = bin.correct as f64 / bin.count as f64;
            ece += bin.count as f64 / n as f64 * (accuracy - bin.mean_confidence).abs();
        }
        Reliability { bins, ece }
    }

    /// A table: one line per non-empty bin, then the ECE.
    pub fn to_text(&self) -> String {
        let mut s = format!("{:<11} {:>6} {:>9} {:>15}\n", "confidence", "rows", "accuracy", "mean confidence");
        for b in self.bins.iter().filter(|b| b.count > 0) {
            let accuracy = b.correct as f64 / b.count as f64;
            s += &format!(
                "{:.1}–{:.1}     {:>6} {:>9.3} {:>15.3}\n",
                b.low,
                b.low + 1.0 / BINS as f64,
                b.count,
                accuracy,
                b.mean_confidence
            );
        }
        s + &format!("ECE {:.3}\n", self.ece)
    }
}

#[cfg(test)]
mod tests {
    use super::Reliability;

    #[test]
    fn a_calibrated_set_has_zero_ece_and_an_overconfident_one_does_not() {
        let fair = Reliability::of([(0.75, true), (0.75, true), (0.75, true), (0.75, false)]);
        assert!(fair.ece < 1e-6, "{fair:?}");
        let over = Reliability::of([(0.95, true), (0.95, false)]);
        assert!((over.ece - 0.45).abs() < 1e-6, "{over:?}");
        assert_eq!(over.bins[9].count, 2);
    }
}
