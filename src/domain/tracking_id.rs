//! Tracking IDs a citizen can read aloud and type on a feature phone: `PKL-7Q3KR9P`.
//!
//! Six Crockford base32 symbols plus one check symbol from the same alphabet. Parsing forgives case,
//! spaces, hyphens, dots, and the O/0, I/L/1 and U/V confusions, with or without the prefix.
//!
//! **The check.** Symbols are read as elements of GF(32) (their 5-bit values) and the check symbol makes
//! `Σ α^(6-i) · d_i = 0` over the seven symbols, α a primitive element (Horner form: Damm's scheme over the
//! totally anti-symmetric quasigroup `x ∘ y = α·x + y` of order 32). A substitution at position i changes the
//! sum by `α^(6-i) · (a + b)`, never 0 in a field; swapping the symbols at i and j changes it by
//! `(α^(6-i) + α^(6-j)) · (a + b)`, never 0 because α has order 31, so the seven weights are distinct. Every
//! single mistyped symbol and every swap of two symbols (neighbours or not) is caught, with the alphabet and
//! the length unchanged. (A weighted sum mod 37 would need a 37th symbol outside Crockford's 32.)
//!
//! **Old IDs.** IDs issued before this check carry a Luhn mod 32 check symbol and still parse: an ID is
//! accepted when either check holds. Luhn mod 32 catches every substitution and every neighbour swap except
//! 0↔Z. A new ID is issued only when it satisfies *both* checks and has no 0 beside a Z, so each typo of a
//! new ID fails both and accepting the old check costs new IDs nothing. A string passing only the new check
//! was never issued (every issued ID passes Luhn), so a typo of an old ID that lands there finds no ticket.
//! An ID valid under both is simply one string: tickets are found by their exact canonical text, the
//! column is unique and a generated ID that is taken is drawn again, so it names at most one ticket
//! whichever scheme issued it. The price: about one body in 32 qualifies, 32^5 ≈ 33 million IDs a prefix.

use std::fmt;

use rand::Rng;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random symbols per ID before the check symbol.
const BODY_LEN: usize = 6;
/// Symbol values of the one neighbour swap Luhn mod 32 misses; new IDs never put them side by side.
const ZERO: u8 = 0;
const Z: u8 = 31;

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
        let values = loop {
            let mut values: Vec<u8> = (0..BODY_LEN).map(|_| rng.random_range(0..32u8)).collect();
            values.push(check_value(&values));
            // Both checks and no 0 beside a Z: every typo then fails both (see the module comment).
            if luhn_valid(&values) && !values.windows(2).any(|w| w == [ZERO, Z] || w == [Z, ZERO]) {
                break values;
            }
        };
        let code = values.iter().map(|&v| ALPHABET[v as usize] as char).collect();
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
        // The current check, or Luhn for an ID issued before it (see the module comment).
        if weighted_sum(&values) != 0 && !luhn_valid(&values) {
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

/// GF(32) = GF(2)[x] / (x^5 + x^2 + 1); the polynomial is primitive, so α = x (value 2) has order 31.
const FIELD_POLY: u8 = 0b10_0101;

/// α · v in GF(32).
fn times_alpha(v: u8) -> u8 {
    let shifted = v << 1;
    if shifted & 0b10_0000 != 0 { shifted ^ FIELD_POLY } else { shifted }
}

/// `Σ α^(n-1-i) · v_i` in GF(32), by Horner's rule (addition is XOR). Zero for a valid ID.
fn weighted_sum(values: &[u8]) -> u8 {
    values.iter().fold(0, |acc, &v| times_alpha(acc) ^ v)
}

/// The check symbol for a body: the value that brings the weighted sum of body and check to zero.
fn check_value(body: &[u8]) -> u8 {
    times_alpha(weighted_sum(body))
}

/// The check of IDs issued before the GF(32) check: Luhn mod 32 over the body, check symbol last.
fn luhn_valid(values: &[u8]) -> bool {
    let n = 32u32;
    let mut sum = 0u32;
    // From the right, the check symbol has factor 1, its neighbour 2, and so on alternately.
    for (k, &v) in values.iter().rev().enumerate() {
        let addend = if k % 2 == 1 { 2 * u32::from(v) } else { u32::from(v) };
        sum += addend / n + addend % n;
    }
    sum.is_multiple_of(n)
}

#[cfg(test)]
mod tests;
