//! The TF-IDF vocabulary: a sorted term list (deterministic), inverse document frequencies, and the sparse
//! vectors the linear model reads. Word and char-n-gram groups are L2-normalized separately.

use crate::fasthash::FastMap;
use crate::features::{is_char_term, term_hash};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A sparse vector: (feature index, value), sorted by index.
pub(crate) type Sparse = Vec<(u32, f32)>;

/// Weight of each group after its own L2 normalization (words carry most meaning; chars catch typos).
const WORD_WEIGHT: f32 = 0.8;
const CHAR_WEIGHT: f32 = 0.6;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct Vocab {
    /// Terms in sorted order; a term's index is its feature index.
    terms: Vec<String>,
    /// Inverse document frequency per term.
    idf: Vec<f32>,
    /// Term hash → feature index.
    #[serde(skip)]
    index: FastMap<u64, u32>,
    /// Whether each feature is in the sub-word group (char n-grams, skeletons).
    #[serde(skip)]
    sub_word: Vec<bool>,
}

impl Vocab {
    /// Builds the vocabulary from each document's terms; rare terms are dropped on large corpora.
    pub(crate) fn fit(docs: &[Vec<String>]) -> Vocab {
        let mut df: BTreeMap<&str, u32> = BTreeMap::new();
        for doc in docs {
            let mut seen: Vec<&str> = doc.iter().map(String::as_str).collect();
            seen.sort_unstable();
            seen.dedup();
            for t in seen {
                *df.entry(t).or_default() += 1;
            }
        }
        let min_df = if docs.len() > 2000 { 2 } else { 1 };
        let n = docs.len() as f32;
        let kept: Vec<(&str, u32)> = df.into_iter().filter(|&(_, d)| d >= min_df).collect();
        let terms = kept.iter().map(|(t, _)| t.to_string()).collect();
        let idf = kept.iter().map(|&(_, d)| ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0).collect();
        let mut vocab = Vocab { terms, idf, index: FastMap::default(), sub_word: Vec::new() };
        vocab.reindex();
        vocab
    }

    /// Rebuilds the lookup table (after deserializing).
    pub(crate) fn reindex(&mut self) {
        self.index = self.terms.iter().enumerate().map(|(i, t)| (term_hash(t), i as u32)).collect();
        self.sub_word = self.terms.iter().map(|t| is_char_term(t)).collect();
    }

    /// Whether feature `f` is a known word or bigram (not a char n-gram, skeleton or keyword feature).
    pub(crate) fn is_word(&self, f: u32) -> bool {
        self.sub_word.get(f as usize).is_some_and(|sub| !sub)
    }

    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }

    pub(crate) fn term(&self, index: u32) -> &str {
        &self.terms[index as usize]
    }

    /// [`Vocab::vectorize_hashed`] of term strings.
    pub(crate) fn vectorize(&self, terms: &[String]) -> Sparse {
        self.vectorize_hashed(&terms.iter().map(|t| term_hash(t)).collect::<Vec<_>>())
    }

    /// Sublinear TF-IDF of hashed terms, each group L2-normalized and weighted; unknown terms are ignored.
    pub(crate) fn vectorize_hashed(&self, terms: &[u64]) -> Sparse {
        let mut counts: Vec<(u32, f32)> = terms.iter().filter_map(|t| self.index.get(t)).map(|&i| (i, 1.0)).collect();
        counts.sort_unstable_by_key(|&(i, _)| i);
        let mut v: Sparse = Vec::with_capacity(counts.len());
        for (i, c) in counts {
            match v.last_mut() {
                Some(last) if last.0 == i => last.1 += c,
                _ => v.push((i, c)),
            }
        }
        let (mut word_norm, mut char_norm) = (0.0f32, 0.0f32);
        for (i, x) in v.iter_mut() {
            *x = (1.0 + x.ln()) * self.idf[*i as usize];
            if self.sub_word[*i as usize] { char_norm += *x * *x } else { word_norm += *x * *x }
        }
        let word_scale = if word_norm > 0.0 { WORD_WEIGHT / word_norm.sqrt() } else { 0.0 };
        let char_scale = if char_norm > 0.0 { CHAR_WEIGHT / char_norm.sqrt() } else { 0.0 };
        for (i, x) in v.iter_mut() {
            *x *= if self.sub_word[*i as usize] { char_scale } else { word_scale };
        }
        v
    }
}
