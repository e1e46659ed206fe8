//! The arithmetic: which days count, the n-th working day after a date, working days between two dates.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Why a weekday is not a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOffKind {
    Holiday,
    CutiBersama,
}

/// A listed day off: its kind and its name as the calendar file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOff {
    pub kind: DayOffKind,
    pub name: String,
}

/// The working-day calendar. Built by [`Calendar::parse`] / [`Calendar::load`] or [`Calendar::weekends_only`].
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    pub(crate) days_off: BTreeMap<NaiveDate, DayOff>,
    pub(crate) years: BTreeSet<i32>,
}

/// The calendar's coverage is ending (or has ended): the operator must add the next year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunsOut {
    /// The last day the calendar covers, if it covers any.
    pub last_covered: Option<NaiveDate>,
    /// Days from today to that day (negative once it has passed).
    pub days_left: i64,
}

/// How far ahead of the end of the calendar the operator is warned.
pub const WARN_DAYS: i64 = 30;

impl Calendar {
    /// A calendar that knows no holidays: only weekends are days off (and every year is "not covered").
    pub fn weekends_only() -> Self {
        Self::default()
    }

    /// Whether the calendar lists this date's year (holidays there are known, not guessed).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.years.contains(&date.year())
    }

    /// The listed day off on this date, if any.
    pub fn day_off(&self, date: NaiveDate) -> Option<&DayOff> {
        self.days_off.get(&date)
    }

    /// A weekday that is neither a holiday nor cuti bersama. In a year the calendar does not cover, every
    /// weekday counts (the gateway never guesses a holiday).
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.days_off.contains_key(&date)
    }

    /// The `n`-th working day after `from` (`from` itself never counts; 0 gives `from`): a report accepted
    /// on Friday with 3 working days is due on Wednesday.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut date = from;
        let mut left = n;
        while left > 0 {
            let Some(next) = next_day(date) else { break };
            date = next;
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after `from`): an answer on
    /// the day of the report took 0 working days, one on the next working day 1.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut count = 0;
        let mut date = from;
        while date < to {
            let Some(next) = next_day(date) else { break };
            date = next;
            if self.is_working_day(date) {
                count += 1;
            }
        }
        count
    }

    /// The last day of the latest year without a gap from `today`'s year on, if the calendar covers
    /// `today`'s year; else the last day of the latest year listed before it.
    pub fn last_covered(&self, today: NaiveDate) -> Option<NaiveDate> {
        let mut year = self.years.range(..=today.year()).next_back().copied()?;
        while self.years.contains(&(year + 1)) {
            year += 1;
        }
        NaiveDate::from_ymd_opt(year, 12, 31)
    }

    /// `Some` from [`WARN_DAYS`] before the covered years end (and every day after, and when nothing
    /// covers today): the operator must add the next year's SKB.
    pub fn runs_out(&self, today: NaiveDate) -> Option<RunsOut> {
        match self.last_covered(today) {
            Some(last) if last >= today => {
                let days_left = (last - today).num_days();
                (days_left <= WARN_DAYS).then_some(RunsOut { last_covered: Some(last), days_left })
            }
            last => Some(RunsOut { last_covered: last, days_left: last.map_or(0, |l| (l - today).num_days()) }),
        }
    }

    /// Every listed day off in a year, in date order.
    pub fn days_off_in(&self, year: i32) -> impl Iterator<Item = (NaiveDate, &DayOff)> {
        self.days_off.iter().filter(move |(d, _)| d.year() == year).map(|(d, o)| (*d, o))
    }

    /// The years the calendar lists.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }
}

/// `None` only at the end of chrono's date range (the year 262142): the arithmetic stops there.
fn next_day(date: NaiveDate) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(1))
}
