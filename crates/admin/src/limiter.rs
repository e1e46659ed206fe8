//! The wrong-code limiter: a pure function of a chat's earlier wrong tries and the time.

use chrono::{DateTime, Duration, Utc};

/// Wrong codes allowed per chat within [`WINDOW_MINUTES`].
pub const MAX_WRONG: usize = 5;
pub const WINDOW_MINUTES: i64 = 15;

/// Whether a chat may try a code now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    Allowed,
    /// Refused politely until `until` (the oldest counted try leaves the window then).
    Refused {
        until: DateTime<Utc>,
    },
}

/// `wrong`: this chat's wrong tries (any order, older ones are ignored). The caller records a wrong try
/// only after an allowed attempt fails, so refused attempts do not extend the wait.
pub fn may_try(wrong: &[DateTime<Utc>], now: DateTime<Utc>) -> Attempt {
    let window = Duration::minutes(WINDOW_MINUTES);
    let mut recent: Vec<DateTime<Utc>> = wrong.iter().copied().filter(|t| *t <= now && now - *t < window).collect();
    if recent.len() < MAX_WRONG {
        return Attempt::Allowed;
    }
    recent.sort_unstable();
    // The try that must leave the window before one more is allowed.
    let blocking = recent[recent.len() - MAX_WRONG];
    Attempt::Refused { until: blocking + window }
}
