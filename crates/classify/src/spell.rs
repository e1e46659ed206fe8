//! Typo repair at classification time: an unknown token is replaced by the most frequent training word
//! within one edit (delete/insert/substitute/transpose), found through a deletion index (SymSpell-like).

use crate::fasthash::FastMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Tokens shorter than this are never corrected (too many neighbours).
const MIN_LEN: usize = 4;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct Speller {
    /// Known words with their training frequency, sorted by word.
    words: Vec<(String, u32)>,
    #[serde(skip)]
    known: FastMap<String, u32>,
    #[serde(skip)]
    deletes: FastMap<String, Vec<u32>>,
}

impl Speller {
    /// Learns the lexicon from the content tokens of the training texts.
    pub(crate) fn fit<'a>(tokens: impl Iterator<Item = &'a String>) -> Speller {
        let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
        for t in tokens.filter(|t| t.is_ascii()) {
            *counts.entry(t).or_default() += 1;
        }
        let words = counts.into_iter().map(|(w, c)| (w.to_string(), c)).collect();
        let mut speller = Speller { words, ..Speller::default() };
        speller.reindex();
        speller
    }

    /// Rebuilds the lookup tables (after deserializing).
    pub(crate) fn reindex(&mut self) {
        self.known = self.words.iter().enumerate().map(|(i, (w, _))| (w.clone(), i as u32)).collect();
        self.deletes.clear();
        for (i, (w, _)) in self.words.iter().enumerate().filter(|(_, (w, _))| w.len() >= MIN_LEN) {
            for d in deletions(w) {
                self.deletes.entry(d).or_default().push(i as u32);
            }
        }
    }

    /// The best known word one edit away, if the token itself is unknown.
    pub(crate) fn correct(&self, token: &str) -> Option<&str> {
        if token.len() < MIN_LEN || !token.is_ascii() || self.known.contains_key(token) {
            return None;
        }
        let dels = deletions(token);
        let mut candidates: Vec<u32> = dels.iter().filter_map(|d| self.known.get(d)).copied().collect();
        candidates.extend(self.deletes.get(token).into_iter().flatten());
        for d in &dels {
            candidates.extend(self.deletes.get(d).into_iter().flatten());
        }
        let best = candidates.into_iter().filter(|&i| self.words[i as usize].0.len() >= MIN_LEN).max_by(|&a, &b| {
            let (wa, wb) = (&self.words[a as usize], &self.words[b as usize]);
            wa.1.cmp(&wb.1).then_with(|| wb.0.cmp(&wa.0))
        })?;
        Some(&self.words[best as usize].0)
    }
}

/// Every string with one byte removed (ASCII only).
fn deletions(word: &str) -> Vec<String> {
    (0..word.len()).map(|i| format!("{}{}", &word[..i], &word[i + 1..])).collect()
}

#[cfg(test)]
mod tests {
    use super::Speller;

    #[test]
    fn one_edit_typos_are_repaired_and_known_words_left_alone() {
        let words: Vec<String> = ["lampu", "jalan", "jalan", "gelap", "rusak"].iter().map(|s| s.to_string()).collect();
        let s = Speller::fit(words.iter());
        assert_eq!(s.correct("lmpu"), Some("lampu"));
        assert_eq!(s.correct("jalam"), Some("jalan"));
        assert_eq!(s.correct("rusk"), Some("rusak"));
        assert_eq!(s.correct("jalan"), None);
        assert_eq!(s.correct("zzzzzz"), None);
    }
}
