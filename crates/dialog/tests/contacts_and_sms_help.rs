//! A shared contact at any step (only the citizen's own Indonesian mobile is kept), the data notice at
//! first contact, and short unknown SMS text outside a report answered with one short help.
//!
//!   citizen (Telegram, at the photos step): (shares own contact +6281234567890)
//!   → PhoneShared { phone: "+6281234567890" }
//!   bot: Nomor HP Anda kami simpan: kabar laporan akan dikirim lewat SMS bila Telegram …
//!   bot: Ada foto? Kirim sampai 3 foto, atau pilih Lewati.                          [Lewati]
//!   citizen (Telegram): (shares a friend's contact)   bot: Mohon kirim nomor HP Anda sendiri, … / the step again
//!   citizen (CLI): /kontak 0812345                    bot: Nomor itu bukan nomor HP Indonesia (08...), …
//!   citizen (SMS, no report open): halo               bot: SMS Kentongan: LAPOR <isi laporan> #<alamat> …

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
    assert_eq!(out.replies[1].text, chat.prompt("photos"));
    assert_eq!(out.replies[1].options, ["Lewati"]);
    assert_eq!(chat.state.step(), Some("photos"), "the draft is untouched");
}

#[test]
fn sharing_ones_own_contact_at_the_menu_shows_the_menu_again() {
    let mut chat = Chat::telegram().in_lang(Lang::En);
    chat.say("/start");
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
    assert_eq!(out.replies[1].text, chat.prompt("describe"));
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
fn short_unknown_text_outside_a_report_on_sms_gets_exactly_one_short_help() {
    for lang in Lang::ALL {
        let mut chat = Chat::sms().in_lang(lang);
        chat.say("/start");
        let out = chat.say("halo pak, gimana?").clone();
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
fn short_unknown_text_outside_a_report_on_telegram_still_shows_the_welcome_menu() {
    let mut chat = Chat::telegram();
    chat.say("/start");
    let out = chat.say("halo pak, gimana?").clone();
    assert_eq!(out.replies.len(), 1);
    assert_eq!(out.replies[0].text, chat.msg("welcome", &[]));
    assert_eq!(out.replies[0].options, ["Buat laporan", "Cek status", "Bantuan", "Bahasa"]);
}

#[test]
fn a_truncated_or_foreign_number_is_not_kept_as_the_reporters_phone() {
    for phone in ["0812345", "+14158675309", "0285-123456"] {
        let mut chat = Chat::new(common::dialogs(), kentongan_dialog::Caps::CLI);
        chat.say("/start");
        let out = chat.send(Input::Contact { phone: phone.into(), own: true }).clone();
        assert!(out.effects.is_empty(), "{phone}: {:?}", out.effects);
        assert_eq!(out.replies[0].text, chat.msg("contact_invalid", &[]), "{phone}");
        assert_ne!(out.replies[0].text, chat.msg("phone_saved", &[]));
    }
    let mut chat = Chat::telegram();
    chat.say("/start");
    chat.send(Input::Contact { phone: "6281234567890".into(), own: true });
    assert_eq!(chat.effects(), [Effect::PhoneShared { phone: "6281234567890".into() }]);
}

#[test]
fn the_first_message_ever_gets_the_one_line_data_notice_first_and_only_once() {
    for (mut chat, first) in [(Chat::telegram(), "/start"), (Chat::sms(), "halo"), (Chat::sms(), "LAPOR")] {
        let out = chat.say(first).clone();
        let notice = chat.msg("privacy_notice", &[]);
        assert_eq!(out.replies[0].text, notice, "{first}");
        assert!(notice.contains("UU 27/2022"), "{notice}");
        let privasi = if chat.caps.is_sms() { "PRIVASI" } else { "/privasi" };
        assert!(notice.contains(privasi), "names how to read more and ask for deletion: {notice}");
        assert!(gsm7::fits_one_sms(&gsm7::normalize(&notice)) || !chat.caps.is_sms());
        let again = chat.say("/start").clone();
        assert!(again.replies.iter().all(|r| r.text != notice), "{first}: shown once");
    }
}

#[test]
fn a_long_text_at_the_sms_menu_opens_a_report_and_says_so_in_one_sms_with_the_next_question() {
    let mut chat = Chat::sms();
    chat.say("/start");
    let out = chat.say(common::DESCRIPTION).clone();
    assert_eq!(chat.state.step(), Some("location"));
    assert_eq!(out.replies[0].text, chat.msg("report_opened", &[]));
    assert!(out.replies[0].text.contains("BATAL"), "SMS names its keyword: {}", out.replies[0].text);
    let joined = render::sms_joined(out.replies.clone(), Lang::Id, &chat.d);
    assert_eq!(joined.len(), 1, "{joined:?}");
}
