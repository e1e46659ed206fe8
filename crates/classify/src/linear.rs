//! Multinomial logistic regression trained by SGD with L2 (lazy scaling), plus temperature calibration.
//! Deterministic: a fixed-seed xorshift shuffles; weights are dense, feature-major vectors.

use crate::vocab::Sparse;
use serde::{Deserialize, Serialize};

/// L2 regularization strength per sample (1e-4 before: 3e-5 measured +0.01 macro-F1 on the hand-written set
/// trained on synthetic data, and no loss on a k-fold).
const LAMBDA: f32 = 3e-5;
/// Initial learning rate (features are L2-normalized, so ~1 is stable).
const ETA0: f32 = 0.8;

/// One training row: features, class index, sample weight.
pub(crate) type Row = (Sparse, usize, f32);

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct Linear {
    classes: usize,
    dim: usize,
    /// Feature-major: `weights[f * classes + c]`.
    weights: Vec<f32>,
    bias: Vec<f32>,
}

impl Linear {
    /// Trains on `rows`; the number of epochs shrinks as data grows (bounded total updates).
    pub(crate) fn train(rows: &[Row], classes: usize, dim: usize) -> Linear {
        let mut m = Linear { classes, dim, weights: vec![0.0; dim * classes], bias: vec![0.0; classes] };
        let epochs = (60_000 / rows.len().max(1)).clamp(8, 40);
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let mut rng = 0x9E37_79B9_7F4A_7C15u64;
        let (mut scale, mut t) = (1.0f32, 0u64);
        for _ in 0..epochs {
            shuffle(&mut order, &mut rng);
            for &i in &order {
                let eta = ETA0 / (1.0 + LAMBDA * ETA0 * t as f32);
                scale *= 1.0 - eta * LAMBDA;
                m.step(&rows[i], eta, scale);
                if scale < 1e-3 {
                    m.weights.iter_mut().for_each(|w| *w *= scale);
                    scale = 1.0;
                }
                t += 1;
            }
        }
        m.weights.iter_mut().for_each(|w| *w *= scale);
        m
    }

    /// One SGD step on the softmax cross-entropy; stored weights are `true / scale`.
    fn step(&mut self, (x, y, w): &Row, eta: f32, scale: f32) {
        let mut p = self.raw_logits(x, scale);
        softmax_in_place(&mut p, 1.0);
        p[*y] -= 1.0;
        let k = self.classes;
        for &(f, v) in x {
            let row = &mut self.weights[f as usize * k..(f as usize + 1) * k];
            let g = eta * w * v / scale;
            row.iter_mut().zip(&p).for_each(|(wt, pc)| *wt -= g * pc);
        }
        self.bias.iter_mut().zip(&p).for_each(|(b, pc)| *b -= eta * w * pc);
    }

    fn raw_logits(&self, x: &Sparse, scale: f32) -> Vec<f32> {
        let k = self.classes;
        let mut out = vec![0.0f32; k];
        for &(f, v) in x.iter().filter(|(f, _)| (*f as usize) < self.dim) {
            let row = &self.weights[f as usize * k..(f as usize + 1) * k];
            out.iter_mut().zip(row).for_each(|(o, w)| *o += w * v * scale);
        }
        out.iter_mut().zip(&self.bias).for_each(|(o, b)| *o += b);
        out
    }

    /// Class scores before the softmax.
    pub(crate) fn logits(&self, x: &Sparse) -> Vec<f32> {
        self.raw_logits(x, 1.0)
    }

    /// The weight of feature `f` for class `c`.
    pub(crate) fn weight(&self, f: u32, c: usize) -> f32 {
        self.weights.get(f as usize * self.classes + c).copied().unwrap_or(0.0)
    }
}

/// Softmax with temperature, numerically stable.
pub(crate) fn softmax_in_place(v: &mut [f32], temperature: f32) {
    let max = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for x in v.iter_mut() {
        *x = ((*x - max) / temperature).exp();
        sum += *x;
    }
    v.iter_mut().for_each(|x| *x /= sum);
}

/// The temperature (from a fixed grid) that minimizes the negative log-likelihood of held-out rows.
pub(crate) fn fit_temperature(held: &[(Vec<f32>, usize)]) -> f32 {
    let grid = (2..=100).map(|i| i as f32 * 0.1);
    let nll = |t: f32| -> f32 {
        held.iter()
            .map(|(logits, y)| {
                let mut p = logits.clone();
                softmax_in_place(&mut p, t);
                -(p[*y].max(1e-9)).ln()
            })
            .sum()
    };
    grid.map(|t| (t, nll(t))).min_by(|a, b| a.1.total_cmp(&b.1)).map_or(1.0, |(t, _)| t)
}

fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        order.swap(i, (*state % (i as u64 + 1)) as usize);
    }
}
