//! Bukan wewenang (top 3, the paged full list, Tidak tahu), Tolak with its reasons, triage disposisi,
//! and the `/antrian` and `/laporan` commands answered from what the caller loads.

mod common;

use chrono::NaiveDate;
use common::{Chat, DESCRIPTION, koordinator, labels, only, penghubung, ticket};
use kentongan_admin::{
    Action, AdminEffect, AdminEvent, Correction, OPD_PAGE_SIZE, QueueItem, QueuePage, ReportType, Status,
};

#[test]
fn bukan_wewenang_offers_the_top_three_other_opds_the_full_list_and_tidak_tahu() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    let out = chat.tap(Action::NotOurs, &ticket(Status::Didisposisikan));
    assert!(out.effects.is_empty());
    assert_eq!(labels(only(&out)), ["DINHUB", "BPBD", "DPRKPLH", "Daftar lengkap", "Tidak tahu"]);
}

#[test]
fn the_full_list_pages_through_every_other_opd_with_sebelumnya_and_berikutnya() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    let t = ticket(Status::Didisposisikan);
    let mut seen = Vec::new();
    let mut page = 0;
    loop {
        let out = chat.tap(Action::RerouteList { page }, &t);
        let message = only(&out).clone();
        assert!(message.buttons.len() <= OPD_PAGE_SIZE + 3);
        let has_prev = message.buttons.iter().any(|b| b.action == Action::RerouteList { page: page.wrapping_sub(1) });
        assert_eq!(has_prev, page > 0, "page {page}");
        seen.extend(message.buttons.iter().filter_map(|b| match &b.action {
            Action::RerouteTo { opd } => Some(opd.clone()),
            _ => None,
        }));
        match message.buttons.iter().find(|b| b.label == "Berikutnya »") {
            Some(next) => page = if let Action::RerouteList { page } = next.action { page } else { unreachable!() },
            None => break,
        }
    }
    assert_eq!(page, 2, "23 other OPDs in pages of 8");
    assert_eq!(seen.len(), 23);
    assert!(!seen.contains(&"DPUPR".to_owned()));
}

#[test]
fn picking_an_opd_reroutes_with_a_labelled_correction_for_the_classifier() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    let out = chat.tap(Action::RerouteTo { opd: "DINHUB".into() }, &ticket(Status::Didisposisikan));
    let correction = Correction { text: DESCRIPTION.into(), was: Some("DPUPR".into()), is: "DINHUB".into() };
    assert_eq!(out.effects, [AdminEffect::Reroute { ticket: "PKL-7Q3K9XW".into(), to: "DINHUB".into(), correction }]);
    assert!(only(&out).text.starts_with("Laporan PKL-7Q3K9XW dialihkan ke Dinas Perhubungan."));
}

#[test]
fn an_opd_code_not_in_the_catalogue_or_the_current_one_reroutes_nowhere() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    for opd in ["NOPE", "DPUPR"] {
        let out = chat.tap(Action::RerouteTo { opd: opd.into() }, &ticket(Status::Didisposisikan));
        assert!(out.effects.is_empty(), "{opd}");
    }
}

#[test]
fn tidak_tahu_sends_the_ticket_to_the_koordinators_triage() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    let out = chat.tap(Action::ToTriage, &ticket(Status::Didisposisikan));
    assert_eq!(out.effects, [AdminEffect::ToTriage { ticket: "PKL-7Q3K9XW".into(), from: Some("DPUPR".into()) }]);
}

#[test]
fn the_koordinator_assigns_a_triage_ticket_and_its_correction_has_no_previous_opd() {
    let mut t = ticket(Status::Diverifikasi);
    t.opd = None;
    let mut chat = Chat::new(koordinator());
    let out = chat.tap(Action::RerouteTo { opd: "DPUPR".into() }, &t);
    let correction = Correction { text: DESCRIPTION.into(), was: None, is: "DPUPR".into() };
    assert_eq!(out.effects, [AdminEffect::Reroute { ticket: t.id.clone(), to: "DPUPR".into(), correction }]);
    let mut penghubung = Chat::new(penghubung("DPUPR"));
    assert!(penghubung.tap(Action::RerouteTo { opd: "DPUPR".into() }, &t).effects.is_empty());
}

#[test]
fn tolak_offers_the_configured_reasons_and_a_reason_rejects() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    let t = ticket(Status::Didisposisikan);
    let out = chat.tap(Action::Reject, &t);
    assert_eq!(labels(only(&out)), ["Bukan pengaduan", "Data kurang", "Duplikat", "Di luar Kota Pekalongan"]);
    let out = chat.tap(Action::RejectWith { reason: "duplikat".into() }, &t);
    assert_eq!(out.effects, [AdminEffect::Reject { ticket: t.id.clone(), reason: "duplikat".into() }]);
    assert!(chat.tap(Action::RejectWith { reason: "sebal".into() }, &t).effects.is_empty(), "unknown reason");
}

fn item(n: u32) -> QueueItem {
    QueueItem {
        id: format!("PKL-000000{n}"),
        report_type: ReportType::Pengaduan,
        place: Some("Jl. Hayam Wuruk".into()),
        received: NaiveDate::from_ymd_opt(2026, 11, n).unwrap(),
    }
}

#[test]
fn antrian_asks_for_a_page_and_renders_it_oldest_first_with_paging_buttons() {
    let mut chat = Chat::new(penghubung("DPUPR"));
    assert_eq!(chat.say("/antrian").effects, [AdminEffect::LoadQueue { page: 0 }]);
    assert_eq!(chat.say("/antrian 2").effects, [AdminEffect::LoadQueue { page: 1 }]);
    let page = QueuePage { page: 1, total: 12, items: (6..=10).map(item).collect() };
    let out = chat.send(AdminEvent::QueueLoaded(page));
    let message = only(&out);
    assert!(message.text.starts_with("Laporan terbuka 6–10 dari 12, terlama dulu:\n6. PKL-0000006 · Pengaduan"));
    assert_eq!(message.buttons.len(), 7);
    assert_eq!(message.buttons[5].action, Action::QueuePage { page: 0 });
    assert_eq!(message.buttons[6].action, Action::QueuePage { page: 2 });
    let open = chat.send(AdminEvent::Tap { action: message.buttons[0].action.clone(), ticket: None });
    assert_eq!(open.effects, [AdminEffect::LoadTicket { id: "PKL-0000006".into() }]);
    let empty = chat.send(AdminEvent::QueueLoaded(QueuePage { page: 0, total: 0, items: vec![] }));
    assert_eq!(only(&empty).text, "Tidak ada laporan terbuka. Terima kasih.");
}

#[test]
fn laporan_shows_the_ticket_with_its_buttons_only_to_its_opd() {
    let loaded = |id: &str, t| AdminEvent::TicketLoaded { id: id.into(), ticket: t };
    let mut own = Chat::new(penghubung("DPUPR"));
    let out = own.send(loaded("PKL-7Q3K9XW", Some(ticket(Status::Didisposisikan))));
    assert_eq!(labels(only(&out)), ["Terima", "Bukan wewenang", "Minta info", "Tolak"]);
    let mut other = Chat::new(penghubung("DINSOS"));
    let out = other.send(loaded("PKL-7Q3K9XW", Some(ticket(Status::Didisposisikan))));
    assert!(only(&out).buttons.is_empty() && !only(&out).text.contains("Medono"));
    let out = own.send(loaded("PKL-NOPE", None));
    assert!(only(&out).text.starts_with("Laporan PKL-NOPE tidak ditemukan."));
}
