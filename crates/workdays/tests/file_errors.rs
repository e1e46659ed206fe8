//! A calendar file with a mistake is refused, naming the file, the line and the key.

use kentongan_workdays::{Calendar, Lang, long_date};

fn refusal(src: &str) -> String {
    Calendar::parse("deploy/calendar.toml", src).expect_err("refused").to_string()
}

const HEAD: &str = "[years.2026]\nsource = \"SKB\"\n[years.2026.holidays]\n";

#[test]
fn a_date_that_is_not_a_date_is_refused_with_its_line_and_key() {
    let message = refusal(&format!("{HEAD}\"2026-01-01\" = \"Tahun Baru\"\n\"2026-13-01\" = \"Bulan 13\"\n"));
    assert_eq!(
        message,
        "deploy/calendar.toml:5: years.2026.holidays.\"2026-13-01\": not a date; write it as YYYY-MM-DD"
    );
}

#[test]
fn a_date_under_the_wrong_year_is_refused_saying_where_it_belongs() {
    let message = refusal(&format!("{HEAD}\"2027-01-01\" = \"Tahun Baru\"\n"));
    assert!(message.starts_with("deploy/calendar.toml:4: "), "{message}");
    assert!(message.contains("put it under [years.2027]"), "{message}");
}

#[test]
fn a_date_listed_twice_is_refused_at_its_second_line() {
    let src = format!("{HEAD}\"2026-12-24\" = \"Natal\"\n[years.2026.cuti_bersama]\n\"2026-12-24\" = \"Cuti\"\n");
    let message = refusal(&src);
    assert!(message.starts_with("deploy/calendar.toml:6: "), "{message}");
    assert!(message.contains("listed twice"), "{message}");
}

#[test]
fn a_year_without_its_source_an_unknown_key_or_broken_toml_is_refused() {
    assert!(refusal("[years.2026]\n[years.2026.holidays]\n").contains("source"));
    assert!(refusal("[years.2026]\nsource = \"\"\n").contains("years.2026.source"));
    assert!(refusal("[years.2026]\nsource = \"SKB\"\nlibur = {}\n").contains("unknown field"));
    assert!(refusal("[years.26]\nsource = \"SKB\"\n").contains("four digits"));
    assert!(refusal("[years.2026\n").starts_with("deploy/calendar.toml:1: "));
}

#[test]
fn an_empty_name_is_refused() {
    assert!(refusal(&format!("{HEAD}\"2026-01-01\" = \" \"\n")).contains("give the day its name"));
}

#[test]
fn a_deadline_reads_as_a_day_and_a_date_in_each_language() {
    let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    assert_eq!(long_date(date, Lang::Id), "Kamis, 10 Desember");
    assert_eq!(long_date(date, Lang::Jv), "Kemis, 10 Desember");
    assert_eq!(long_date(date, Lang::En), "Thursday, 10 December");
    assert_eq!(long_date(date, Lang::from_code("xx")), "Kamis, 10 Desember");
}
