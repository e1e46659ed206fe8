//! The calendar file: `[years.<YYYY>]` tables with `holidays` and `cuti_bersama`, each a map of
//! `"YYYY-MM-DD" = "name"`. Errors name the file, the line and the key.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::calendar::{Calendar, DayOff, DayOffKind};

/// A calendar file that cannot be used, with where and why.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("{file}: cannot read: {reason}")]
    Read { file: String, reason: String },
    #[error("{file}:{line}: {message}")]
    Invalid { file: String, line: usize, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    years: BTreeMap<String, YearDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearDoc {
    /// Where the dates come from (the SKB's number); required, so a year is never added from memory.
    source: String,
    #[serde(default)]
    holidays: BTreeMap<String, String>,
    #[serde(default)]
    cuti_bersama: BTreeMap<String, String>,
}

impl Calendar {
    /// Reads and checks a calendar file.
    pub fn load(path: &Path) -> Result<Calendar, CalendarError> {
        let file = path.display().to_string();
        let src = std::fs::read_to_string(path)
            .map_err(|e| CalendarError::Read { file: file.clone(), reason: e.to_string() })?;
        Calendar::parse(&file, &src)
    }

    /// Checks and builds a calendar from the text of a file named `file` (for messages).
    pub fn parse(file: &str, src: &str) -> Result<Calendar, CalendarError> {
        let invalid = |line: usize, message: String| CalendarError::Invalid { file: file.to_string(), line, message };
        let doc: FileDoc = toml::from_str(src).map_err(|e| {
            let line = e.span().map_or(1, |span| line_of_offset(src, span.start));
            invalid(line, e.message().to_string())
        })?;
        let mut calendar = Calendar::default();
        for (year_key, year) in &doc.years {
            let year_no: i32 = match year_key.parse() {
                Ok(y) if (1900..=9999).contains(&y) => y,
                _ => {
                    return Err(invalid(
                        line_of(src, &format!("years.{year_key}")),
                        format!("years.{year_key}: a year must be four digits, like years.2027"),
                    ));
                }
            };
            if year.source.trim().is_empty() {
                return Err(invalid(
                    line_of(src, &format!("years.{year_key}")),
                    format!("years.{year_key}.source: say which SKB the dates come from"),
                ));
            }
            let tables = [
                ("holidays", DayOffKind::Holiday, &year.holidays),
                ("cuti_bersama", DayOffKind::CutiBersama, &year.cuti_bersama),
            ];
            for (table, kind, entries) in tables {
                for (date_key, name) in entries {
                    let key = format!("years.{year_key}.{table}.\"{date_key}\"");
                    let line = line_of(src, &format!("\"{date_key}\""));
                    let date = NaiveDate::parse_from_str(date_key, "%Y-%m-%d")
                        .map_err(|_| invalid(line, format!("{key}: not a date; write it as YYYY-MM-DD")))?;
                    if date.year() != year_no {
                        return Err(invalid(
                            line,
                            format!("{key}: this date is not in {year_no}; put it under [years.{}]", date.year()),
                        ));
                    }
                    if name.trim().is_empty() {
                        return Err(invalid(line, format!("{key}: give the day its name")));
                    }
                    if calendar.days_off.insert(date, DayOff { kind, name: name.clone() }).is_some() {
                        let line = src.rfind(&format!("\"{date_key}\"")).map_or(line, |at| line_of_offset(src, at));
                        return Err(invalid(
                            line,
                            format!(
                                "{key}: this date is listed twice (a holiday and cuti bersama on one day is one day off)"
                            ),
                        ));
                    }
                }
            }
            calendar.years.insert(year_no);
        }
        Ok(calendar)
    }
}

/// The 1-based line of the first occurrence of `needle` (1 when it is not found).
fn line_of(src: &str, needle: &str) -> usize {
    src.find(needle).map_or(1, |offset| line_of_offset(src, offset))
}

fn line_of_offset(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].matches('\n').count() + 1
}
