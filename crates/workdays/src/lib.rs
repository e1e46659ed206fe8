//! Working days (hari kerja) for the SLA clock: LAPOR! deadlines count days on which civil servants
//! work — not weekends, national holidays or cuti bersama. The holidays come from an editable calendar
//! file (`deploy/calendar.toml`), one table per year; a year the file does not cover counts only
//! weekends as days off, and [`Calendar::runs_out`] says when to warn the operator.

mod calendar;
mod file;
mod names;

pub use calendar::{Calendar, DayOff, DayOffKind, RunsOut};
pub use file::CalendarError;
pub use names::{Lang, long_date};
