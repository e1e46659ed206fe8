//! Splitting a text longer than one SMS into "(1/3) …" parts that each fit one SMS, at word breaks.

use super::{ONE_SMS, ONE_UCS2_SMS, char_septets, is_gsm7};

/// `text` alone when it fits one SMS (GSM-7 ≤ 160 septets; with a non-GSM character, UCS-2 ≤ 70 UTF-16
/// units, so an emoji counts 2). Otherwise parts prefixed "(i/n) ", each fitting one SMS prefix included,
/// broken at whitespace where possible and never inside a character.
pub fn split_sms(text: &str) -> Vec<String> {
    let (limit, cost): (usize, fn(char) -> usize) =
        if is_gsm7(text) { (ONE_SMS, |c| char_septets(c).unwrap_or(2)) } else { (ONE_UCS2_SMS, char::len_utf16) };
    if text.chars().map(cost).sum::<usize>() <= limit {
        return vec![text.to_owned()];
    }
    // "(i/n) " grows with the number of parts: assume n has one digit, then two, …
    let mut digits = 1;
    loop {
        let budget = limit.saturating_sub(2 * digits + 4).max(2);
        let parts = chunks(text, budget, cost);
        if parts.len() == 1 {
            return parts; // only surrounding whitespace made it too long
        }
        if 10usize.checked_pow(digits as u32).is_none_or(|cap| parts.len() < cap) {
            let n = parts.len();
            return parts.into_iter().enumerate().map(|(i, p)| format!("({}/{n}) {p}", i + 1)).collect();
        }
        digits += 1;
    }
}

/// Greedy pieces costing at most `budget`, cut at the last whitespace that fits, or inside a word longer
/// than a piece (but not between an emoji and its joiner or modifier).
fn chunks(text: &str, budget: usize, cost: fn(char) -> usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        while chars.get(start).is_some_and(|c| c.is_whitespace()) {
            start += 1;
        }
        if start == chars.len() {
            break;
        }
        let (mut end, mut used, mut last_space) = (start, 0, None);
        while end < chars.len() && used + cost(chars[end]) <= budget {
            if chars[end].is_whitespace() {
                last_space = Some(end);
            }
            used += cost(chars[end]);
            end += 1;
        }
        if end < chars.len() && !chars[end].is_whitespace() {
            match last_space {
                Some(space) => end = space,
                None => {
                    while end > start + 1 && (joins(chars[end]) || chars[end - 1] == '\u{200D}') {
                        end -= 1;
                    }
                }
            }
        }
        let end = end.max(start + 1);
        out.push(chars[start..end].iter().collect::<String>().trim_end().to_owned());
        start = end;
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// Characters that belong to the one before them: joiner, variation selectors, skin-tone modifiers.
fn joins(c: char) -> bool {
    matches!(c, '\u{200D}' | '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{0300}'..='\u{036F}')
}

#[cfg(test)]
mod tests {
    use super::split_sms;
    use crate::gsm7::{fits_one_sms, is_gsm7, septets};

    fn words(parts: &[String]) -> Vec<String> {
        let strip = |p: &String| p.split_once(") ").map_or(p.clone(), |(_, rest)| rest.to_owned());
        parts.iter().map(strip).flat_map(|p| p.split_whitespace().map(str::to_owned).collect::<Vec<_>>()).collect()
    }

    #[test]
    fn a_text_that_fits_one_sms_comes_back_alone_without_a_prefix() {
        assert_eq!(split_sms("Laporan diterima."), ["Laporan diterima."]);
        assert_eq!(split_sms(&"a".repeat(160)), ["a".repeat(160)]);
        assert_eq!(split_sms(""), [""]);
    }

    #[test]
    fn a_long_gsm7_text_is_split_at_spaces_into_numbered_parts_that_each_fit() {
        let text = "jalan berlubang di depan SD Medono ".repeat(8);
        let parts = split_sms(&text);
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(parts[0].starts_with("(1/2) jalan") && parts[1].starts_with("(2/2) "), "{parts:?}");
        assert!(parts.iter().all(|p| fits_one_sms(p)), "{parts:?}");
        assert_eq!(words(&parts), text.split_whitespace().collect::<Vec<_>>(), "no word is cut");
    }

    #[test]
    fn extension_characters_count_two_septets_in_every_part() {
        let text = "harga [naik] €5 {lagi} ".repeat(12);
        assert_eq!(septets(&text), Some(12 * 28), "brackets and the euro sign cost two");
        let parts = split_sms(&text);
        assert!(parts.len() >= 3, "{parts:?}");
        assert!(parts.iter().all(|p| septets(p).is_some_and(|n| n <= 160)), "{parts:?}");
        assert_eq!(words(&parts), text.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn a_text_with_emoji_is_split_as_ucs2_with_70_units_per_part() {
        let text = "Lampu jalan mati 🙂 sudah seminggu 👍🏽 mohon segera diperbaiki. ".repeat(3);
        assert!(!is_gsm7(&text));
        let parts = split_sms(&text);
        assert!(parts.len() >= 3, "{parts:?}");
        for part in &parts {
            assert!(part.encode_utf16().count() <= 70, "{part:?} is {} units", part.encode_utf16().count());
        }
        assert_eq!(words(&parts), text.split_whitespace().collect::<Vec<_>>());
        assert!(parts.concat().contains("👍🏽"), "an emoji keeps its skin tone");
    }

    #[test]
    fn a_word_longer_than_a_part_is_cut_between_characters() {
        let text = "é".repeat(400);
        let parts = split_sms(&text);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| fits_one_sms(p)), "{parts:?}");
        assert_eq!(words(&parts).concat(), text);
        let emoji = "🙂".repeat(40);
        let parts = split_sms(&emoji);
        assert!(parts.iter().all(|p| p.encode_utf16().count() <= 70 && !p.contains('\u{FFFD}')));
        assert_eq!(words(&parts).concat(), emoji);
    }

    #[test]
    fn ten_parts_or_more_get_two_digit_prefixes_and_still_fit() {
        let text = "kata ".repeat(400);
        let parts = split_sms(&text);
        assert!(parts.len() >= 10, "{}", parts.len());
        assert!(parts[0].starts_with(&format!("(1/{}) ", parts.len())));
        assert!(parts.iter().all(|p| fits_one_sms(p)));
        assert_eq!(words(&parts).len(), 400);
    }

    #[test]
    fn surrounding_whitespace_alone_does_not_make_parts() {
        let text = format!("{}{}", "a ".repeat(75), " ".repeat(20));
        assert_eq!(split_sms(&text), [text.trim_end()]);
    }
}
