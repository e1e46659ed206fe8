//! Photos 0/1/3 with auto-advance, and SMS (no media, no buttons) skipping the photo step once.
//!
//!   bot: Ada foto? Kirim 1–3 foto, atau Lewati.   citizen: (photo)
//!   bot: Foto 1 dari 3 diterima. Kirim lagi, atau Selesai. [Selesai]
//!   citizen: (photo) (photo)                      bot: Jenis laporan? …   (auto-advance at 3)
//!   SMS: after the date, "Foto tidak bisa dikirim lewat saluran ini …" then "Jenis laporan?"

mod common;

use common::Chat;
use kentongan_dialog::{Answer, Effect, render};

fn submitted(chat: &mut Chat) -> kentongan_dialog::Report {
    while chat.state.step() != Some("summary") {
        chat.say("1");
    }
    chat.say("Kirim");
    match &chat.effects()[0] {
        Effect::SubmitReport(report) => report.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn zero_photos_with_lewati_records_skipped() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    chat.say("Lewati");
    assert_eq!(chat.state.step(), Some("report_type"));
    assert_eq!(submitted(&mut chat).answers["photos"], Answer::Skipped);
}

#[test]
fn one_photo_then_selesai_records_it() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    chat.photo("a");
    assert_eq!(chat.text(), "Foto 1 dari 3 diterima. Kirim lagi, atau Selesai.");
    assert_eq!(chat.options(), ["Selesai"]);
    chat.say("selesai");
    assert_eq!(submitted(&mut chat).answers["photos"], Answer::Photos(vec!["a".into()]));
}

#[test]
fn the_third_photo_advances_by_itself() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    chat.photo("a");
    chat.photo("b");
    assert_eq!(chat.state.step(), Some("photos"));
    chat.photo("c");
    assert_eq!(chat.state.step(), Some("report_type"));
    assert_eq!(chat.options(), ["Pengaduan", "Aspirasi", "Permintaan informasi"]);
    let photos = submitted(&mut chat).answers["photos"].clone();
    assert_eq!(photos, Answer::Photos(vec!["a".into(), "b".into(), "c".into()]));
}

#[test]
fn on_sms_the_photo_step_is_skipped_with_a_note_shown_once() {
    let mut chat = Chat::sms();
    chat.up_to_photos();
    let out = chat.last.clone().unwrap();
    assert_eq!(out.replies[0].text, chat.msg("photos_not_supported", &[]));
    assert_eq!(out.replies[1].text, "Jenis laporan?");
    assert_eq!(chat.state.step(), Some("report_type"));
    chat.say("/kembali");
    assert_eq!(chat.state.step(), Some("when"), "back skips the photo step too");
    let out = chat.say("1").clone();
    assert_eq!(out.replies.len(), 1, "the note is not repeated");
    assert_eq!(submitted(&mut chat).answers["photos"], Answer::Skipped);
}

#[test]
fn on_sms_the_privacy_question_renders_with_numbered_options_in_one_sms() {
    let mut chat = Chat::sms();
    chat.up_to_photos();
    chat.say("1");
    let sms = render::sms(chat.reply(), chat.state.lang(), &chat.d);
    assert!(sms.ends_with("Balas 1 Biasa, 2 Anonim, 3 Rahasia"), "{sms}");
    assert!(kentongan_dialog::gsm7::fits_one_sms(&sms));
}

#[test]
fn on_sms_the_location_prompt_uses_the_short_sms_text_without_a_button() {
    let mut chat = Chat::sms();
    chat.say("LAPOR");
    chat.say(common::DESCRIPTION);
    assert_eq!(chat.text(), "Di mana lokasinya? Ketik alamat (jalan, RT/RW, kelurahan).");
    assert!(!chat.reply().ask_location);
}

#[test]
fn the_cli_renders_numbered_options_on_one_line() {
    let mut chat = Chat::new(common::dialogs(), kentongan_dialog::Caps::CLI);
    chat.up_to_photos();
    chat.say("Lewati");
    chat.say("1");
    let shown = render::plain(chat.reply());
    assert!(shown.ends_with("\n  [1] Biasa  [2] Anonim  [3] Rahasia"), "{shown}");
}
