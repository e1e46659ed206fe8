//! Turns a complaint into analyzed tokens and the raw terms of the linear model: word unigrams and bigrams
//! over stems (stopwords dropped), and character 4-grams over the unstemmed tokens (typo tolerance).

use crate::normalize::{mapped, normalize};
use crate::stem::stem;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Character n-gram sizes (4-grams alone keep typo tolerance at half the features of 3+4).
const CHAR_NS: [usize; 1] = [4];

/// Place words: where a complaint is, never what it is about, so they get no unigram, char n-gram or skeleton
/// features of their own (a bigram such as `kantor kelurahan` still counts).
const PLACE_WORDS: [&str; 10] =
    ["kelurahan", "kecamatan", "desa", "kampung", "rt", "rw", "camat", "lurah", "dusun", "gang"];

fn is_place(word: &str) -> bool {
    PLACE_WORDS.contains(&word)
}

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

/// The raw terms of a document, with repeats (term frequency counts them); training and explanations.
pub(crate) fn terms(a: &Analyzed) -> Vec<String> {
    let mut out = Vec::with_capacity(a.stems.len() * 8);
    for s in a.stems.iter().filter(|s| !is_place(s)) {
        out.push(format!("w:{s}"));
    }
    for pair in a.stems.windows(2) {
        out.push(format!("b:{} {}", pair[0], pair[1]));
    }
    for token in a.content.iter().filter(|t| !is_place(t)) {
        char_grams(token, &mut out);
        out.push(format!("k:{}", crate::spell::skeleton(token)));
    }
    out
}

/// The hashes ([`term_hash`]) of exactly the terms [`terms`] makes, without building any string: the hot path.
pub(crate) fn term_hashes(a: &Analyzed) -> Vec<u64> {
    let mut out = Vec::with_capacity(a.stems.len() * 8);
    for s in a.stems.iter().filter(|s| !is_place(s)) {
        out.push(Fnv::start(b"w:").bytes(s.as_bytes()).0);
    }
    for pair in a.stems.windows(2) {
        out.push(Fnv::start(b"b:").bytes(pair[0].as_bytes()).bytes(b" ").bytes(pair[1].as_bytes()).0);
    }
    let mut buf = [0u8; 4];
    let mut ascii = Vec::with_capacity(32);
    for token in a.content.iter().filter(|t| !is_place(t)) {
        if token.is_ascii() {
            // One byte per char: the windows of `^token$` as bytes hash like the char windows below.
            ascii.clear();
            ascii.push(b'^');
            ascii.extend_from_slice(token.as_bytes());
            ascii.push(b'$');
            for n in CHAR_NS {
                out.extend(ascii.windows(n).map(|gram| Fnv::start(b"c:").bytes(gram).0));
            }
        } else {
            let chars: Vec<char> = std::iter::once('^').chain(token.chars()).chain(std::iter::once('$')).collect();
            for n in CHAR_NS {
                for gram in chars.windows(n) {
                    let h = gram.iter().fold(Fnv::start(b"c:"), |h, c| h.bytes(c.encode_utf8(&mut buf).as_bytes()));
                    out.push(h.0);
                }
            }
        }
        let mut chars = token.chars();
        let first = chars.next().map(|c| Fnv::start(b"k:").bytes(c.encode_utf8(&mut buf).as_bytes()));
        let skeleton = chars
            .filter(|c| !crate::spell::is_vowel(*c))
            .fold(first, |h, c| h.map(|h| h.bytes(c.encode_utf8(&mut buf).as_bytes())));
        out.push(skeleton.unwrap_or_else(|| Fnv::start(b"k:")).0);
    }
    out
}

/// The hash a term string is looked up by (FNV-1a over its bytes).
pub(crate) fn term_hash(term: &str) -> u64 {
    Fnv::start(term.as_bytes()).0
}

/// FNV-1a, fed incrementally.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Fnv {
    fn start(bytes: &[u8]) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325).bytes(bytes)
    }

    fn bytes(self, bytes: &[u8]) -> Fnv {
        Fnv(bytes.iter().fold(self.0, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)))
    }
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
