//! Dates as a citizen reads them: "Kamis, 10 Desember" (id), "Kemis, 10 Desember" (jv),
//! "Thursday, 10 December" (en). The year is left out: a deadline is at most weeks away.

use chrono::{Datelike, NaiveDate};

/// The languages the bot speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    Jv,
    En,
}

impl Lang {
    /// `id`, `jv` or `en`; anything else is Indonesian, the city's default.
    pub fn from_code(code: &str) -> Lang {
        match code {
            "jv" => Lang::Jv,
            "en" => Lang::En,
            _ => Lang::Id,
        }
    }
}

const DAYS_ID: [&str; 7] = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
const DAYS_JV: [&str; 7] = ["Senen", "Selasa", "Rebo", "Kemis", "Jemuwah", "Setu", "Minggu"];
const DAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "Kamis, 10 Desember" in the citizen's language (Javanese months are written as in Indonesian).
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    let day = date.weekday().num_days_from_monday() as usize;
    let month = date.month0() as usize;
    match lang {
        Lang::Id => format!("{}, {} {}", DAYS_ID[day], date.day(), MONTHS_ID[month]),
        Lang::Jv => format!("{}, {} {}", DAYS_JV[day], date.day(), MONTHS_ID[month]),
        Lang::En => format!("{}, {} {}", DAYS_EN[day], date.day(), MONTHS_EN[month]),
    }
}
