//! One-time invites: a short code from an unambiguous alphabet, stored only as its SHA-256, redeemed once
//! before it expires. The code doubles as a Telegram `start` parameter (`[A-Za-z0-9_-]`, ≤ 64).

use chrono::{DateTime, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::role::Role;

/// No 0/O, 1/I/L, 5/S or 8/B: read aloud or copied from paper, a code survives.
pub const CODE_ALPHABET: &[u8] = b"23467ACDEFGHJKMNPQRTUVWXYZ";
/// 12 symbols of 26: about 56 bits, against 5 tries per 15 minutes.
pub const CODE_LEN: usize = 12;

/// What `admin invite` prints once; only [`StoredInvite`] is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    pub code: String,
    pub stored: StoredInvite,
}

/// The invite's row: the hash of the code, never the code.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct StoredInvite {
    pub hash: [u8; 32],
    pub opd: String,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked: bool,
}

/// Why an invite was not redeemed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RedeemError {
    #[error("invite expired")]
    Expired,
    #[error("invite already used")]
    AlreadyUsed,
    #[error("invite revoked")]
    Revoked,
    #[error("wrong invite code")]
    Wrong,
}

impl Invite {
    pub fn generate(rng: &mut impl Rng, opd: &str, role: Role, expires_at: DateTime<Utc>) -> Invite {
        let code: String =
            (0..CODE_LEN).map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char).collect();
        let stored = StoredInvite {
            hash: hash_code(&code),
            opd: opd.to_owned(),
            role,
            expires_at,
            used_at: None,
            revoked: false,
        };
        Invite { code, stored }
    }

    /// `https://t.me/<bot>?start=<code>`: opening it sends `/start <code>`.
    pub fn deep_link(&self, bot_username: &str) -> String {
        format!("https://t.me/{}?start={}", bot_username.trim_start_matches('@'), self.code)
    }
}

/// What an admin typed, as the code was made: case, spaces and dashes do not matter.
pub fn normalize_code(presented: &str) -> String {
    presented.chars().filter(|c| !matches!(c, ' ' | '-' | '_')).flat_map(char::to_uppercase).collect()
}

/// SHA-256 of the normalised code: the key the store looks invites up by.
pub fn hash_code(presented: &str) -> [u8; 32] {
    Sha256::digest(normalize_code(presented).as_bytes()).into()
}

/// Ok when `presented` is this invite's code and it is still usable at `now`; the caller then marks it used
/// in the same transaction that binds the chat (so a second redeem finds `used_at`).
pub fn redeem(stored: &StoredInvite, presented: &str, now: DateTime<Utc>) -> Result<(), RedeemError> {
    if !constant_time_eq(&stored.hash, &hash_code(presented)) {
        return Err(RedeemError::Wrong);
    }
    if stored.revoked {
        Err(RedeemError::Revoked)
    } else if stored.used_at.is_some() {
        Err(RedeemError::AlreadyUsed)
    } else if now >= stored.expires_at {
        Err(RedeemError::Expired)
    } else {
        Ok(())
    }
}

/// Compares every byte whatever the first difference, so timing says nothing about the stored hash.
pub fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
