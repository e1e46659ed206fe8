//! Explanations: which catalogue keywords and which words pushed the chosen label up.

use crate::Classifier;
use crate::features::{Analyzed, readable};
use crate::keywords::Hit;
use crate::vocab::Sparse;

/// Most word reasons reported besides keyword hits.
const MAX_WORDS: usize = 4;
/// Most reasons overall.
const MAX_REASONS: usize = 6;

/// Keyword/phrase/pattern hits for `class`, then the words with the largest positive contribution.
pub(crate) fn explain(model: &Classifier, a: &Analyzed, x: &Sparse, hits: &[Hit], class: usize) -> Vec<String> {
    let mut reasons: Vec<String> = hits.iter().filter(|h| h.label == class).map(|h| h.text.clone()).collect();
    let (vocab, linear) = model.parts();
    let mut words: Vec<(f32, String)> = x
        .iter()
        .filter(|&&(f, _)| (f as usize) < vocab.len())
        .filter_map(|&(f, v)| Some((v * linear.weight(f, class), readable(vocab.term(f))?)))
        .filter(|(c, _)| *c > 0.0)
        .map(|(c, stemmed)| (c, surface(a, stemmed)))
        .collect();
    words.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    for (_, w) in words.into_iter().take(MAX_WORDS) {
        if !reasons.iter().any(|r| r.contains(&w)) {
            reasons.push(w);
        }
    }
    reasons.truncate(MAX_REASONS);
    reasons
}

/// The words as the citizen wrote them (after normalization) behind a stem or stem bigram.
fn surface(a: &Analyzed, stemmed: &str) -> String {
    stemmed
        .split(' ')
        .map(|s| a.stems.iter().position(|x| x == s).map_or(s, |i| a.content[i].as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}
