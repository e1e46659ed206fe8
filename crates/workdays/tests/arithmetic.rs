//! Working-day arithmetic on the shipped 2026 calendar, as tables: weekends, holidays, cuti bersama,
//! the year's end and a year the calendar does not cover.

use std::path::Path;

use chrono::NaiveDate;
use kentongan_workdays::{Calendar, DayOffKind};

fn shipped() -> Calendar {
    Calendar::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/calendar.toml")).expect("shipped calendar")
}

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn the_shipped_calendar_lists_the_skb_2026_days_seventeen_holidays_and_eight_cuti_bersama() {
    let calendar = shipped();
    let days: Vec<_> = calendar.days_off_in(2026).collect();
    let holidays = days.iter().filter(|(_, o)| o.kind == DayOffKind::Holiday).count();
    let cuti = days.iter().filter(|(_, o)| o.kind == DayOffKind::CutiBersama).count();
    assert_eq!((holidays, cuti), (17, 8));
    assert_eq!(calendar.years().collect::<Vec<_>>(), vec![2026]);
}

#[test]
fn n_working_days_after_a_date_skip_weekends_holidays_and_cuti_bersama() {
    let calendar = shipped();
    // (from, working days, due, why)
    let cases = [
        ("2026-12-01", 0, "2026-12-01", "zero days is the same day"),
        ("2026-12-01", 3, "2026-12-04", "Tuesday + 3 = Friday, nothing off"),
        ("2026-12-04", 3, "2026-12-09", "Friday + 3 skips the weekend"),
        ("2026-12-05", 1, "2026-12-07", "a Saturday report counts from Monday"),
        ("2026-12-22", 3, "2026-12-29", "24 Dec cuti bersama and 25 Dec Natal, then the weekend"),
        ("2026-12-30", 2, "2027-01-01", "into 2027, which the calendar does not cover: 1 Jan counts"),
        ("2026-03-17", 1, "2026-03-25", "Nyepi, Idulfitri and its cuti bersama: 18–24 March are off"),
        ("2026-05-13", 3, "2026-05-20", "Kenaikan 14 May and cuti bersama 15 May"),
        ("2026-05-26", 5, "2026-06-05", "Iduladha 27 May, cuti 28 May, Pancasila 1 June"),
        ("2026-08-14", 1, "2026-08-18", "Proklamasi on Monday 17 August"),
        ("2026-12-04", 5, "2026-12-11", "Kota Pekalongan's respond-within-5 from today"),
        ("2026-12-04", 14, "2026-12-28", "resolve within 14 across Christmas"),
    ];
    for (from, n, due, why) in cases {
        assert_eq!(calendar.add_working_days(d(from), n), d(due), "{why}");
    }
}

#[test]
fn working_days_between_count_the_days_after_the_first_up_to_the_second() {
    let calendar = shipped();
    let cases = [
        ("2026-12-07", "2026-12-07", 0, "an answer the same day"),
        ("2026-12-07", "2026-12-08", 1, "the next working day"),
        ("2026-12-04", "2026-12-07", 1, "Friday to Monday"),
        ("2026-12-08", "2026-12-07", 0, "backwards is zero, not negative"),
        ("2026-12-23", "2026-12-28", 1, "over 24 and 25 December and the weekend"),
        ("2026-03-17", "2026-03-25", 1, "over Lebaran"),
    ];
    for (from, to, n, why) in cases {
        assert_eq!(calendar.working_days_between(d(from), d(to)), n, "{why}");
    }
}

#[test]
fn the_two_are_inverse_on_every_day_of_2026() {
    let calendar = shipped();
    let mut day = d("2026-01-01");
    while day <= d("2026-12-31") {
        for n in [1, 3, 5, 10, 14] {
            let due = calendar.add_working_days(day, n);
            assert_eq!(calendar.working_days_between(day, due), n, "{day} + {n}");
            assert!(calendar.is_working_day(due), "{day} + {n} lands on a working day");
        }
        day = day.succ_opt().unwrap();
    }
}

#[test]
fn a_year_the_calendar_does_not_cover_counts_only_weekends_and_holidays_are_never_guessed() {
    let calendar = shipped();
    assert!(!calendar.covers(d("2027-01-01")));
    assert!(calendar.is_working_day(d("2027-01-01")), "1 Jan 2027 is a Friday; 2027's SKB is not in the file");
    assert!(!calendar.is_working_day(d("2027-01-02")), "weekends are always off");
    assert_eq!(calendar.add_working_days(d("2027-01-01"), 5), d("2027-01-08"));
    let empty = Calendar::weekends_only();
    assert!(empty.is_working_day(d("2026-12-25")), "with no file, Christmas is a plain Friday");
}

#[test]
fn the_operator_is_warned_from_thirty_days_before_the_calendar_ends_and_every_day_after() {
    let calendar = shipped();
    assert_eq!(calendar.runs_out(d("2026-11-30")), None, "31 days before the end");
    let warned = calendar.runs_out(d("2026-12-01")).expect("30 days before the end");
    assert_eq!((warned.last_covered, warned.days_left), (Some(d("2026-12-31")), 30));
    assert_eq!(calendar.runs_out(d("2026-12-31")).unwrap().days_left, 0);
    let late = calendar.runs_out(d("2027-02-01")).expect("past the end");
    assert_eq!((late.last_covered, late.days_left), (Some(d("2026-12-31")), -32));
    let none = Calendar::weekends_only().runs_out(d("2026-06-01")).expect("an empty calendar always warns");
    assert_eq!(none.last_covered, None);
}

#[test]
fn a_next_year_added_moves_the_warning_to_its_end() {
    let src = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/calendar.toml"))
        .unwrap()
        + "\n[years.2027]\nsource = \"SKB 2026 (test)\"\n[years.2027.holidays]\n\"2027-01-01\" = \"Tahun Baru\"\n";
    let calendar = Calendar::parse("calendar.toml", &src).unwrap();
    assert_eq!(calendar.runs_out(d("2026-12-01")), None);
    assert!(!calendar.is_working_day(d("2027-01-01")));
    assert_eq!(calendar.last_covered(d("2026-12-01")), Some(d("2027-12-31")));
}
