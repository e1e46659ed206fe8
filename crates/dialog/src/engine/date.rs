//! Date answers: [Hari ini] [Kemarin] [Lewati] or a typed date ("28/11/2026", "2026-11-28", "3 hari lalu",
//! "kemarin sore", "tadi pagi", "seminggu lalu"), always relative to the event's date, never the clock.

use chrono::{Datelike, Duration, NaiveDate};

mod relative;

use relative::days_ago;

use super::matching::{norm, pick};
use super::{Cx, prompt};
use crate::model::Step;
use crate::types::Answer;

/// Why a typed date was refused.
#[derive(Debug, PartialEq)]
pub(crate) enum DateError {
    Invalid,
    Future,
    TooOld,
}

pub(crate) fn answer(cx: &mut Cx, step: &Step, t: &str) {
    let today = cx.ev.today;
    let keys = ["btn_today", "btn_yesterday", "btn_skip"];
    let answer = match pick(t, &prompt::buttons(cx.d, &keys)) {
        Some(0) => Ok(Answer::Date(today)),
        Some(1) => Ok(today.pred_opt().map_or(Answer::Skipped, Answer::Date)),
        Some(_) => Ok(Answer::Skipped),
        None => parse(t, today).map(Answer::Date),
    };
    match answer {
        Ok(answer) => cx.accept(step, answer, None),
        Err(e) => {
            let key = match e {
                DateError::Invalid => "date_invalid",
                DateError::Future => "date_future",
                DateError::TooOld => "date_too_old",
            };
            let example = today.format("%d/%m/%Y").to_string();
            let text = cx.msg(key, &[("example", &example)]);
            cx.reask(step, text);
        }
    }
}

/// A date between a year ago and today, relative to `today` (never the clock).
pub(crate) fn parse(text: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let t = norm(text);
    let date = days_ago(&t)
        .map(|n| today.checked_sub_signed(Duration::days(n)))
        .unwrap_or_else(|| numeric(&t, today))
        .ok_or(DateError::Invalid)?;
    if date > today {
        Err(DateError::Future)
    } else if today.signed_duration_since(date) > Duration::days(366) {
        Err(DateError::TooOld)
    } else {
        Ok(date)
    }
}

/// `28/11/2026`, `28-11-2026`, `28.11.26`, `2026-11-28`, `28/11` (the most recent such day).
fn numeric(t: &str, today: NaiveDate) -> Option<NaiveDate> {
    let parts: Vec<&str> = t.split(['/', '-', '.', ' ']).filter(|p| !p.is_empty()).collect();
    let nums: Vec<u32> = parts.iter().map(|p| p.parse().ok()).collect::<Option<_>>()?;
    match nums.as_slice() {
        [y, m, d] if parts[0].len() == 4 => NaiveDate::from_ymd_opt(*y as i32, *m, *d),
        [d, m, y] => NaiveDate::from_ymd_opt(full_year(*y, parts[2].len())?, *m, *d),
        [d, m] => {
            let this_year = NaiveDate::from_ymd_opt(today.year(), *m, *d)?;
            if this_year <= today { Some(this_year) } else { NaiveDate::from_ymd_opt(today.year() - 1, *m, *d) }
        }
        _ => None,
    }
}

fn full_year(y: u32, digits: usize) -> Option<i32> {
    match digits {
        2 => Some(2000 + y as i32),
        4 => Some(y as i32),
        _ => None,
    }
}
