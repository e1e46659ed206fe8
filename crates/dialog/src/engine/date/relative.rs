//! Dates people say rather than type: "kemarin sore", "tadi pagi", "seminggu lalu", "2 hari yang lalu",
//! in Indonesian, Javanese (ngoko and krama) and English, as days before the event's date.

/// A part of the day after a day word ("kemarin sore", "wingi bengi", "yesterday evening"): the date is
/// the day's.
const PARTS_OF_DAY: &[&str] = &[
    "pagi",
    "siang",
    "sore",
    "malam",
    "subuh",
    "esuk",
    "awan",
    "bengi",
    "enjing",
    "siyang",
    "sonten",
    "dalu",
    "morning",
    "afternoon",
    "evening",
    "night",
];
/// Words that mean today, or a moment earlier today.
const TODAY: &[&str] =
    &["hari ini", "tadi", "barusan", "baru saja", "dina iki", "dinten menika", "today", "earlier today", "just now"];
/// Words that mean yesterday (a night just past counts as yesterday's).
const YESTERDAY: &[&str] =
    &["kemarin", "kemaren", "kmrn", "semalam", "tadi malam", "wingi", "kala wingi", "yesterday", "last night"];
/// Words that mean the day before yesterday.
const TWO_DAYS: &[&str] = &["kemarin lusa", "lusa kemarin", "wingi uni", "the day before yesterday"];
/// "pagi ini", "sore iki", "this morning", "mau esuk": a part of today.
const THIS: &[&str] = &["ini", "iki", "menika"];
/// Units of a relative date ("2 hari", "seminggu", "3 weeks") in days.
const UNITS: &[(&str, i64)] = &[
    ("hari", 1),
    ("hr", 1),
    ("dina", 1),
    ("dino", 1),
    ("dinten", 1),
    ("day", 1),
    ("days", 1),
    ("minggu", 7),
    ("pekan", 7),
    ("week", 7),
    ("weeks", 7),
    ("bulan", 30),
    ("sasi", 30),
    ("wulan", 30),
    ("month", 30),
    ("months", 30),
];
/// Number words up to ten, in Indonesian, Javanese (ngoko and krama) and English.
const NUMBERS: &[(&str, i64)] = &[
    ("satu", 1),
    ("siji", 1),
    ("setunggal", 1),
    ("one", 1),
    ("a", 1),
    ("an", 1),
    ("dua", 2),
    ("loro", 2),
    ("kalih", 2),
    ("two", 2),
    ("tiga", 3),
    ("telu", 3),
    ("three", 3),
    ("empat", 4),
    ("papat", 4),
    ("sekawan", 4),
    ("four", 4),
    ("lima", 5),
    ("gangsal", 5),
    ("five", 5),
    ("enam", 6),
    ("enem", 6),
    ("six", 6),
    ("tujuh", 7),
    ("pitu", 7),
    ("seven", 7),
    ("delapan", 8),
    ("wolu", 8),
    ("eight", 8),
    ("sembilan", 9),
    ("sanga", 9),
    ("nine", 9),
    ("sepuluh", 10),
    ("sedasa", 10),
    ("ten", 10),
];
/// What ends a relative date: "lalu", "yang lalu", "kepungkur", "ingkang kepengker", "ago".
const AGO: &[&str] = &["lalu", "yang lalu", "yg lalu", "kepungkur", "kepengker", "ingkang kepengker", "ago"];

/// Days before today a phrase names: "hari ini", "tadi pagi" (0), "kemarin sore", "semalam" (1),
/// "kemarin lusa" (2), "3 hari lalu", "2 hari yang lalu", "seminggu lalu", "dua minggu lalu",
/// "3 dina kepungkur", "a week ago".
pub(super) fn days_ago(t: &str) -> Option<i64> {
    let named = |phrase: &str| {
        if TODAY.contains(&phrase) {
            Some(0)
        } else if YESTERDAY.contains(&phrase) {
            Some(1)
        } else {
            TWO_DAYS.contains(&phrase).then_some(2)
        }
    };
    if let Some(n) = named(t) {
        return Some(n);
    }
    // "kemarin sore", "tadi pagi", "wingi bengi": a day word, then a part of that day.
    if let Some((day, part)) = t.rsplit_once(' ')
        && PARTS_OF_DAY.contains(&part)
        && let Some(n) = named(day)
    {
        return Some(n);
    }
    // "pagi ini", "sore iki", "this morning", "mau esuk": a part of today.
    match t.split_once(' ') {
        Some((part, this)) if PARTS_OF_DAY.contains(&part) && THIS.contains(&this) => return Some(0),
        Some(("this" | "mau", part)) if PARTS_OF_DAY.contains(&part) => return Some(0),
        _ => {}
    }
    relative(t)
}

/// "3 hari lalu", "2 hari yang lalu", "seminggu lalu", "sebulan yang lalu", "dua minggu kepungkur",
/// "3 weeks ago": a count and a unit, then a word for "ago".
fn relative(t: &str) -> Option<i64> {
    // The longest "ago" that ends the text: "2 hari yang lalu" is "2 hari" + "yang lalu".
    let rest = AGO.iter().filter_map(|a| t.strip_suffix(a)).map(str::trim_end).min_by_key(|r| r.len())?;
    let (count, unit) = match rest.split_once(' ') {
        Some((n, unit)) => (count_of(n)?, unit.trim()),
        // "seminggu", "sehari", "sebulan": the prefix se- is one.
        None => (1, rest.strip_prefix("se")?),
    };
    let days = UNITS.iter().find(|(u, _)| *u == unit)?.1;
    // Years back still parse, so the citizen hears "more than a year ago" rather than "not a date".
    count.checked_mul(days).filter(|n| (0..=3660).contains(n))
}

fn count_of(word: &str) -> Option<i64> {
    word.parse().ok().or_else(|| NUMBERS.iter().find(|(w, _)| *w == word).map(|(_, n)| *n))
}
