//! Text pipeline, second half: rule-based Indonesian stemming (affix stripping after Nazief–Adriani/ECS,
//! no root dictionary; a small list of protected roots of our own guards the worst over-stemming).

use std::collections::HashSet;
use std::sync::LazyLock;

/// Words that are never stemmed (ours, Apache-2.0).
const ROOTS: &str = include_str!("../data/roots.txt");

static PROTECTED: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| ROOTS.split_whitespace().filter(|w| !w.starts_with('#')).collect());

/// Stems one lowercase token: particles, possessives, one derivational suffix, then up to two prefixes.
pub fn stem(word: &str) -> String {
    if word.chars().count() < 4 || PROTECTED.contains(word) || !word.is_ascii() {
        return word.to_string();
    }
    let mut w = word.to_string();
    for suffix in ["lah", "kah", "tah", "pun"] {
        strip_suffix(&mut w, suffix, 4);
    }
    for suffix in ["nya", "ku", "mu"] {
        strip_suffix(&mut w, suffix, 4);
    }
    if !PROTECTED.contains(w.as_str()) {
        let stripped = strip_suffix(&mut w, "kan", 4) || strip_suffix(&mut w, "an", 4);
        if !stripped && ends_consonant_i(&w) {
            strip_suffix(&mut w, "i", 4);
        }
    }
    for _ in 0..2 {
        if PROTECTED.contains(w.as_str()) {
            break;
        }
        match strip_prefix(&w) {
            Some(next) => w = next,
            None => break,
        }
    }
    w
}

fn strip_suffix(w: &mut String, suffix: &str, min_left: usize) -> bool {
    if w.ends_with(suffix) && w.len() - suffix.len() >= min_left {
        w.truncate(w.len() - suffix.len());
        return true;
    }
    false
}

fn ends_consonant_i(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 2 && b[b.len() - 1] == b'i' && !is_vowel(b[b.len() - 2])
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// One prefix removal with the usual recoding of nasal prefixes (`menulis`→`tulis`, `memukul`→`pukul`).
fn strip_prefix(w: &str) -> Option<String> {
    let keep = |rest: &str, min: usize| (rest.len() >= min).then(|| rest.to_string());
    for plain in ["di", "ke", "se"] {
        if let Some(rest) = w.strip_prefix(plain) {
            return keep(rest, 4);
        }
    }
    for (pre, min) in [("ter", 4), ("ber", 4), ("per", 4)] {
        if let Some(rest) = w.strip_prefix(pre) {
            return keep(rest, min);
        }
    }
    if !(w.starts_with("me") || w.starts_with("pe")) {
        return None;
    }
    let nasal = &w[2..];
    let n = nasal.as_bytes();
    let at = |i: usize| n.get(i).copied().unwrap_or(b' ');
    let out = if let Some(rest) = nasal.strip_prefix("ng") {
        if is_vowel(at(2)) || matches!(at(2), b'g' | b'h' | b'k') {
            rest.to_string()
        } else {
            return None;
        }
    } else if nasal.starts_with("ny") && is_vowel(at(2)) {
        format!("s{}", &nasal[2..])
    } else if at(0) == b'm' {
        if is_vowel(at(1)) { format!("p{}", &nasal[1..]) } else { nasal[1..].to_string() }
    } else if at(0) == b'n' {
        if is_vowel(at(1)) { format!("t{}", &nasal[1..]) } else { nasal[1..].to_string() }
    } else if matches!(at(0), b'l' | b'r' | b'w' | b'y') || (w.starts_with("pe") && !is_vowel(at(0))) {
        nasal.to_string()
    } else {
        return None;
    };
    keep(&out, 3)
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn common_affixes_are_stripped_and_roots_kept() {
        for (word, root) in [
            ("berlubang", "lubang"),
            ("pemadaman", "padam"),
            ("dipadamkan", "padam"),
            ("kelurahan", "lurah"),
            ("diperbaiki", "baik"),
            ("menulis", "tulis"),
            ("pelayanan", "layan"),
            ("jalan", "jalan"),
            ("mati", "mati"),
            ("sungai", "sungai"),
            ("lapangan", "lapang"),
        ] {
            assert_eq!(stem(word), root, "{word}");
        }
    }
}
