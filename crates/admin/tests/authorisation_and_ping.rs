//! Who may act on which ticket, which buttons a status allows, and what a ping shows.

mod common;

use common::{at, koordinator, labels, opd, penghubung, ticket};
use kentongan_admin::{
    Action, Channel, Lang, LastMove, MoveKind, PING_EXCERPT, PhotoRef, Refusal, Reporter, Status, check_transition,
    excerpt, may_act, render_ping, render_relay,
};

#[test]
fn only_the_tickets_opd_or_the_koordinator_may_act() {
    let t = ticket(Status::Didisposisikan);
    assert_eq!(may_act(&penghubung("DPUPR"), &t), Ok(()));
    assert_eq!(may_act(&koordinator(), &t), Ok(()));
    let refusal = may_act(&penghubung("DINHUB"), &t);
    assert_eq!(refusal, Err(Refusal::OtherOpd { opd_name: "Dinas Pekerjaan Umum dan Penataan Ruang".into() }));
}

#[test]
fn triage_tickets_are_the_koordinators_alone() {
    let mut t = ticket(Status::Diverifikasi);
    t.opd = None;
    assert_eq!(may_act(&penghubung("DPUPR"), &t), Err(Refusal::TriageIsKoordinators));
    assert_eq!(may_act(&koordinator(), &t), Ok(()));
}

#[test]
fn accept_on_an_accepted_ticket_is_stale_and_names_who_accepted_it_and_when() {
    let last = LastMove {
        kind: MoveKind::Accepted,
        admin_name: "Budi".into(),
        opd_name: "DPUPR".into(),
        at: at("2026-12-01 09:30"),
    };
    let stale = check_transition(&Action::Accept, Status::Ditindaklanjuti, Some(&last)).unwrap_err();
    let texts = common::texts();
    assert_eq!(stale.render(&texts, Lang::Id), "Laporan ini sudah diterima oleh Budi (DPUPR) pada 01/12/2026 09:30.");
    assert_eq!(check_transition(&Action::Accept, Status::Didisposisikan, None), Ok(()));
}

#[test]
fn a_finished_ticket_allows_no_ticket_action_but_queue_buttons_still_work() {
    for status in [Status::Selesai, Status::Ditolak, Status::Diarsipkan, Status::BukanWewenang] {
        for action in
            [Action::Accept, Action::NotOurs, Action::RequestInfo, Action::Respond, Action::Postpone, Action::Reject]
        {
            assert!(check_transition(&action, status, None).is_err(), "{action:?} on {status:?}");
        }
        assert!(check_transition(&Action::QueuePage { page: 1 }, status, None).is_ok());
    }
    let stale = check_transition(&Action::Respond, Status::Selesai, None).unwrap_err();
    assert!(stale.render(&common::texts(), Lang::Id).starts_with("Status laporan ini sudah berubah"));
}

#[test]
fn the_ping_of_a_new_ticket_offers_terima_bukan_wewenang_minta_info_and_tolak() {
    let ping = render_ping(&common::texts(), Lang::Id, &ticket(Status::Didisposisikan));
    assert_eq!(labels(&ping), ["Terima", "Bukan wewenang", "Minta info", "Tolak"]);
    let actions: Vec<_> = ping.buttons.iter().map(|b| b.action.clone()).collect();
    assert_eq!(actions, [Action::Accept, Action::NotOurs, Action::RequestInfo, Action::Reject]);
}

#[test]
fn an_accepted_ticket_offers_minta_info_selesai_and_tunda_and_a_postponed_one_no_second_tunda() {
    let texts = common::texts();
    assert_eq!(
        labels(&render_ping(&texts, Lang::Id, &ticket(Status::Ditindaklanjuti))),
        ["Minta info", "Selesai", "Tunda"]
    );
    assert_eq!(labels(&render_ping(&texts, Lang::Id, &ticket(Status::Ditunda))), ["Minta info", "Selesai"]);
    assert!(render_ping(&texts, Lang::Id, &ticket(Status::Selesai)).buttons.is_empty());
}

#[test]
fn the_ping_shows_id_type_opd_place_channel_text_name_and_due_date() {
    let ping = render_ping(&common::texts(), Lang::Id, &ticket(Status::Didisposisikan));
    assert_eq!(
        ping.text,
        "🔔 Pengaduan baru: PKL-7Q3K9XW\nInstansi: Dinas Pekerjaan Umum dan Penataan Ruang\n\
         Lokasi: Jl. Medono Raya RT 02 RW 05\nMasuk lewat: SMS\n\n\
         jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh\n\
         Pelapor: Siti Aminah\nBatas tindak lanjut: 05/12/2026"
    );
    assert_eq!(ping.photo, None);
}

