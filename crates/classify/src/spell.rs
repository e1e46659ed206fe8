//! Typo and shorthand repair at classification time: an unknown token is replaced by the most frequent training
//! word within one edit (delete/insert/substitute/transpose, through a SymSpell-like deletion index), or else by
//! the most frequent training word with the same consonant skeleton (SMS drops vowels: `rsk` → `rusak`).

use crate::fasthash::FastMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Tokens shorter than this are never edit-corrected (too many neighbours).
const MIN_LEN: usize = 4;
/// Skeletons shorter than this are never looked up (`sm` could be sama, semua, sum…).
const MIN_SKELETON: usize = 3;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct Speller {
    /// Known words with their training frequency, sorted by word.
    words: Vec<(String, u32)>,
    #[serde(skip)]
    known: FastMap<String, u32>,
    #[serde(skip)]
    deletes: FastMap<String, Vec<u32>>,
    /// Consonant skeleton → the most frequent word with it.
    #[serde(skip)]
    skeletons: FastMap<String, u32>,
}

impl Speller {
    /// Learns the lexicon from the content tokens of the training texts, plus `extra` words (counted once
    /// each, so a training word wins a tie).
    pub(crate) fn fit<'a>(tokens: impl Iterator<Item = &'a str>, extra: impl Iterator<Item = &'static str>) -> Speller {
        let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
        for t in tokens.filter(|t| t.is_ascii()) {
            *counts.entry(t).or_default() += 2;
        }
        for t in extra.filter(|t| t.is_ascii() && t.chars().all(char::is_alphabetic)) {
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
        self.skeletons.clear();
        for (i, (w, count)) in self.words.iter().enumerate() {
            let skeleton = skeleton(w);
            if skeleton.len() < MIN_SKELETON || skeleton == *w {
                continue;
            }
            let best = self.skeletons.entry(skeleton).or_insert(i as u32);
            if self.words[*best as usize].1 < *count {
                *best = i as u32;
            }
        }
        for (i, (w, _)) in self.words.iter().enumerate().filter(|(_, (w, _))| w.len() >= MIN_LEN) {
            for d in deletions(w) {
                self.deletes.entry(d).or_default().push(i as u32);
            }
        }
    }

    /// For an unknown token: the best known word one edit away, else the best with the same skeleton.
    pub(crate) fn correct(&self, token: &str) -> Option<&str> {
        if !token.is_ascii() || self.known.contains_key(token) {
            return None;
        }
        let by_skeleton = || Some(self.words[*self.skeletons.get(&skeleton(token))? as usize].0.as_str());
        // A token without inner vowels is most likely typed that way on purpose (`sklh`), not one edit off.
        if skeleton(token) == token {
            by_skeleton().or_else(|| self.one_edit(token))
        } else {
            self.one_edit(token).or_else(by_skeleton)
        }
    }

    fn one_edit(&self, token: &str) -> Option<&str> {
        if token.len() < MIN_LEN {
            return None;
        }
        let mut candidates: Vec<u32> = self.deletes.get(token).cloned().unwrap_or_default();
        let mut d = String::with_capacity(token.len());
        for i in 0..token.len() {
            d.clear();
            d.push_str(&token[..i]);
            d.push_str(&token[i + 1..]);
            candidates.extend(self.known.get(d.as_str()));
            candidates.extend(self.deletes.get(d.as_str()).into_iter().flatten());
        }
        let best = candidates.into_iter().filter(|&i| self.words[i as usize].0.len() >= MIN_LEN).max_by(|&a, &b| {
            let (wa, wb) = (&self.words[a as usize], &self.words[b as usize]);
            wa.1.cmp(&wb.1).then_with(|| wb.0.cmp(&wa.0))
        })?;
        Some(&self.words[best as usize].0)
    }
}

/// The first letter, then the other letters without vowels (`jalan` → `jln`, `ambles` → `ambls`).
pub(crate) fn skeleton(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().into_iter().chain(chars.filter(|c| !is_vowel(*c))).collect()
}

pub(crate) fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
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
        let words: Vec<String> =
            ["lampu", "jalan", "jalan", "gelap", "rusak", "rasuk", "rusak"].iter().map(|s| s.to_string()).collect();
        let s = Speller::fit(words.iter().map(String::as_str), std::iter::empty());
        assert_eq!(s.correct("lmpu"), Some("lampu"));
        assert_eq!(s.correct("jalam"), Some("jalan"));
        assert_eq!(s.correct("rusk"), Some("rusak"));
        assert_eq!(s.correct("jalan"), None);
        assert_eq!(s.correct("zzzzzz"), None);
        assert_eq!(s.correct("rsk"), Some("rusak"), "the more frequent word of the skeleton");
        assert_eq!(s.correct("glp"), Some("gelap"));
        assert_eq!(s.correct("lp"), None, "too short a skeleton");
    }
}
