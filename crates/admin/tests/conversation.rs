//! The admin conversation, walked through `step` as an admin would:
//!
//!   admin: /daftar 7KQ4MXDT2HCA   → Redeem (the caller answers "Selamat bergabung …")
//!   admin: (Terima)               → Accept,  bot: Laporan PKL-7Q3K9XW Anda terima. …
//!   admin: (Minta info)           bot: Tulis pertanyaan untuk pelapor laporan PKL-7Q3K9XW. …
//!   admin: Lubangnya di sisi utara atau selatan jalan?   → RequestInfo
//!   admin: (Selesai)              bot: Tulis tanggapan … (minimal 20 huruf). …
//!   admin: Lubang sudah ditambal tim UPT Jalan pagi ini.  bot: Tanggapan dicatat. … [Kirim tanpa foto]
//!   admin: (photo)                → Respond { text, photo }

mod common;

use common::{Chat, DESCRIPTION, labels, only, penghubung, ticket};
use kentongan_admin::{
    Action, AdminEffect, AdminEvent, AdminState, Lang, PhotoRef, Rating, RedeemOutcome, Role, Status, rating_outcome,
    render_citizen, render_redeem,
};

const RESPONSE: &str = "Lubang sudah ditambal tim UPT Jalan pagi ini.";

fn photo(id: &str) -> AdminEvent {
    AdminEvent::Photo { photo: PhotoRef(id.into()), caption: None }
}

#[test]
fn invite_accept_ask_respond_and_rate_walk_the_whole_round_trip() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    let out = chat.say("/daftar 7KQ4MXDT2HCA");
    assert_eq!(out.effects, [AdminEffect::Redeem { code: "7KQ4MXDT2HCA".into() }]);
    let bound =
        RedeemOutcome::Bound { role: Role::Penghubung, opd_name: "Dinas Pekerjaan Umum dan Penataan Ruang".into() };
    assert!(
        render_redeem(&chat.texts, Lang::Id, &bound).text.starts_with("Selamat bergabung. Anda kini admin penghubung")
    );

    let out = chat.tap(Action::Accept, &ticket(Status::Didisposisikan));
    assert_eq!(out.effects, [AdminEffect::Accept { ticket: "PKL-7Q3K9XW".into() }]);
    assert_eq!(only(&out).text, "Laporan PKL-7Q3K9XW Anda terima. Pelapor sudah diberi tahu.");

    let accepted = ticket(Status::Ditindaklanjuti);
    let out = chat.tap(Action::RequestInfo, &accepted);
    assert_eq!(chat.state, AdminState::Question { ticket: "PKL-7Q3K9XW".into() });
    assert!(only(&out).text.starts_with("Tulis pertanyaan untuk pelapor laporan PKL-7Q3K9XW."));
    let question = "Lubangnya di sisi utara atau selatan jalan?";
    let out = chat.say(question);
    let asked = AdminEffect::RequestInfo { ticket: "PKL-7Q3K9XW".into(), question: question.into() };
    assert_eq!(out.effects, std::slice::from_ref(&asked));
    let relayed = render_citizen(&chat.texts, Lang::Id, true, &asked, "DPUPR");
    assert_eq!(
        relayed[0].text,
        format!("DPUPR bertanya tentang laporan PKL-7Q3K9XW: {question} Balas pesan ini untuk menjawab.")
    );

    let out = chat.tap(Action::Respond, &accepted);
    assert!(only(&out).text.contains("(minimal 20 huruf)"));
    let out = chat.say("Sudah beres.");
    assert_eq!(only(&out).text, chat.msg("response_too_short", &[("min", "20")]));
    assert!(out.effects.is_empty());
    let out = chat.say(RESPONSE);
    assert_eq!(labels(only(&out)), ["Kirim tanpa foto"]);
    let out = chat.send(photo("after"));
    let responded = AdminEffect::Respond {
        ticket: "PKL-7Q3K9XW".into(),
        text: RESPONSE.into(),
        photo: Some(PhotoRef("after".into())),
    };
    assert_eq!(out.effects, std::slice::from_ref(&responded));
    assert_eq!(chat.state, AdminState::Idle);

    let to_citizen = render_citizen(&chat.texts, Lang::Id, false, &responded, "DPUPR");
    assert_eq!(to_citizen[0].photo, Some(PhotoRef("after".into())));
    assert_eq!(to_citizen[1].buttons, ["Puas", "Belum puas"]);
    assert_eq!(rating_outcome(&to_citizen[1].buttons[0]), Some(Rating::Puas));
}

#[test]
fn a_photo_sent_before_the_response_text_is_kept_and_the_text_finishes_it() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    chat.tap(Action::Respond, &ticket(Status::Ditindaklanjuti));
    let out = chat.send(photo("before"));
    assert_eq!(only(&out).text, chat.msg("response_photo_first", &[("min", "20")]));
    let out = chat.say(RESPONSE);
    assert_eq!(
        out.effects,
        [AdminEffect::Respond {
            ticket: "PKL-7Q3K9XW".into(),
            text: RESPONSE.into(),
            photo: Some(PhotoRef("before".into()))
        }]
    );
}

