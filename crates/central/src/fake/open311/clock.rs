//! The fake's clock modes: how a change stamps `updated_datetime`, and how datetimes look on the wire.

use chrono::{DateTime, SecondsFormat, SubsecRound, TimeDelta, Utc};

use super::Clock;

impl Clock {
    /// The stored time of a new request. Whole-second modes store whole seconds, so what a client
    /// parses equals what the fake holds.
    pub(super) fn stamp_new(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Clock::WholeSeconds | Clock::Offset(_) => now.trunc_subsecs(0),
            Clock::Micros | Clock::Frozen | Clock::Backwards | Clock::Missing => now.trunc_subsecs(6),
        }
    }

    /// `updated_datetime` after a change, given the one before.
    pub(super) fn bump(self, before: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Clock::Frozen => before,
            Clock::Backwards => before - TimeDelta::hours(1),
            Clock::Micros | Clock::WholeSeconds | Clock::Offset(_) | Clock::Missing => self.stamp_new(now),
        }
    }

    /// A datetime as the server writes it.
    pub(super) fn render(self, t: DateTime<Utc>) -> String {
        match self {
            Clock::WholeSeconds => t.to_rfc3339_opts(SecondsFormat::Secs, true),
            Clock::Offset(offset) => t.with_timezone(&offset).to_rfc3339_opts(SecondsFormat::Secs, false),
            Clock::Micros | Clock::Frozen | Clock::Backwards | Clock::Missing => {
                t.to_rfc3339_opts(SecondsFormat::Micros, true)
            }
        }
    }

    /// `updated_datetime` as the server writes it; `None` when the server leaves the field out.
    pub(super) fn render_updated(self, t: DateTime<Utc>) -> Option<String> {
        (self != Clock::Missing).then(|| self.render(t))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{FixedOffset, TimeZone};

    use super::*;

    #[test]
    fn each_mode_renders_the_way_its_server_does() {
        let t = Utc.with_ymd_and_hms(2026, 12, 4, 3, 15, 0).unwrap() + TimeDelta::microseconds(123_456);
        let wib = FixedOffset::east_opt(7 * 3600).unwrap();
        assert_eq!(Clock::Micros.render(t), "2026-12-04T03:15:00.123456Z");
        assert_eq!(Clock::WholeSeconds.render(Clock::WholeSeconds.stamp_new(t)), "2026-12-04T03:15:00Z");
        assert_eq!(Clock::Offset(wib).render(t), "2026-12-04T10:15:00+07:00");
        assert_eq!(Clock::Missing.render_updated(t), None);
    }

    #[test]
    fn frozen_keeps_and_backwards_goes_back_an_hour() {
        let before = Utc.with_ymd_and_hms(2026, 12, 4, 3, 0, 0).unwrap();
        let now = before + TimeDelta::minutes(5);
        assert_eq!(Clock::Frozen.bump(before, now), before);
        assert_eq!(Clock::Backwards.bump(before, now), before - TimeDelta::hours(1));
        assert_eq!(Clock::Micros.bump(before, now), now);
    }
}
