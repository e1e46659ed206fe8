//! Matching a typed answer against option labels: any language, any case, by number, or by alias.

/// Lower-cases, trims, collapses spaces and drops trailing punctuation ("Anonim." == "anonim").
pub(crate) fn norm(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    joined.trim_end_matches(['.', '!', '?', ',']).to_owned()
}

/// The index of the candidate `text` names: `"2"` picks the second; otherwise any of a candidate's names.
pub(crate) fn pick<S: AsRef<str>>(text: &str, candidates: &[Vec<S>]) -> Option<usize> {
    let wanted = norm(text);
    if let Ok(n) = wanted.trim_end_matches(')').parse::<usize>() {
        return (1..=candidates.len()).contains(&n).then(|| n - 1);
    }
    candidates.iter().position(|names| names.iter().any(|n| norm(n.as_ref()) == wanted))
}