#[test]
fn the_ping_carries_the_photo_and_leaves_out_a_due_date_it_does_not_have() {
    let mut t = ticket(Status::Didisposisikan);
    t.photo = Some(PhotoRef("AgACAgUAAxkBAAIB".into()));
    t.due = None;
    let ping = render_ping(&common::texts(), Lang::En, &t);
    assert_eq!(ping.photo, t.photo);
    assert!(!ping.text.contains("due"), "{}", ping.text);
}

#[test]
fn a_long_text_is_cut_near_300_characters_on_a_word_boundary_by_characters() {
    let word = "jalanéé ";
    let long = word.repeat(100);
    let cut = excerpt(&long, PING_EXCERPT);
    assert!(cut.chars().count() <= PING_EXCERPT + 1, "{}", cut.chars().count());
    assert!(cut.chars().count() > PING_EXCERPT - word.len());
    assert!(cut.ends_with("jalanéé…"), "{cut}");
    assert_eq!(excerpt("pendek saja", PING_EXCERPT), "pendek saja");
    assert_eq!(excerpt(&"x".repeat(400), 10), "xxxxxxxxxx…");
}

#[test]
fn a_triage_ping_offers_the_classifiers_top_three_the_full_list_and_tolak() {
    let mut t = ticket(Status::Diverifikasi);
    t.opd = None;
    let ping = render_ping(&common::texts(), Lang::Id, &t);
    assert!(ping.text.contains("Instansi: belum ditentukan (triase)"));
    assert_eq!(labels(&ping), ["DPUPR", "DINHUB", "BPBD", "Daftar lengkap", "Tolak"]);
}

#[test]
fn a_relayed_reply_names_a_known_reporter_and_keeps_the_ticket_buttons() {
    let texts = common::texts();
    let t = ticket(Status::Ditindaklanjuti);
    let relay = render_relay(&texts, Lang::Id, &t, Some("sisi utara"), None);
    assert_eq!(relay.text, "Balasan Siti Aminah untuk PKL-7Q3K9XW: sisi utara");
    assert_eq!(labels(&relay), ["Minta info", "Selesai", "Tunda"]);
    let photo = render_relay(&texts, Lang::Id, &t, None, Some(PhotoRef("p1".into())));
    assert_eq!(photo.text, "Pelapor mengirim foto untuk PKL-7Q3K9XW.");
    assert_eq!(photo.photo, Some(PhotoRef("p1".into())));
}

#[test]
fn opd_buttons_use_the_short_name_and_never_exceed_24_characters() {
    let mut t = ticket(Status::Diverifikasi);
    t.opd = None;
    t.suggestions = vec![opd("DP3AP2KB"), opd("DINHUB")];
    t.suggestions[0].short = Some("Dinas Pemberdayaan Perempuan dan Anak".into());
    t.suggestions[1].short = Some("Dishub".into());
    t.reporter = Reporter::Anonymous { channel: Channel::Telegram };
    let ping = render_ping(&common::texts(), Lang::Id, &t);
    assert_eq!(labels(&ping)[..2], ["Dinas Pemberdayaan Pere…", "Dishub"]);
    assert!(ping.buttons.iter().all(|b| b.label.chars().count() <= 24));
}

#[test]
fn a_ping_or_relay_with_a_photo_fits_telegrams_1024_character_caption() {
    let texts = common::texts();
    let mut t = ticket(Status::Ditindaklanjuti);
    t.text = "banjir rob ".repeat(500);
    t.place = Some("Jl. Hayam Wuruk ".repeat(50));
    t.photo = Some(PhotoRef("p".into()));
    for lang in Lang::ALL {
        assert!(render_ping(&texts, lang, &t).text.chars().count() <= 1024, "{lang:?}");
        let relay = render_relay(&texts, lang, &t, Some(&"air masih naik ".repeat(400)), Some(PhotoRef("q".into())));
        assert!(relay.text.chars().count() <= 1024, "{lang:?}: {}", relay.text.chars().count());
        let alone = render_relay(&texts, lang, &t, Some(&"air masih naik ".repeat(400)), None);
        assert!(alone.text.chars().count() <= 4096, "{lang:?}");
    }
}
