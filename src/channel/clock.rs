//! Provider timestamps are information; our clock decides. A phone's or an SMSC's clock can be hours
//! off, and Telegram's `date` is when the citizen sent the message, not when we received it: neither
//! orders events, dates a report or times our handling. A provider clock far from ours is said once.

use std::collections::HashSet;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// A provider clock further than this from ours is worth one log line.
pub const MAX_SKEW_SECS: i64 = 300;

/// What [`check`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skew {
    /// Within [`MAX_SKEW_SECS`] (or late where lateness is normal).
    Within,
    /// Off by this many seconds (positive: theirs is ahead); `first` when this was the line logged.
    Off { secs: i64, first: bool },
}

/// Whether `theirs` says the provider's clock is off ours at `now`; logs the first time per `source`.
/// Where a timestamp may legitimately lie in the past (`late_is_normal`: Telegram keeps updates for
/// up to 24 h while we are down), only a timestamp ahead of ours counts — which says *our* clock is behind.
pub fn check(source: &str, theirs: DateTime<Utc>, now: DateTime<Utc>, late_is_normal: bool) -> Skew {
    static WARNED: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    let secs = (theirs - now).num_seconds();
    if secs <= MAX_SKEW_SECS && (late_is_normal || secs >= -MAX_SKEW_SECS) {
        return Skew::Within;
    }
    let mut warned = WARNED.lock().unwrap_or_else(|p| p.into_inner());
    let first = warned.get_or_insert_with(HashSet::new).insert(source.to_owned());
    if first {
        tracing::warn!(
            source,
            skew_secs = secs,
            "a provider's clock is off ours; its timestamps are kept as information, our time is used"
        );
    }
    Skew::Off { secs, first }
}

/// Our time of receipt, after noting how far `theirs` is off it.
pub fn our_clock(source: &str, theirs: DateTime<Utc>, late_is_normal: bool) -> DateTime<Utc> {
    let now = Utc::now();
    check(source, theirs, now, late_is_normal);
    now
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn a_clock_seven_hours_off_is_said_once_per_source() {
        let now = Utc::now();
        let phone = now + Duration::hours(7);
        assert_eq!(check("test-phone-a", phone, now, false), Skew::Off { secs: 7 * 3600, first: true });
        assert_eq!(check("test-phone-a", phone, now, false), Skew::Off { secs: 7 * 3600, first: false });
        assert_eq!(
            check("test-phone-b", now - Duration::hours(7), now, false),
            Skew::Off { secs: -7 * 3600, first: true }
        );
        assert_eq!(check("test-phone-c", now + Duration::seconds(30), now, false), Skew::Within);
    }

    #[test]
    fn a_late_telegram_date_is_normal_but_one_ahead_of_ours_is_not() {
        let now = Utc::now();
        assert_eq!(check("test-telegram", now - Duration::hours(20), now, true), Skew::Within);
        assert!(matches!(check("test-telegram", now + Duration::hours(1), now, true), Skew::Off { first: true, .. }));
    }

    #[test]
    fn our_clock_is_ours_whatever_the_provider_says() {
        let before = Utc::now();
        let ours = our_clock("test-phone-d", before - Duration::hours(7), false);
        assert!(ours >= before && ours <= Utc::now());
    }
}
