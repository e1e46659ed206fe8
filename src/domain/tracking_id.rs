//! Tracking IDs a citizen can read aloud and type on a feature phone: `PKL-7Q3K9XA`.
//!
//! Six random Crockford base32 symbols plus one Luhn mod 32 check symbol, which catches every single
//! mistyped symbol and every swap of two neighbours. Parsing forgives case, spaces, hyphens, dots,
//! and the O/0, I/L/1 and U/V confusions, with or without the prefix.

use std::fmt;

use rand::Rng;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random symbols per ID: 32^6 ≈ 1.07 billion.
const BODY_LEN: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TrackingId {
    prefix: String,
    /// Body and check symbol, canonical upper-case Crockford.
    code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackingIdError {
    #[error("a tracking ID has {expected} symbols after the prefix, this has {found}")]
    Length { expected: usize, found: usize },
    #[error("{0:?} is not a tracking ID symbol")]
    Symbol(char),
    #[error("the check symbol does not match: probably a typo")]
    Check,
}

impl TrackingId {
    /// A fresh random ID with the given prefix (already validated by config).
    pub fn generate(prefix: &str, rng: &mut impl Rng) -> Self {
        let body: Vec<u8> = (0..BODY_LEN).map(|_| rng.random_range(0..32u8)).collect();
        let mut code: String = body.iter().map(|&v| ALPHABET[v as usize] as char).collect();
        code.push(ALPHABET[check_value(&body) as usize] as char);
        Self { prefix: prefix.to_ascii_uppercase(), code }
    }

    /// Parses what a citizen typed. The prefix is optional; when present it must be `prefix`.
    pub fn parse(input: &str, prefix: &str) -> Result<Self, TrackingIdError> {
        let compact: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '_' | '/' | '#'))
            .flat_map(char::to_uppercase)
            .collect();
        let prefix = prefix.to_ascii_uppercase();
        let rest = strip_prefix(&compact, &prefix);
        let found = rest.chars().count();
        if found != BODY_LEN + 1 {
            return Err(TrackingIdError::Length { expected: BODY_LEN + 1, found });
        }
        let values = rest.chars().map(symbol_value).collect::<Result<Vec<u8>, _>>()?;
        let (body, check) = values.split_at(BODY_LEN);
        if check_value(body) != check[0] {
            return Err(TrackingIdError::Check);
        }
        let code = values.iter().map(|&v| ALPHABET[v as usize] as char).collect();
        Ok(Self { prefix, code })
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }
}

impl fmt::Display for TrackingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.prefix, self.code)
    }
}

/// Removes the prefix, also when its letters went through the same confusions (PKL typed as PK1).
fn strip_prefix<'a>(compact: &'a str, prefix: &str) -> &'a str {
    if compact.len() > prefix.len() && compact.is_char_boundary(prefix.len()) {
        let (head, tail) = compact.split_at(prefix.len());
        let same =
            head.chars().zip(prefix.chars()).all(|(a, b)| a == b || symbol_value(a).ok() == symbol_value(b).ok());
        if same {
            return tail;
        }
    }
    compact
}

fn symbol_value(c: char) -> Result<u8, TrackingIdError> {
    let c = match c {
        'O' => '0',
        'I' | 'L' => '1',
        'U' => 'V',
        other => other,
    };
    ALPHABET.iter().position(|&a| a as char == c).map(|p| p as u8).ok_or(TrackingIdError::Symbol(c))
}

/// Luhn mod N (N = 32) check value over the body symbols.
fn check_value(body: &[u8]) -> u8 {
    let n = 32u32;
    let mut factor = 2u32;
    let mut sum = 0u32;
    for &v in body.iter().rev() {
        let addend = factor * u32::from(v);
        sum += addend / n + addend % n;
        factor = if factor == 2 { 1 } else { 2 };
    }
    ((n - sum % n) % n) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn sample() -> TrackingId {
        TrackingId::generate("PKL", &mut rand::rngs::StdRng::seed_from_u64(7))
    }

    #[test]
    fn a_generated_id_reads_back_exactly() {
        let id = sample();
        assert_eq!(TrackingId::parse(&id.to_string(), "PKL"), Ok(id.clone()));
        assert!(id.to_string().starts_with("PKL-"));
        assert_eq!(id.to_string().len(), 4 + BODY_LEN + 1);
    }

    #[test]
    fn parsing_forgives_case_spaces_hyphens_and_look_alike_letters() {
        let id = sample();
        let typed = id.to_string().to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
        assert_eq!(TrackingId::parse(&typed, "PKL"), Ok(id.clone()));
        let without_prefix = &id.to_string()[4..];
        assert_eq!(TrackingId::parse(without_prefix, "pkl"), Ok(id.clone()));
        let spaced: String = id.to_string().chars().flat_map(|c| [c, ' ']).collect();
        assert_eq!(TrackingId::parse(&spaced, "PKL"), Ok(id));
    }

    #[test]
    fn every_single_symbol_typo_is_caught_by_the_check_symbol() {
        let id = sample();
        let code = id.to_string()[4..].to_string();
        for pos in 0..code.len() {
            for &sym in ALPHABET {
                let mut bytes = code.clone().into_bytes();
                if bytes[pos] == sym {
                    continue;
                }
                bytes[pos] = sym;
                let typo = String::from_utf8(bytes).unwrap();
                assert_eq!(TrackingId::parse(&typo, "PKL"), Err(TrackingIdError::Check), "{typo}");
            }
        }
    }

    #[test]
    fn swapping_two_neighbouring_symbols_is_caught() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        for _ in 0..200 {
            let code = TrackingId::generate("PKL", &mut rng).to_string()[4..].to_string();
            for pos in 0..code.len() - 1 {
                let mut b = code.clone().into_bytes();
                if b[pos] == b[pos + 1] {
                    continue;
                }
                b.swap(pos, pos + 1);
                let swapped = String::from_utf8(b).unwrap();
                assert!(TrackingId::parse(&swapped, "PKL").is_err(), "{code} -> {swapped}");
            }
        }
    }

    #[test]
    fn the_example_shown_to_citizens_is_a_valid_id() {
        // dialogs/messages.toml shows this as the example: it must pass its own check symbol.
        assert!(TrackingId::parse("PKL-7Q3K9XW", "PKL").is_ok());
    }

    #[test]
    fn wrong_lengths_and_foreign_symbols_are_refused_with_a_reason() {
        assert_eq!(TrackingId::parse("PKL-123", "PKL"), Err(TrackingIdError::Length { expected: 7, found: 3 }));
        assert!(matches!(TrackingId::parse("PKL-12345*7", "PKL"), Err(TrackingIdError::Symbol('*'))));
        assert!(TrackingId::parse("", "PKL").is_err());
        assert!(TrackingId::parse("🙂🙂🙂🙂🙂🙂🙂", "PKL").is_err());
    }
}
