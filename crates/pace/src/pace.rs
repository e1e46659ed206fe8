//! Rates as configuration: the limits one scheduler paces to (a Telegram bot, an SMS gateway).

use std::fmt;
use std::time::Duration;

/// Limits for one outbound channel. Build with [`Pace::telegram`] or [`Pace::sms`] and
/// override fields from configuration; check with [`Pace::check`] at start-up.
#[derive(Clone, Debug, PartialEq)]
pub struct Pace {
    /// Sustained messages per second over the whole bot (token-bucket refill rate).
    pub global_per_sec: f64,
    /// Messages that may leave back to back after a quiet spell (bucket size, ≥ 1).
    pub global_burst: u32,
    /// Minimum spacing between two messages to one chat once its burst is spent.
    pub per_chat_interval: Duration,
    /// Messages one chat may receive back to back (≥ 1).
    pub per_chat_burst: u32,
    /// Anti-starvation: once the oldest item of a class has waited longer than this, the
    /// class gets promoted turns (see [`crate::promote`]).
    pub max_wait_before_promotion: Duration,
}

/// A [`Pace`] the scheduler cannot work with; names the offending field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaceError(pub &'static str);

impl fmt::Display for PaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid pace: {}", self.0)
    }
}

impl std::error::Error for PaceError {}

impl Pace {
    /// Telegram Bot API: "about 30 messages per second" per bot, "about one per second" per
    /// chat (PROTOCOLS.md).
    ///
    /// * Global: 28/s with a burst of 2. A bucket of `b` at rate `r` lets at most `b + r`
    ///   messages into any closed 1-s window, so 2 + 28 stays at Telegram's 30 while using
    ///   93 % of it; the ~2/s margin absorbs clock jitter between us and Telegram.
    /// * Per chat: one per second with a burst of 3. Telegram tolerates short bursts in
    ///   private chats (a reply split into two or three messages arrives together), and
    ///   answers a sustained faster rate with 429.
    /// * Promotion after 30 s: a status push may wait half a minute behind dialog replies
    ///   before it starts taking promoted turns.
    pub fn telegram() -> Pace {
        Pace {
            global_per_sec: 28.0,
            global_burst: 2,
            per_chat_interval: Duration::from_secs(1),
            per_chat_burst: 3,
            max_wait_before_promotion: Duration::from_secs(30),
        }
    }

    /// An SMS gateway sending `per_minute` messages (an Android phone: a few; an aggregator:
    /// hundreds). No burst globally: phones and carriers throttle or block bursts. Per
    /// recipient two back to back (a reply and its follow-up), then one per 10 s, so one
    /// chatty ticket cannot spend a slow gateway's budget. Promotion after 10 minutes,
    /// because at a few SMS per minute a queue of minutes is normal.
    pub fn sms(per_minute: f64) -> Pace {
        Pace {
            global_per_sec: per_minute / 60.0,
            global_burst: 1,
            per_chat_interval: Duration::from_secs(10),
            per_chat_burst: 2,
            max_wait_before_promotion: Duration::from_secs(600),
        }
    }

    /// Rejects a pace that would divide by zero or never send.
    pub fn check(&self) -> Result<(), PaceError> {
        if !(self.global_per_sec.is_finite() && self.global_per_sec > 0.0) {
            return Err(PaceError("global_per_sec must be a positive number"));
        }
        if self.global_per_sec > 1e9 {
            return Err(PaceError("global_per_sec must be at most 1e9"));
        }
        if self.global_burst == 0 {
            return Err(PaceError("global_burst must be at least 1"));
        }
        if self.per_chat_burst == 0 {
            return Err(PaceError("per_chat_burst must be at least 1"));
        }
        Ok(())
    }

    /// Spacing of the global bucket, rounded *up* to the nanosecond so rounding never
    /// exceeds the configured rate.
    pub(crate) fn global_interval(&self) -> Duration {
        interval_for(self.global_per_sec)
    }
}

/// The spacing of `per_sec` sends per second, rounded up to the nanosecond.
pub(crate) fn interval_for(per_sec: f64) -> Duration {
    Duration::from_nanos((1e9 / per_sec).ceil() as u64)
}

impl Pace {}

#[cfg(test)]
mod tests {
    use super::Pace;
    use std::time::Duration;

    #[test]
    fn presets_pass_their_own_check() {
        assert_eq!(Pace::telegram().check(), Ok(()));
        assert_eq!(Pace::sms(4.0).check(), Ok(()));
        assert_eq!(Pace::sms(4.0).global_interval(), Duration::from_secs(15));
    }

    #[test]
    fn zero_rate_and_zero_bursts_are_rejected_by_name() {
        let mut pace = Pace::telegram();
        pace.global_per_sec = 0.0;
        assert!(pace.check().unwrap_err().0.contains("global_per_sec"));
        let mut pace = Pace::telegram();
        pace.per_chat_burst = 0;
        assert!(pace.check().unwrap_err().0.contains("per_chat_burst"));
    }
}
