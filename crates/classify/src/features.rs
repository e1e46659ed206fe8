//! Turns a complaint into analyzed tokens and the raw terms of the linear model: word unigrams and bigrams
//! over stems (stopwords dropped), and character 4-grams over the unstemmed tokens (typo tolerance).

use crate::normalize::{mapped, normalize};
use crate::stem::stem;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Character n-gram sizes (4-grams alone keep typo tolerance at half the features of 3+4).
const CHAR_NS: [usize; 1] = [4];

/// Function words dropped before word features (ours, Apache-2.0).
const STOPWORDS: &str = include_str!("../data/stopwords.txt");

static STOP: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.lines().filter(|l| !l.starts_with('#')).flat_map(str::split_whitespace).collect());

/// A complaint after the text pipeline.
#[derive(Debug, Clone, Default)]
pub(crate) struct Analyzed {
    /// Normalized tokens, stopwords kept (what regex patterns see, joined by spaces).
    pub tokens: Vec<String>,
    /// Content tokens (stopwords dropped), unstemmed.
    pub content: Vec<String>,
    /// Stems of the content tokens, parallel to `content`.
    pub stems: Vec<String>,
}

/// Runs the whole text pipeline: normalize, drop stopwords, stem.
pub(crate) fn analyze(text: &str) -> Analyzed {
    analyze_with(text, |_| None)
}

/// The pipeline with typo repair: `fix` may replace an (unstemmed) content token by a known word, which then
/// goes through the slang/Javanese maps too (a repaired `dln` is `dalan`, so `jalan`).
pub(crate) fn analyze_with<'a>(text: &str, fix: impl Fn(&str) -> Option<&'a str>) -> Analyzed {
    let mut tokens = Vec::new();
    for t in normalize(text) {
        match fix(&t).filter(|_| !STOP.contains(t.as_str())) {
            Some(known) => match mapped(known) {
                Some(to) => tokens.extend(to.iter().cloned()),
                None => tokens.push(known.to_string()),
            },
            None => tokens.push(t),
        }
    }
    let content: Vec<String> = tokens.iter().filter(|t| !STOP.contains(t.as_str())).cloned().collect();
    let stems = content.iter().map(|t| stem(t)).collect();
    Analyzed { tokens, content, stems }
}

/// Stopwords, for the shorthand index (`dngn` is `dengan`, a stopword, not a content word).
pub(crate) fn stopwords() -> impl Iterator<Item = &'static str> {
    STOP.iter().copied()
}

/// Whether a term is a character n-gram (they form their own group in the vector).
pub(crate) fn is_char_term(term: &str) -> bool {
    term.starts_with("c:") || term.starts_with("k:")
}

/// The raw terms of a document, with repeats (term frequency counts them).
pub(crate) fn terms(a: &Analyzed) -> Vec<String> {
    let mut out = Vec::with_capacity(a.stems.len() * 8);
    for s in &a.stems {
        out.push(format!("w:{s}"));
    }
    for pair in a.stems.windows(2) {
        out.push(format!("b:{} {}", pair[0], pair[1]));
    }
    for token in &a.content {
        char_grams(token, &mut out);
        out.push(format!("k:{}", crate::spell::skeleton(token)));
    }
    out
}

fn char_grams(token: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = std::iter::once('^').chain(token.chars()).chain(std::iter::once('$')).collect();
    for n in CHAR_NS {
        for gram in chars.windows(n) {
            let mut term = String::with_capacity(2 + n * 2);
            term.push_str("c:");
            term.extend(gram);
            out.push(term);
        }
    }
}

/// The readable word behind a word or bigram term (`w:lampu` → `lampu`); `None` for char n-grams.
pub(crate) fn readable(term: &str) -> Option<&str> {
    term.strip_prefix("w:").or_else(|| term.strip_prefix("b:"))
}
