//! A shared contact at any step, and unknown SMS text outside a report answered with one short help.
//!
//!   citizen (Telegram, at the photos step): (shares own contact +6281234567890)
//!   → PhoneShared { phone: "+6281234567890" }
//!   bot: Nomor HP disimpan: kabar laporan akan dikirim lewat SMS bila Telegram tidak bisa dihubungi.
//!   bot: Ada foto? Kirim 1–3 foto, atau Lewati.                                     [Lewati]
//!   citizen (Telegram): (shares a friend's contact)   bot: Kirim nomor HP kamu sendiri, … / the step again
//!   citizen (SMS, no report open): halo     bot: SMS Kentongan: LAPOR <isi laporan> #<alamat> untuk melapor. …

mod common;

use common::Chat;
use kentongan_dialog::{Effect, Input, Lang, gsm7, render};

fn contact(own: bool) -> Input {
    Input::Contact { phone: "+6281234567890".into(), own }
}

#[test]
fn sharing_ones_own_contact_mid_draft_saves_the_phone_and_asks_the_step_again() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    let out = chat.send(contact(true)).clone();
    assert_eq!(out.effects, [Effect::PhoneShared { phone: "+6281234567890".into() }]);
    assert_eq!(out.replies.len(), 2);
    assert_eq!(out.replies[0].text, chat.msg("phone_saved", &[]));
    assert_eq!(out.replies[1].text, "Ada foto? Kirim 1–3 foto, atau Lewati.");
    assert_eq!(out.replies[1].options, ["Lewati"]);
    assert_eq!(chat.state.step(), Some("photos"), "the draft is untouched");
}

#[test]
fn sharing_ones_own_contact_at_the_menu_shows_the_menu_again() {
    let mut chat = Chat::telegram().in_lang(Lang::En);
    let out = chat.send(contact(true)).clone();
    assert_eq!(out.effects.len(), 1);
    assert_eq!(out.replies[0].text, chat.msg("phone_saved", &[]));
    assert_eq!(out.replies[1].text, chat.msg("welcome", &[]));
    assert_eq!(out.replies[1].options, ["Make a report", "Check status", "Help", "Language"]);
}

#[test]
fn sharing_someone_elses_contact_is_refused_without_an_effect() {
    let mut chat = Chat::telegram();
    chat.say("/start");
    chat.say("1");
    let out = chat.send(contact(false)).clone();
    assert!(out.effects.is_empty());
    assert_eq!(out.replies[0].text, chat.msg("contact_not_own", &[]));
    assert_eq!(out.replies[1].text, "Ceritakan apa yang terjadi (min. 15 huruf).");
    assert_eq!(chat.state.step(), Some("describe"));
}

#[test]
fn a_contact_during_a_side_question_asks_that_question_again() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    chat.say("/bahasa");
    let out = chat.send(contact(true)).clone();
    assert_eq!(out.replies[1].text, chat.msg("language_prompt", &[]));
    chat.say("English");
    assert_eq!(chat.state.lang(), Lang::En);
    assert_eq!(chat.state.step(), Some("photos"));
}

#[test]
fn unknown_text_outside_a_report_on_sms_gets_exactly_one_short_help() {
    for lang in Lang::ALL {
        let mut chat = Chat::sms().in_lang(lang);
        let out = chat.say("halo pak, ini gimana caranya").clone();
        assert_eq!(out.replies.len(), 1, "{lang:?}: {:?}", out.replies);
        assert_eq!(out.replies[0].text, chat.msg("sms_help", &[]));
        assert!(out.replies[0].options.is_empty(), "not the welcome menu");
        assert!(out.effects.is_empty() && !chat.state.has_draft());
        assert!(gsm7::fits_one_sms(&render::sms_full(&out.replies[0], lang, &chat.d)));
    }
}

#[test]
fn on_sms_the_menu_numbers_still_work_after_start() {
    let mut chat = Chat::sms();
    chat.say("/start");
    assert_eq!(chat.text(), chat.msg("welcome", &[]));
    chat.say("1");
    assert_eq!(chat.state.step(), Some("describe"));
}

#[test]
fn unknown_text_outside_a_report_on_telegram_still_shows_the_welcome_menu() {
    let mut chat = Chat::telegram();
    let out = chat.say("halo pak, ini gimana caranya").clone();
    assert_eq!(out.replies.len(), 1);
    assert_eq!(out.replies[0].text, chat.msg("welcome", &[]));
    assert_eq!(out.replies[0].options, ["Buat laporan", "Cek status", "Bantuan", "Bahasa"]);
}
