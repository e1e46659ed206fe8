//! Photos 0/1/3 with auto-advance, kept when going back, and SMS (no media, no buttons) skipping the
//! photo step once.
//!
//!   bot: Ada foto? Kirim sampai 3 foto, atau pilih Lewati.   citizen: (photo)
//!   bot: Foto ke-1 diterima. Anda bisa mengirim sampai 3 foto: kirim lagi, atau pilih Selesai. [Selesai]
//!   citizen: (photo) (photo)
//!   bot: Foto ke-3 diterima. Itu batas 3 foto, jadi kita lanjut ke pertanyaan berikutnya.
//!   bot: Bagaimana laporan ini diteruskan? …                                (auto-advance at 3)
//!   citizen: /kembali        bot: 3 foto yang sudah Anda kirim tetap tersimpan … [Selesai]
//!   SMS: after the address, "Foto tidak bisa dikirim lewat SMS." then the privacy question, in one SMS

mod common;

use common::Chat;
use kentongan_dialog::{Answer, Effect, gsm7, render};

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
    assert_eq!(chat.state.step(), Some("privacy"));
    assert_eq!(submitted(&mut chat).answers["photos"], Answer::Skipped);
}

#[test]
fn one_photo_then_selesai_records_it_and_the_receipt_does_not_read_as_if_three_are_expected() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    chat.photo("a");
    assert_eq!(chat.text(), "Foto ke-1 diterima. Anda bisa mengirim sampai 3 foto: kirim lagi, atau pilih Selesai.");
    assert!(!chat.text().contains("1 dari 3"), "{}", chat.text());
    assert_eq!(chat.options(), ["Selesai"]);
    chat.say("selesai");
    assert_eq!(submitted(&mut chat).answers["photos"], Answer::Photos(vec!["a".into()]));
}

#[test]
fn the_third_photo_says_it_was_received_and_that_the_report_moves_on() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    chat.photo("a");
    chat.photo("b");
    assert_eq!(chat.state.step(), Some("photos"));
    let out = chat.photo("c").clone();
    assert_eq!(chat.state.step(), Some("privacy"));
    assert_eq!(out.replies.len(), 2, "{:?}", out.replies);
    assert_eq!(out.replies[0].text, chat.msg("photo_last_received", &[("n", "3"), ("max", "3")]));
    assert!(out.replies[0].text.starts_with("Foto ke-3 diterima.") && out.replies[0].text.contains("lanjut"));
    assert_eq!(out.replies[1].text, chat.prompt("privacy"));
    assert_eq!(chat.options(), ["Biasa", "Anonim", "Rahasia"]);
    let photos = submitted(&mut chat).answers["photos"].clone();
    assert_eq!(photos, Answer::Photos(vec!["a".into(), "b".into(), "c".into()]));
}

#[test]
fn kembali_to_the_photo_step_keeps_the_photos_already_sent() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    chat.photo("a");
    chat.photo("b");
    chat.say("Selesai");
    assert_eq!(chat.state.step(), Some("privacy"));
    chat.say("/kembali");
    assert_eq!(chat.state.step(), Some("photos"));
    assert_eq!(chat.text(), chat.msg("photos_kept", &[("n", "2"), ("max", "3")]));
    assert_eq!(chat.options(), ["Selesai"]);
    chat.photo("c");
    assert_eq!(chat.state.step(), Some("privacy"), "the third photo fills the step");
    chat.say("/kembali");
    chat.photo("d");
    assert_eq!(chat.text(), chat.msg("photos_kept", &[("n", "3"), ("max", "3")]), "a fourth is not kept");
    chat.say("Selesai");
    let photos = submitted(&mut chat).answers["photos"].clone();
    assert_eq!(photos, Answer::Photos(vec!["a".into(), "b".into(), "c".into()]));
}

#[test]
fn on_sms_the_photo_step_is_skipped_with_a_note_shown_once() {
    let mut chat = Chat::sms();
    chat.up_to_photos();
    let out = chat.last.clone().unwrap();
    assert_eq!(out.replies[0].text, chat.msg("photos_not_supported", &[]));
    assert_eq!(out.replies[1].text, chat.prompt("privacy"));
    assert_eq!(chat.state.step(), Some("privacy"));
    chat.say("/kembali");
    assert_eq!(chat.state.step(), Some("location"), "back skips the photo step too");
    let out = chat.say("Jl. Merdeka 12, Medono").clone();
    assert_eq!(out.replies.len(), 1, "the note is not repeated");
    assert_eq!(submitted(&mut chat).answers["photos"], Answer::Skipped);
}

#[test]
fn on_sms_the_privacy_question_renders_with_numbered_options_in_one_sms_without_a_name() {
    let mut chat = Chat::sms();
    chat.up_to_photos();
    let sms = render::sms(chat.reply(), chat.state.lang(), &chat.d);
    assert!(sms.ends_with("Balas 1 Biasa, 2 Anonim, 3 Rahasia"), "{sms}");
    assert!(gsm7::fits_one_sms(&sms));
    for lang in kentongan_dialog::Lang::ALL {
        let mut chat = Chat::sms().in_lang(lang);
        chat.up_to_photos();
        let text = chat.text().to_lowercase();
        for name in ["nama", "name", "jeneng", "asma"] {
            assert!(!text.contains(name), "{lang:?}: SMS has no name to hide: {text}");
        }
    }
}

#[test]
fn on_sms_the_location_prompt_uses_the_short_sms_text_without_a_button() {
    let mut chat = Chat::sms();
    chat.say("LAPOR");
    chat.say(common::DESCRIPTION);
    assert_eq!(chat.text(), "Di mana lokasinya? Ketik alamatnya (jalan, RT/RW, kelurahan).");
    assert!(!chat.reply().ask_location);
}

#[test]
fn the_cli_renders_numbered_options_on_one_line() {
    let mut chat = Chat::new(common::dialogs(), kentongan_dialog::Caps::CLI);
    chat.up_to_photos();
    chat.say("Lewati");
    let shown = render::plain(chat.reply());
    assert!(shown.ends_with("\n  [1] Biasa  [2] Anonim  [3] Rahasia"), "{shown}");
}
