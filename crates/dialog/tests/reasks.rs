//! Every validation failure re-asks with a reason specific to it, and answers by number work.
//!
//!   bot: Silakan ceritakan apa yang terjadi (minimal 15 huruf).
//!   citizen: jalan rusak 🙂🙂   bot: Terlalu pendek: baru 10 huruf, minimal 15. Mohon tambahkan 5 huruf lagi …
//!   (Ubah → Tanggal) bot: Kapan kejadiannya? …   citizen: 30/11/2026   bot: Tanggal itu belum terjadi …
//!   citizen: kemarin sore      → 27/11/2026 (relative to the event's date, 28/11/2026)

mod common;

use chrono::NaiveDate;
use common::{Chat, DESCRIPTION};
use kentongan_dialog::{Answer, Effect};

/// The chat at `step`: walked to it, or, for the steps answered by default (date, type), chosen with
/// "Ubah" on the summary.
fn at_step(step: &str) -> Chat {
    let mut chat = Chat::telegram();
    chat.say("/start");
    chat.say("1");
    for answer in [DESCRIPTION, "Jl. Merdeka 12, Medono", "Lewati", "1"] {
        if chat.state.step() == Some(step) {
            return chat;
        }
        chat.say(answer);
    }
    if chat.state.step() != Some(step) {
        let title = match step {
            "when" => "Tanggal",
            "report_type" => "Jenis",
            other => panic!("no way to {other}"),
        };
        chat.say("Ubah");
        chat.say(title);
    }
    assert_eq!(chat.state.step(), Some(step));
    chat
}

#[test]
fn a_description_shorter_than_15_letters_is_reasked_with_the_count_needed() {
    let mut chat = at_step("describe");
    chat.say("jalan rusak");
    assert_eq!(
        chat.text(),
        "Terlalu pendek: baru 10 huruf, minimal 15. Mohon tambahkan 5 huruf lagi dengan keterangan yang lebih rinci."
    );
    assert_eq!(chat.state.step(), Some("describe"));
}

#[test]
fn the_letter_count_counts_letters_only_not_spaces_digits_punctuation_or_emoji() {
    let mut chat = at_step("describe");
    chat.say("  jalan   rusak!!! 🙂🙂🙂 12 ");
    assert!(chat.text().starts_with("Terlalu pendek: baru 10 huruf"), "{}", chat.text());
    chat.say("🙂 jalan rusak parah 🙂");
    assert_eq!(chat.state.step(), Some("location"), "15 letters are enough, whatever surrounds them");
}

#[test]
fn a_description_longer_than_the_maximum_is_reasked() {
    let mut chat = at_step("describe");
    chat.say(&"a".repeat(2001));
    assert_eq!(chat.text(), "Terlalu panjang: 2001 karakter, maksimal 2000. Mohon dipersingkat.");
}

#[test]
fn a_short_address_is_reasked_with_the_minimum_and_the_location_button() {
    let mut chat = at_step("location");
    chat.say("Medono");
    assert!(chat.text().starts_with("Alamat terlalu pendek. Tulis minimal 10 huruf atau angka"), "{}", chat.text());
    assert!(chat.reply().ask_location);
}

#[test]
fn a_photo_where_text_is_expected_explains_and_asks_again() {
    let mut chat = at_step("describe");
    chat.photo("p");
    assert_eq!(chat.text(), format!("{} {}", chat.msg("wrong_input", &[]), chat.prompt("describe")));
}

#[test]
fn a_sticker_gets_the_unsupported_message_and_the_prompt() {
    let mut chat = at_step("describe");
    chat.send(kentongan_dialog::Input::Unsupported);
    assert!(chat.text().starts_with(&chat.msg("unsupported_input", &[])));
}

#[test]
fn an_unknown_choice_lists_the_options() {
    let mut chat = at_step("report_type");
    chat.say("keluhan besar");
    assert_eq!(chat.text(), "Itu bukan salah satu pilihan. Silakan pilih: Pengaduan, Aspirasi, Permintaan informasi.");
    chat.say("4");
    assert_eq!(chat.state.step(), Some("report_type"));
}

#[test]
fn a_choice_is_accepted_by_number_by_label_in_another_language_and_by_alias() {
    for answer in ["3", "INFORMATION REQUEST", "njaluk informasi", "info"] {
        let mut chat = at_step("report_type");
        chat.say(answer);
        assert_eq!(chat.state.step(), Some("summary"), "{answer}");
        assert!(chat.text().contains("- Jenis: Permintaan informasi"), "{answer}: {}", chat.text());
    }
}

