//! Which labels a model answers and how much each counts: the label order, and balanced class weights.

use crate::{Catalogue, Example};
use std::collections::{BTreeMap, BTreeSet};

/// Class weighting ("balanced"): each label's weights are scaled so every label carries the same total, so a
/// rare label is not drowned by frequent ones. Only for CSV training: in a deployment model, citizens'
/// corrections must keep the extra weight they were given.
pub(super) fn balance(data: &mut [Example]) {
    let mut totals: BTreeMap<String, f32> = BTreeMap::new();
    for e in data.iter() {
        *totals.entry(e.label.clone()).or_default() += e.weight;
    }
    let mean = totals.values().sum::<f32>() / totals.len().max(1) as f32;
    for e in data.iter_mut() {
        e.weight *= mean / totals[&e.label];
    }
}

/// Catalogue codes first (file order), then the examples' other labels in sorted order.
pub(super) fn label_order(catalogue: Option<&Catalogue>, data: &[Example]) -> Vec<String> {
    let mut labels: Vec<String> =
        catalogue.map(|c| c.opds().iter().map(|o| o.code.clone()).collect()).unwrap_or_default();
    let extra: BTreeSet<&String> = data.iter().map(|e| &e.label).filter(|l| !labels.contains(l)).collect();
    labels.extend(extra.into_iter().cloned());
    labels
}
