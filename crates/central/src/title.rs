//! Derives LAPOR!'s short `judul` from the citizen's complaint text: the first real clause, cleaned.
//!
//! Deterministic and plain: URLs and emoji go, leading greetings ("Selamat pagi pak,") are skipped,
//! a too-short clause takes the next one along, the result fits 80 characters at a word boundary
//! (ASCII "..." marks a cut) and starts with a capital letter.

/// Longest title, "..." included.
const MAX_CHARS: usize = 80;
/// A first clause shorter than this ("Air mati") takes the next clause along.
const MIN_CHARS: usize = 20;
/// The title of a description with no usable text.
const FALLBACK: &str = "Laporan warga";

/// Words that make up greetings and forms of address; a clause made only of these is skipped.
const GREETING_WORDS: &[&str] = &[
    "assalamualaikum",
    "assalamu'alaikum",
    "asalamualaikum",
    "salam",
    "wr",
    "wb",
    "wr.wb",
    "warahmatullahi",
    "wabarakatuh",
    "selamat",
    "pagi",
    "siang",
    "sore",
    "malam",
    "halo",
    "hallo",
    "hai",
    "permisi",
    "pak",
    "bu",
    "bapak",
    "ibu",
    "min",
    "admin",
    "mas",
    "mbak",
    "kak",
    "sugeng",
    "enjing",
    "dalu",
    "nuwun",
    "sewu",
    "mohon",
    "maaf",
    "lapor",
    "yth",
    "kepada",
    "terhormat",
];

/// Abbreviations whose dot does not end a clause (`Jl. Sriwijaya`, `RT. 03`).
const ABBREVIATIONS: &[&str] = &[
    "jl", "jln", "gg", "no", "rt", "rw", "kel", "kec", "kab", "ds", "dk", "dr", "drs", "h", "hj", "bpk", "sdr", "yth",
    "wr", "st", "kp",
];

/// A short title for `description`; see the module documentation.
pub fn title(description: &str) -> String {
    let text = if is_shouting(description) { description.to_lowercase() } else { description.to_string() };
    let clauses = clauses(&text);
    let mut words: Vec<&str> = Vec::new();
    for clause in clauses.iter().skip_while(|c| is_greeting(c)) {
        words.extend(clause.iter().map(String::as_str));
        if trim_punctuation(&words.join(" ")).chars().count() >= MIN_CHARS {
            break;
        }
    }
    let title = fit(&words);
    if title.is_empty() { FALLBACK.to_string() } else { capitalise(&title) }
}

/// Splits into clauses of cleaned words at `. ! ? ; ,` (ending a word), a lone dash, and line ends.
fn clauses(text: &str) -> Vec<Vec<String>> {
    let mut clauses = Vec::new();
    for line in text.lines() {
        let mut current: Vec<String> = Vec::new();
        for raw in line.split_whitespace() {
            if is_url(raw) {
                continue;
            }
            let word: String = raw.chars().filter(|c| is_kept(*c)).collect();
            if word.is_empty() {
                continue;
            }
            // A lone dash stays with its clause: if the next clause is taken along, so is the dash.
            let ends = matches!(word.as_str(), "-" | "--" | "–" | "—") || ends_clause(&word);
            current.push(word);
            if ends {
                clauses.push(std::mem::take(&mut current));
            }
        }
        clauses.push(current);
    }
    clauses.retain(|c| c.iter().any(|w| w.chars().any(char::is_alphanumeric)));
    clauses
}

fn is_url(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.contains("://") || lower.starts_with("www.")
}

/// Letters, digits and ordinary punctuation stay; emoji, symbols and joiners go.
fn is_kept(c: char) -> bool {
    c.is_alphanumeric() || "-–—.,!?;:'\"/()&%+#@_=".contains(c)
}

fn ends_clause(word: &str) -> bool {
    let Some(last) = word.chars().last() else { return false };
    if !".!?;,".contains(last) {
        return false;
    }
    let stem = word.trim_end_matches(['.', '!', '?', ';', ',']).to_lowercase();
    !(last == '.' && ABBREVIATIONS.contains(&stem.as_str()))
}

fn is_greeting(clause: &[String]) -> bool {
    clause
        .iter()
        .map(|w| trim_punctuation(&w.to_lowercase()))
        .filter(|w| !w.is_empty())
        .all(|w| GREETING_WORDS.contains(&w.as_str()))
}

/// No letters in lower case at all: an SMS typed in capitals.
fn is_shouting(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).count() >= 4 && !text.chars().any(char::is_lowercase)
}

fn trim_punctuation(text: &str) -> String {
    text.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(')
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')')
        .to_string()
}

/// Joins the words and cuts at a word boundary so that the text plus "..." fits `MAX_CHARS`.
fn fit(words: &[&str]) -> String {
    let whole = trim_punctuation(&words.join(" "));
    if whole.chars().count() <= MAX_CHARS {
        return whole;
    }
    let budget = MAX_CHARS - 3;
    let mut kept = String::new();
    for word in words {
        let next = if kept.is_empty() { word.to_string() } else { format!("{kept} {word}") };
        if trim_punctuation(&next).chars().count() > budget {
            break;
        }
        kept = next;
    }
    let mut kept = trim_punctuation(&kept);
    if kept.is_empty() {
        // One giant "word": cut inside it.
        kept = trim_punctuation(&whole.chars().take(budget).collect::<String>());
    }
    format!("{kept}...")
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