#[test]
fn kirim_tanpa_foto_sends_the_typed_response_alone() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    let t = ticket(Status::Ditindaklanjuti);
    chat.tap(Action::Respond, &t);
    chat.say(RESPONSE);
    let out = chat.tap(Action::SendWithoutPhoto, &t);
    assert_eq!(out.effects, [AdminEffect::Respond { ticket: t.id.clone(), text: RESPONSE.into(), photo: None }]);
    let again = chat.tap(Action::SendWithoutPhoto, &t);
    assert!(again.effects.is_empty(), "a second tap sends nothing");
}

#[test]
fn a_response_of_twenty_characters_but_fewer_letters_is_refused() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    chat.tap(Action::Respond, &ticket(Status::Ditindaklanjuti));
    let out = chat.say("ok ok ok ok 12345 !!!");
    assert!(out.effects.is_empty());
    assert!(matches!(chat.state, AdminState::Response { text: None, .. }));
}

#[test]
fn batal_cancels_any_pending_flow_without_an_effect() {
    let t = ticket(Status::Ditindaklanjuti);
    for action in [Action::RequestInfo, Action::Respond, Action::Postpone] {
        let mut chat = Chat::new(penghubung("DPUPR"));
        chat.tap(action.clone(), &t);
        assert_ne!(chat.state, AdminState::Idle, "{action:?}");
        let out = chat.say("/batal");
        assert_eq!(chat.state, AdminState::Idle);
        assert!(out.effects.is_empty());
        assert_eq!(only(&out).text, "Dibatalkan. Tidak ada yang berubah.");
        assert_eq!(labels(only(&chat.say("tulisan berikutnya"))), ["Lapor sebagai warga"], "then help, no effect");
    }
}

#[test]
fn tunda_takes_the_next_text_as_the_reason() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    chat.tap(Action::Postpone, &ticket(Status::Ditindaklanjuti));
    let out = chat.say("Menunggu anggaran perubahan bulan depan");
    let reason = "Menunggu anggaran perubahan bulan depan".to_owned();
    assert_eq!(out.effects, [AdminEffect::Postpone { ticket: "PKL-7Q3K9XW".into(), reason }]);
}

#[test]
fn a_photo_while_a_question_is_awaited_asks_for_text_and_keeps_waiting() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    chat.tap(Action::RequestInfo, &ticket(Status::Ditindaklanjuti));
    let out = chat.send(photo("p"));
    assert!(out.effects.is_empty());
    assert_eq!(chat.state, AdminState::Question { ticket: "PKL-7Q3K9XW".into() });
}

#[test]
fn anything_unexpected_gets_the_admin_help_and_its_citizen_button_switches_dialogs() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    for text in [DESCRIPTION, "halo", "/lapor", "/status PKL-7Q3K9XW", "/start", "/bantuan"] {
        let out = chat.say(text);
        assert!(out.effects.is_empty(), "{text}");
        assert_eq!(only(&out).text, chat.msg("help", &[]), "{text}");
    }
    let out = chat.send(AdminEvent::Tap { action: Action::SwitchToCitizen, ticket: None });
    assert_eq!(out.effects, [AdminEffect::SwitchToCitizen]);
}

#[test]
fn another_opds_admin_tapping_a_button_is_refused_and_nothing_changes() {
    let mut chat = Chat::new(penghubung("DINHUB"));
    let out = chat.tap(Action::Accept, &ticket(Status::Didisposisikan));
    assert!(out.effects.is_empty());
    assert_eq!(
        only(&out).text,
        "Laporan ini ditangani Dinas Pekerjaan Umum dan Penataan Ruang; Anda tidak dapat mengubahnya."
    );
    let forged = chat.send(AdminEvent::Tap { action: Action::Accept, ticket: None });
    assert!(forged.effects.is_empty());
    assert_eq!(only(&forged).text, chat.msg("refused_token", &[]));
}

#[test]
fn a_stale_button_changes_nothing_and_keeps_a_pending_flow() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    chat.tap(Action::RequestInfo, &ticket(Status::Ditindaklanjuti));
    let out = chat.tap(Action::Accept, &ticket(Status::Selesai));
    assert!(out.effects.is_empty());
    assert_eq!(chat.state, AdminState::Question { ticket: "PKL-7Q3K9XW".into() });
}

#[test]
fn commands_from_a_group_carry_the_bots_name_and_still_parse() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    assert_eq!(chat.say("/daftar@kentongan_bot 7kq4-mxdt").effects, [AdminEffect::Redeem { code: "7kq4-mxdt".into() }]);
    assert_eq!(chat.say("/start 7KQ4MXDT2HCA").effects, [AdminEffect::Redeem { code: "7KQ4MXDT2HCA".into() }]);
    assert_eq!(only(&chat.say("/daftar")).text, chat.msg("usage_daftar", &[]));
    assert_eq!(chat.say("/laporan pkl-7q3k9xw").effects, [AdminEffect::LoadTicket { id: "PKL-7Q3K9XW".into() }]);
}
