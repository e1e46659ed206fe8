//! What the gateway does with an effect: re-check it against the ticket as it is now, move the status,
//! record the move, and tell the reporter.

mod common;

use common::{Chat, at, penghubung, ticket};
use kentongan_admin::{
    Action, AdminEffect, Correction, Lang, LastMove, MoveKind, PhotoRef, Rating, Status, check_transition, may_act,
    render_citizen, render_rating_answer,
};

#[test]
fn a_question_typed_after_another_admin_finished_the_ticket_is_stopped_by_the_gate() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    chat.tap(Action::RequestInfo, &ticket(Status::Ditindaklanjuti));
    let out = chat.say("Lubangnya di sisi utara atau selatan jalan?");
    let effect = &out.effects[0];
    // Meanwhile a colleague responded from another chat.
    let mut now = ticket(Status::Selesai);
    now.last_move = Some(LastMove {
        kind: MoveKind::Responded,
        admin_name: "Rina".into(),
        opd_name: "DPUPR".into(),
        at: at("2026-12-04 08:10"),
    });
    let gate = effect.gate().unwrap();
    assert_eq!(may_act(&chat.admin, &now), Ok(()));
    let stale = check_transition(&gate, now.status, now.last_move.as_ref()).unwrap_err();
    assert_eq!(
        stale.render(&chat.texts, Lang::Id),
        "Laporan ini sudah ditanggapi oleh Rina (DPUPR) pada 04/12/2026 08:10."
    );
}

#[test]
fn each_ticket_effect_names_its_ticket_next_status_and_move() {
    let id = "PKL-7Q3K9XW".to_owned();
    let correction = Correction { text: "x".into(), was: None, is: "DINHUB".into() };
    let table = [
        (AdminEffect::Accept { ticket: id.clone() }, Some(Status::Ditindaklanjuti), Some(MoveKind::Accepted)),
        (
            AdminEffect::Reroute { ticket: id.clone(), to: "DINHUB".into(), correction },
            Some(Status::Didisposisikan),
            Some(MoveKind::Rerouted),
        ),
        (
            AdminEffect::ToTriage { ticket: id.clone(), from: None },
            Some(Status::Diverifikasi),
            Some(MoveKind::SentToTriage),
        ),
        (AdminEffect::RequestInfo { ticket: id.clone(), question: "q".into() }, None, None),
        (
            AdminEffect::Respond { ticket: id.clone(), text: "t".into(), photo: None },
            Some(Status::Selesai),
            Some(MoveKind::Responded),
        ),
        (
            AdminEffect::Postpone { ticket: id.clone(), reason: "r".into() },
            Some(Status::Ditunda),
            Some(MoveKind::Postponed),
        ),
        (
            AdminEffect::Reject { ticket: id.clone(), reason: "duplikat".into() },
            Some(Status::Ditolak),
            Some(MoveKind::Rejected),
        ),
    ];
    for (effect, status, kind) in table {
        assert_eq!(effect.ticket(), Some(id.as_str()), "{effect:?}");
        assert!(effect.gate().is_some());
        assert_eq!((effect.status_after(), effect.move_kind()), (status, kind), "{effect:?}");
    }
    assert_eq!(AdminEffect::SwitchToCitizen.ticket(), None);
    assert_eq!(AdminEffect::LoadQueue { page: 0 }.gate(), None);
}

#[test]
fn after_a_status_change_the_same_button_is_stale_for_every_ticket_action() {
    let from = [Status::Didisposisikan, Status::Ditindaklanjuti];
    let effects = [
        AdminEffect::Accept { ticket: "T".into() },
        AdminEffect::Respond { ticket: "T".into(), text: "t".into(), photo: None },
        AdminEffect::Postpone { ticket: "T".into(), reason: "r".into() },
        AdminEffect::Reject { ticket: "T".into(), reason: "duplikat".into() },
    ];
    for effect in effects {
        let gate = effect.gate().unwrap();
        let before = from.iter().find(|s| check_transition(&gate, **s, None).is_ok()).copied();
        assert!(before.is_some(), "{effect:?} applies somewhere");
        assert!(check_transition(&gate, effect.status_after().unwrap(), None).is_err(), "{effect:?} twice");
    }
}

#[test]
fn the_reporter_is_told_of_each_action_in_words_without_buttons_on_sms() {
    let texts = common::texts();
    let id = "PKL-7Q3K9XW".to_owned();
    let say = |e: AdminEffect, sms| render_citizen(&texts, Lang::Id, sms, &e, "Dinas Perhubungan");
    assert_eq!(
        say(AdminEffect::Accept { ticket: id.clone() }, true)[0].text,
        "Laporan PKL-7Q3K9XW sudah diterima Dinas Perhubungan dan sedang ditindaklanjuti."
    );
    assert_eq!(
        say(AdminEffect::Reject { ticket: id.clone(), reason: "data_kurang".into() }, true)[0].text,
        "Mohon maaf, laporan PKL-7Q3K9XW tidak dapat diproses: Data kurang."
    );
    assert!(
        say(AdminEffect::Postpone { ticket: id.clone(), reason: "Menunggu anggaran".into() }, false)[0]
            .text
            .ends_with(": Menunggu anggaran")
    );
    assert!(say(AdminEffect::ToTriage { ticket: id.clone(), from: None }, false).is_empty(), "triage is internal");
    let sms = say(
        AdminEffect::Respond {
            ticket: id.clone(),
            text: "Sudah diperbaiki.".into(),
            photo: Some(PhotoRef("p".into())),
        },
        true,
    );
    assert_eq!(sms[0].photo, None, "no photo on SMS");
    assert!(sms[1].buttons.is_empty() && sms[1].text.contains("Balas 1 Puas, 2 Belum puas"));
}

#[test]
fn belum_puas_is_answered_with_the_reopening_and_puas_with_thanks() {
    let texts = common::texts();
    let reopened = render_rating_answer(
        &texts,
        Lang::Id,
        &Rating::BelumPuas { reason: Some("masih bocor".into()) },
        "PKL-1",
        "PDAM",
    );
    assert_eq!(reopened.text, "Laporan PKL-1 kami buka kembali untuk PDAM, dengan catatan Anda. Terima kasih.");
    assert_eq!(
        render_rating_answer(&texts, Lang::Id, &Rating::Puas, "PKL-1", "PDAM").text,
        "Terima kasih atas penilaian Anda."
    );
}

#[test]
fn the_old_opds_button_after_a_reroute_says_who_moved_the_ticket() {
    let mut moved = ticket(Status::Didisposisikan);
    moved.opd = Some(common::opd("DINHUB"));
    moved.last_move = Some(LastMove {
        kind: MoveKind::Rerouted,
        admin_name: "Budi".into(),
        opd_name: "DPUPR".into(),
        at: at("2026-12-04 08:10"),
    });
    let mut chat = Chat::new(penghubung("DPUPR"));
    let out = chat.tap(Action::Accept, &moved);
    assert!(out.effects.is_empty());
    assert_eq!(out.replies[0].text, "Laporan ini sudah dialihkan oleh Budi (DPUPR) pada 04/12/2026 08:10.");
}
