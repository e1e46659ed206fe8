//! The citizen's rating after "Selesai": an answer is Puas or Belum puas (with a reason); silence is no
//! rating, never satisfaction; one reminder after two working days, at most once.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Working days after the response before the one reminder.
pub const REMINDER_AFTER_WORKING_DAYS: u32 = 2;

/// A rating the citizen gave.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum Rating {
    Puas,
    /// Reopens the ticket to the same OPD, with the citizen's words when given.
    BelumPuas {
        reason: Option<String>,
    },
}

/// What the ticket records once the rating window closes.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum RatingRecord {
    Given(Rating),
    /// Silence: counted as neither satisfied nor unsatisfied.
    NoRating,
}

impl RatingRecord {
    /// `None` (no answer) is [`RatingRecord::NoRating`], never Puas.
    pub fn from_answer(answer: Option<Rating>) -> RatingRecord {
        answer.map_or(RatingRecord::NoRating, RatingRecord::Given)
    }
}

/// "Not yet" phrases first: "belum puas" holds "puas". Button labels of admin.toml are among them.
const NOT_YET: &[&str] = &[
    "belum puas",
    "blm puas",
    "tidak puas",
    "tdk puas",
    "kurang puas",
    "gak puas",
    "ga puas",
    "nggak puas",
    "dereng marem",
    "durung marem",
    "ora marem",
    "mboten marem",
    "not yet satisfied",
    "not satisfied",
    "unsatisfied",
    "belum",
    "dereng",
    "durung",
    "2",
];
const YES: &[&str] = &["puas", "marem", "satisfied", "sangat puas", "1"];

/// Parses a reply to the rating prompt: "1", "Puas", "2 jalannya masih rusak", "belum puas, …".
/// `None` when the reply is not a rating (the citizen dialog handles it instead).
pub fn rating_outcome(answer: &str) -> Option<Rating> {
    let lower = answer.trim().to_lowercase();
    for phrase in NOT_YET {
        if let Some(rest) = strip_phrase(&lower, phrase) {
            let reason =
                answer.trim().chars().skip(lower[..lower.len() - rest.len()].chars().count()).collect::<String>();
            let reason = reason.trim_start_matches([' ', ',', '.', ':', '-']).trim();
            return Some(Rating::BelumPuas { reason: (!reason.is_empty()).then(|| reason.to_owned()) });
        }
    }
    YES.iter()
        .any(|p| {
            strip_phrase(&lower, p)
                .is_some_and(|rest| rest.trim().is_empty() || !rest.starts_with(char::is_alphanumeric))
        })
        .then_some(Rating::Puas)
}

/// The rest after `phrase` when `text` starts with it as whole words.
fn strip_phrase<'a>(text: &'a str, phrase: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(phrase)?;
    (rest.is_empty() || !rest.starts_with(char::is_alphanumeric)).then_some(rest)
}

/// Whether the one reminder is due: not yet sent, and two working days have passed since the response.
/// `add_working_days(date, n)` is the calendar's arithmetic (weekends, holidays, cuti bersama).
/// The caller asks only for tickets still waiting for a rating.
pub fn reminder_due(
    responded_at: NaiveDateTime,
    reminded: bool,
    now: NaiveDateTime,
    add_working_days: impl Fn(NaiveDate, u32) -> NaiveDate,
) -> bool {
    if reminded {
        return false;
    }
    let due_day = add_working_days(responded_at.date(), REMINDER_AFTER_WORKING_DAYS);
    now >= due_day.and_time(responded_at.time())
}
