//! Text pipeline, first half: NFKC, lowercase, strip URLs/emoji/numbers, expand slang, map Javanese and English.

use crate::fasthash::FastMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// Abbreviations and chat slang (ours, Apache-2.0).
const SLANG: &str = include_str!("../data/slang.tsv");
/// Domain overrides that win over slang (ours, Apache-2.0).
const DOMAIN: &str = include_str!("../data/domain.tsv");
/// Common English complaint words mapped to Indonesian (ours, Apache-2.0).
const ENGLISH: &str = include_str!("../data/english.tsv");
/// Common Javanese ngoko/krama words mapped to Indonesian (ours, Apache-2.0).
const JAVANESE: &str = include_str!("../data/javanese.tsv");

/// Token → replacement tokens; later files override earlier ones.
static MAP: LazyLock<FastMap<String, Vec<String>>> = LazyLock::new(|| {
    let mut map = FastMap::default();
    for file in [ENGLISH, JAVANESE, SLANG, DOMAIN] {
        for (from, to) in parse_tsv(file) {
            map.insert(from, to.split_whitespace().map(str::to_string).collect());
        }
    }
    map
});

/// The mapped form of one cleaned word, if the slang/Javanese/domain maps know it.
pub(crate) fn mapped(word: &str) -> Option<&'static [String]> {
    MAP.get(word).map(Vec::as_slice)
}

/// Every word the maps know, on either side (the shorthand index learns these beside the training words; a
/// repaired word then goes through the maps, so `lmp` found as `lamp` still ends as `lampu`).
pub(crate) fn map_words() -> impl Iterator<Item = &'static str> {
    static WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
        let mut words = Vec::new();
        for (from, to) in [ENGLISH, JAVANESE, SLANG, DOMAIN].into_iter().flat_map(parse_tsv) {
            words.push(from);
            words.extend(to.split_whitespace().map(str::to_string));
        }
        words
    });
    WORDS.iter().map(String::as_str)
}

/// `from<TAB>to` lines; `#` starts a comment line.
pub(crate) fn parse_tsv(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.trim().to_lowercase(), b.trim().to_lowercase()))
        .collect()
}

/// Normalizes a complaint into Indonesian-ish lowercase tokens (not yet stemmed, stopwords kept).
///
/// Deterministic and allocation-light; the same pipeline is applied to catalogue keywords, so a keyword
/// written in plain Indonesian matches slang or Javanese input.
pub fn normalize(text: &str) -> Vec<String> {
    // ASCII is already NFKC: most SMS and chat text skips the Unicode pass.
    let folded: String =
        if text.is_ascii() { text.to_ascii_lowercase() } else { text.nfkc().flat_map(char::to_lowercase).collect() };
    let mut out = Vec::new();
    for chunk in folded.split_whitespace() {
        if is_link_or_handle(chunk) {
            continue;
        }
        for raw in chunk.split(|c: char| !c.is_alphanumeric()) {
            push_token(raw, &mut out);
        }
    }
    out
}

fn is_link_or_handle(chunk: &str) -> bool {
    chunk.contains("://") || chunk.starts_with("www.") || chunk.contains('@') || chunk.starts_with('#')
}

/// Cleans one raw token and appends its mapped form.
fn push_token(raw: &str, out: &mut Vec<String>) {
    let word = clean(raw);
    if word.is_empty() {
        return;
    }
    match MAP.get(word.as_str()) {
        Some(to) => out.extend(to.iter().cloned()),
        None => out.push(word),
    }
}

/// Drops digits (numbers are noise; `anak2` is reduplication) and squeezes letter runs (`bangettt`).
fn clean(raw: &str) -> String {
    let mut word = String::with_capacity(raw.len());
    let mut run = (' ', 0usize);
    for c in raw.chars().filter(|c| c.is_alphabetic()) {
        run = if c == run.0 { (c, run.1 + 1) } else { (c, 1) };
        if run.1 < 3 {
            word.push(c);
        }
    }
    word
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn slang_javanese_urls_and_numbers_are_normalized() {
        let t = normalize("Dalan ning RT 03 ora ono lampune, tlg bgttt!!! 😡 https://x.co/a");
        assert_eq!(t, ["jalan", "di", "rt", "tidak", "ada", "lampu", "tolong", "banget"]);
    }
}
