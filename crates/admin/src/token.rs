//! Callback tokens: a random server-side name for each button, so `callback_data` carries no ticket id
//! and cannot be forged; the caller stores token → (action, ticket, admin) and resolves it on a tap.

use rand::Rng;

/// Telegram's limit on `callback_data`, in bytes.
pub const CALLBACK_DATA_MAX: usize = 64;
const PREFIX: &str = "a:";
/// RFC 4648 base32, lower case: 26 symbols for 128 random bits.
const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
const TOKEN_LEN: usize = 26;

/// One button's token.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallbackToken(String);

/// Why callback data was refused; the admin is told the button is unknown, nothing changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CallbackRefusal {
    /// Not of the form `a:<26 base32 symbols>`: forged or from another bot version.
    #[error("malformed callback data")]
    Malformed,
    /// Well-formed, but no stored button has it (forged, expired or deleted); the caller returns this.
    #[error("unknown callback token")]
    Unknown,
    /// Stored for another admin (a forwarded message, a group member tapping someone else's button).
    #[error("callback token of another admin")]
    NotYours,
}

impl CallbackToken {
    /// 128 bits from `rng` (the caller passes a CSPRNG such as `rand::rng()`).
    pub fn generate(rng: &mut impl Rng) -> CallbackToken {
        let bytes: [u8; 16] = rng.random();
        let mut bits: u128 = u128::from_be_bytes(bytes);
        let mut out = String::with_capacity(TOKEN_LEN);
        for _ in 0..TOKEN_LEN {
            out.push(ALPHABET[(bits & 31) as usize] as char);
            bits >>= 5;
        }
        CallbackToken(out)
    }

    /// `a:<token>`, 28 bytes: well within [`CALLBACK_DATA_MAX`].
    pub fn callback_data(&self) -> String {
        format!("{PREFIX}{}", self.0)
    }

    /// The token itself, the store's key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses callback data from a tap; only the exact shape `generate` makes is accepted.
    pub fn parse(data: &str) -> Result<CallbackToken, CallbackRefusal> {
        let token = data.strip_prefix(PREFIX).ok_or(CallbackRefusal::Malformed)?;
        if token.len() == TOKEN_LEN && token.bytes().all(|b| ALPHABET.contains(&b)) {
            Ok(CallbackToken(token.to_owned()))
        } else {
            Err(CallbackRefusal::Malformed)
        }
    }
}
