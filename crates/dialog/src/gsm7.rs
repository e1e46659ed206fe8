//! GSM 03.38 (7-bit) counting and normalisation, so one reply is one SMS.

mod split;

pub use split::split_sms;

/// The basic GSM-7 alphabet (each costs one septet), ESC excluded.
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// The extension table (each costs two septets: ESC + char).
const EXTENSION: &str = "^{}\\[~]|€\u{0C}";

/// Septets in one SMS.
pub const ONE_SMS: usize = 160;
/// UCS-2 (UTF-16) code units in one SMS, when a character is not GSM-7.
pub const ONE_UCS2_SMS: usize = 70;

/// The septet cost of `s`, or `None` when a character forces UCS-2.
pub fn septets(s: &str) -> Option<usize> {
    s.chars().try_fold(0usize, |n, c| Some(n + char_septets(c)?))
}

/// True when every character of `s` is in the GSM-7 alphabet (basic or extension table).
pub fn is_gsm7(s: &str) -> bool {
    septets(s).is_some()
}

/// The septets one character costs (2 for the extension table), or `None` when it is not GSM-7.
pub(crate) fn char_septets(c: char) -> Option<usize> {
    if BASIC.contains(c) {
        Some(1)
    } else if EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// True when `s` is GSM-7 and at most 160 septets.
pub fn fits_one_sms(s: &str) -> bool {
    septets(s).is_some_and(|n| n <= ONE_SMS)
}

/// Rewrites smart punctuation to ASCII and drops what GSM-7 cannot carry (emoji, isolation marks).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match replacement(c) {
            Some(r) => out.push_str(r),
            None if BASIC.contains(c) || EXTENSION.contains(c) => out.push(c),
            None => {}
        }
    }
    tidy(&out)
}

fn replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '´' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' | '\t' => " ",
        '\u{2022}' | '\u{00B7}' => "-",
        '\u{2192}' => "->",
        'á' | 'â' | 'ã' => "a",
        'í' | 'î' | 'ï' => "i",
        'ó' | 'ô' | 'õ' => "o",
        'ú' | 'û' => "u",
        'ê' | 'ë' => "e",
        'ç' => "c",
        'Á' | 'À' | 'Â' => "A",
        'È' | 'Ê' => "E",
        '\u{2068}' | '\u{2069}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{FEFF}'
        | '\u{FE0F}' | '\r' => "",
        _ => return None,
    })
}

/// Collapses the double spaces left where emoji were removed and trims each line.
fn tidy(s: &str) -> String {
    let lines: Vec<String> =
        s.split('\n').map(|line| line.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")).collect();
    lines.join("\n").trim().to_owned()
}

/// Cuts `s` (already GSM-7) so it costs at most `budget` septets, ending with ".." when cut.
pub(crate) fn truncate(s: &str, budget: usize) -> String {
    if septets(s).is_some_and(|n| n <= budget) {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cost = if EXTENSION.contains(c) { 2 } else { 1 };
        if used + cost + 2 > budget {
            break;
        }
        used += cost;
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out.push_str("..");
    out
}
