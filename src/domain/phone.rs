//! Phone numbers in E.164 (`+6281234567890`), parsed once where an SMS or a shared contact enters.
//! Personal data: never log one.

use std::fmt;
use std::str::FromStr;

use phonenumber::Mode;
use phonenumber::country::Id;

/// A valid phone number in E.164 form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

/// Why a sender is not a phone number we can answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// A name such as `TELKOMSEL` or `BANK-XYZ`: nobody to reply to.
    #[error("alphanumeric sender")]
    Alphanumeric,
    #[error("not a valid phone number")]
    Invalid,
}

impl PhoneNumber {
    /// Parses what providers send (`+628…`, `628…`, `08…`, `%2B628…`, with spaces or dashes), with
    /// `region` (e.g. `ID`) for national forms.
    pub fn parse(raw: &str, region: &str) -> Result<Self, PhoneError> {
        let raw = raw.trim();
        let raw =
            raw.strip_prefix("%2B").or_else(|| raw.strip_prefix("%2b")).map_or(raw.to_owned(), |r| format!("+{r}"));
        let kept: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.')).collect();
        if kept.chars().any(|c| c.is_alphabetic()) {
            return Err(PhoneError::Alphanumeric);
        }
        let (plus, digits) = match kept.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, kept.as_str()),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || !(6..=15).contains(&digits.len()) {
            return Err(PhoneError::Invalid);
        }
        let region = Id::from_str(region).map_err(|_| PhoneError::Invalid)?;
        let country_code = phonenumber::metadata::DATABASE.by_id(region.as_ref()).map(|m| m.country_code());
        // "628…" is international without the plus; "08…" is national.
        let international =
            plus || country_code.is_some_and(|cc| digits.starts_with(&cc.to_string()) && !digits.starts_with('0'));
        let text = if international { format!("+{digits}") } else { digits.to_owned() };
        let valid = |text: &str| phonenumber::parse(Some(region), text).ok().filter(phonenumber::is_valid);
        // SMSCs often drop the plus of a foreign number ("14155550100"): try that before giving up.
        let number = valid(&text)
            .or_else(|| (!international && !digits.starts_with('0')).then(|| valid(&format!("+{digits}"))).flatten())
            .ok_or(PhoneError::Invalid)?;
        Ok(Self(number.format().mode(Mode::E164).to_string()))
    }

    /// Wraps a number that was stored in E.164 form by [`PhoneNumber::parse`].
    pub fn from_stored(e164: &str) -> Self {
        Self(e164.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_an_indonesian_mobile_arrives_becomes_the_same_e164() {
        for raw in ["+6281234567890", "6281234567890", "081234567890", "%2B6281234567890", "+62 812-3456-7890"] {
            assert_eq!(PhoneNumber::parse(raw, "ID").unwrap().as_str(), "+6281234567890", "{raw}");
        }
    }

    #[test]
    fn foreign_numbers_keep_their_country_with_or_without_the_plus() {
        assert_eq!(PhoneNumber::parse("+14158675309", "ID").unwrap().as_str(), "+14158675309");
        assert_eq!(PhoneNumber::parse("14158675309", "ID").unwrap().as_str(), "+14158675309");
        // A number valid both ways ("6591234567": Singapore, or an Indonesian line) stays national: the
        // gateway serves Indonesian citizens, and providers send foreign numbers with their "+".
        assert_eq!(PhoneNumber::parse("6591234567", "ID").unwrap().as_str(), "+626591234567");
    }

    #[test]
    fn alphanumeric_and_garbage_senders_are_refused() {
        assert_eq!(PhoneNumber::parse("TELKOMSEL", "ID"), Err(PhoneError::Alphanumeric));
        assert_eq!(PhoneNumber::parse("BANK-BRI", "ID"), Err(PhoneError::Alphanumeric));
        for raw in ["", "+", "123", "0000000000000000000", "+62 12"] {
            assert_eq!(PhoneNumber::parse(raw, "ID"), Err(PhoneError::Invalid), "{raw}");
        }
    }
}