#[test]
fn an_unreadable_date_gives_an_example_from_the_event_date() {
    let mut chat = at_step("when");
    chat.say("minggu lalu kira-kira");
    assert_eq!(chat.text(), "Tanggal tidak dikenali. Ketik seperti 28/11/2026 atau 3 hari lalu, atau pilih:");
    assert_eq!(chat.options(), ["Hari ini", "Kemarin", "Lewati"]);
}

#[test]
fn a_future_date_is_refused() {
    let mut chat = at_step("when");
    chat.say("30/11/2026");
    assert!(chat.text().starts_with("Tanggal itu belum terjadi."), "{}", chat.text());
}

#[test]
fn a_date_more_than_a_year_ago_is_refused() {
    let mut chat = at_step("when");
    chat.say("2025-01-02");
    assert!(chat.text().starts_with("Kejadian lebih dari 1 tahun lalu tidak dapat"), "{}", chat.text());
}

fn date_answer(typed: &str) -> Answer {
    let mut chat = at_step("when");
    chat.say(typed);
    assert_eq!(chat.state.step(), Some("summary"), "{typed}: {}", chat.text());
    chat.say("kirim");
    let Effect::SubmitReport(report) = &chat.effects()[0] else { panic!("{typed}: no report") };
    report.answers["occurred_on"].clone()
}

#[test]
fn typed_dates_in_common_shapes_are_understood() {
    let d = |m, day| Answer::Date(NaiveDate::from_ymd_opt(2026, m, day).unwrap());
    assert_eq!(date_answer("25/11/2026"), d(11, 25));
    assert_eq!(date_answer("25-11-2026"), d(11, 25));
    assert_eq!(date_answer("2026-11-25"), d(11, 25));
    assert_eq!(date_answer("25/11"), d(11, 25));
    assert_eq!(date_answer("3 hari lalu"), d(11, 25));
    assert_eq!(date_answer("3 dina kepungkur"), d(11, 25));
    assert_eq!(date_answer("wingi"), d(11, 27));
    assert_eq!(date_answer("Lewati"), Answer::Skipped);
    assert_eq!(
        date_answer("31/12"),
        Answer::Date(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()),
        "a day-month still ahead this year means last year"
    );
}

#[test]
fn relative_dates_as_people_say_them_count_back_from_the_events_date() {
    let d = |m, day| Answer::Date(NaiveDate::from_ymd_opt(2026, m, day).unwrap());
    for (typed, expected) in [
        ("kemarin sore", d(11, 27)),
        ("Kemarin malam", d(11, 27)),
        ("semalam", d(11, 27)),
        ("tadi pagi", d(11, 28)),
        ("tadi siang.", d(11, 28)),
        ("pagi ini", d(11, 28)),
        ("seminggu lalu", d(11, 21)),
        ("seminggu yang lalu", d(11, 21)),
        ("2 hari yang lalu", d(11, 26)),
        ("dua hari lalu", d(11, 26)),
        ("kemarin lusa", d(11, 26)),
        ("2 minggu lalu", d(11, 14)),
        ("sebulan lalu", d(10, 29)),
        ("wingi sonten", d(11, 27)),
        ("mau esuk", d(11, 28)),
        ("3 dinten kepengker", d(11, 25)),
        ("yesterday evening", d(11, 27)),
        ("this morning", d(11, 28)),
        ("a week ago", d(11, 21)),
        ("3 days ago", d(11, 25)),
    ] {
        assert_eq!(date_answer(typed), expected, "{typed}");
    }
}

#[test]
fn a_relative_date_beyond_a_year_is_refused_as_too_old() {
    let mut chat = at_step("when");
    chat.say("14 bulan lalu");
    assert!(chat.text().starts_with("Kejadian lebih dari 1 tahun lalu"), "{}", chat.text());
}

#[test]
fn an_unknown_confirm_answer_lists_send_edit_cancel() {
    let mut chat = Chat::telegram();
    chat.up_to_summary();
    chat.say("mungkin");
    assert_eq!(chat.text(), "Itu bukan salah satu pilihan. Silakan pilih: Kirim, Ubah, Batal.");
}

#[test]
fn batal_on_the_summary_cancels() {
    let mut chat = Chat::telegram();
    chat.up_to_summary();
    chat.say("3");
    assert!(!chat.state.has_draft());
    assert!(chat.effects().is_empty());
}
