//! The receipt after filing (triage when no agency was chosen, CEK on SMS) and `{central}`, the central
//! system's configurable name in messages and status labels.
//!
//!   citizen: Tidak tahu (at the agency question) … Kirim
//!   app: Laporan diterima. Nomor laporan: PKL-7Q3K9XW. Instansi tujuan akan ditentukan petugas kota. …
//!   status label `diteruskan`: "Diteruskan ke {central}" → "Diteruskan ke LAPOR!" or the Open311 server's name

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use common::Chat;
use kentongan_dialog::{Caps, Dialogs, Effect, Lang, Reply, Report, Suggester, Suggestion, check_dir};

const ID: &str = "PKL-7Q3K9XW";

struct Fake(f32);

impl Suggester for Fake {
    fn suggest(&self, _text: &str) -> Vec<Suggestion> {
        let s = |code: &str, name: &str, confidence| Suggestion {
            code: code.into(),
            name: name.into(),
            confidence,
            external_note: None,
            short_name: None,
        };
        vec![s("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", self.0), s("DINHUB", "Dinas Perhubungan", 0.05)]
    }
}

/// A guided report up to the agency question, then `answers`, then Kirim.
fn guided(caps: Caps, confidence: f32, answers: &[&str]) -> (Chat, Report) {
    let d = common::dialogs().with_suggester(Arc::new(Fake(confidence)));
    let mut chat = Chat::new(d, caps);
    chat.up_to_summary();
    let expected = if confidence >= 0.6 { "summary" } else { "opd" };
    assert_eq!(chat.state.step(), Some(expected), "a confident agency goes straight into the summary");
    for answer in answers {
        chat.say(answer);
    }
    chat.say("Kirim");
    let [Effect::SubmitReport(report)] = chat.effects() else { panic!("no report: {:?}", chat.effects()) };
    let report = report.clone();
    (chat, report)
}

#[test]
fn tidak_tahu_in_the_guided_dialog_gets_the_triage_receipt_with_the_menu() {
    let (chat, report) = guided(Caps::TELEGRAM, 0.3, &["Tidak tahu"]);
    assert_eq!(report.opd_code(), Some(None));
    assert!(report.needs_triage());
    let receipt = chat.d.ticket_created(&report, ID, Caps::TELEGRAM);
    assert_eq!(receipt, chat.d.menu_reply("ticket_created_triage", Lang::Id, &[("id", ID), ("days", "5")]));
    assert_eq!(
        receipt.text,
        "Laporan diterima. Nomor laporan: PKL-7Q3K9XW. Instansi tujuan akan ditentukan petugas kota. \
         Tanggapan diharapkan dalam 5 hari kerja. Cek kapan saja: /status PKL-7Q3K9XW"
    );
}

#[test]
fn tidak_tahu_in_a_guided_sms_report_gets_the_one_sms_triage_receipt_with_cek() {
    let (chat, report) = guided(Caps::SMS, 0.3, &["3"]);
    assert!(report.needs_triage());
    let receipt = chat.d.ticket_created(&report, ID, Caps::SMS);
    let text = chat.msg("ticket_created_oneshot_triage", &[("id", ID), ("days", "5")]);
    assert_eq!(receipt, Reply { text, ..Reply::default() });
    assert!(receipt.text.ends_with("CEK PKL-7Q3K9XW"), "{}", receipt.text);
}

#[test]
fn a_routed_report_gets_the_usual_receipt_not_the_triage_one() {
    let (chat, report) = guided(Caps::TELEGRAM, 0.9, &[]);
    assert_eq!(report.opd_code(), Some(Some("DPUPR")));
    assert!(!report.needs_triage());
    let receipt = chat.d.ticket_created(&report, ID, Caps::TELEGRAM);
    assert_eq!(receipt, chat.d.menu_reply("ticket_created", Lang::Id, &[("id", ID), ("days", "5")]));
}

#[test]
fn a_report_without_an_agency_answer_is_not_triage() {
    let mut chat = Chat::telegram();
    chat.up_to_summary();
    chat.say("Kirim");
    let [Effect::SubmitReport(report)] = chat.effects() else { panic!("no report") };
    assert_eq!(report.opd_code(), None, "no suggester: no opd answer");
    assert!(!report.needs_triage());
    assert_eq!(
        chat.d.ticket_created(report, ID, Caps::TELEGRAM).text,
        chat.msg("ticket_created", &[("id", ID), ("days", "5")])
    );
}

#[test]
fn an_unsure_one_shot_gets_the_one_sms_triage_receipt_in_every_language() {
    let d = common::dialogs().with_suggester(Arc::new(Fake(0.3)));
    for lang in Lang::ALL {
        let mut chat = Chat::new(d.clone(), Caps::SMS).in_lang(lang);
        chat.say("LAPOR jalan berlubang besar di depan SD Medono #Jl. Medono Raya 5");
        let [Effect::SubmitReport(report)] = chat.effects() else { panic!("{lang:?}: not filed") };
        assert!(report.oneshot && report.needs_triage());
        let receipt = d.ticket_created(report, ID, Caps::SMS);
        assert_eq!(receipt.text, d.message("ticket_created_oneshot_triage", lang, &[("id", ID), ("days", "5")]));
        assert!(receipt.options.is_empty());
        assert_eq!(receipt.text.matches(ID).count(), 2, "{}", receipt.text);
        assert!(!receipt.text.contains("/status"), "SMS names the SMS command: {}", receipt.text);
        assert!(kentongan_dialog::gsm7::fits_one_sms(&receipt.text), "{}", receipt.text);
    }
}

#[test]
fn every_receipt_says_in_how_many_working_days_an_answer_is_expected_from_the_configured_target() {
    let (chat, report) = guided(Caps::TELEGRAM, 0.9, &[]);
    let receipt = chat.d.ticket_created(&report, ID, Caps::TELEGRAM);
    assert!(receipt.text.contains("Tanggapan diharapkan dalam 5 hari kerja."), "default 5: {}", receipt.text);
    let d = chat.d.clone().with_response_days(14);
    for caps in [Caps::TELEGRAM, Caps::SMS] {
        for lang in Lang::ALL {
            let mut report = report.clone();
            report.lang = lang;
            let mut triage = report.clone();
            triage
                .answers
                .insert("opd".into(), kentongan_dialog::Answer::Opd { code: None, suggested: None, corrected: false });
            for r in [&report, &triage] {
                let text = d.ticket_created(r, ID, caps).text;
                let days = ["14 hari kerja", "14 dinten kerja", "14 working days"][lang as usize];
                assert!(text.contains(days), "{lang:?} {caps:?}: {text}");
                assert!(!text.contains('{'), "{text}");
            }
        }
    }
}

#[test]
fn the_forwarded_status_label_names_lapor_by_default_and_the_configured_central_system_otherwise() {
    let d = common::dialogs();
    assert_eq!(d.central_name(), "LAPOR!");
    assert_eq!(d.status_label("diteruskan", Lang::Id), "Diteruskan ke LAPOR!");
    assert_eq!(d.status_label("diteruskan", Lang::Jv), "Dipunterasaken dhateng LAPOR!");
    assert_eq!(d.status_label("diteruskan", Lang::En), "Forwarded to LAPOR!");
    let open311 = d.clone().with_central_name(" Open311 Kota Pekalongan ");
    assert_eq!(open311.status_label("diteruskan", Lang::Id), "Diteruskan ke Open311 Kota Pekalongan");
    assert_eq!(open311.status_label("diteruskan", Lang::En), "Forwarded to Open311 Kota Pekalongan");
    assert_eq!(open311.status_label("selesai", Lang::Id), "Selesai");
    assert_eq!(d.with_central_name("  ").status_label("diteruskan", Lang::Id), "Diteruskan ke LAPOR!");
}

/// A dialogs directory with the shipped files, `messages.toml` passed through `edit`.
fn edited_catalogue(name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("central").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let real = std::fs::read_to_string(common::dialogs_dir().join("messages.toml")).unwrap();
    let edited = edit(&real);
    assert_ne!(edited, real, "the edit applies to the shipped catalogue");
    std::fs::write(dir.join("messages.toml"), edited).unwrap();
    std::fs::copy(common::dialogs_dir().join("complaint.toml"), dir.join("complaint.toml")).unwrap();
    dir
}

#[test]
fn central_in_any_message_is_accepted_by_the_checker_and_filled() {
    let dir = edited_catalogue("in_message", |real| {
        real.replace(
            "id = \"Laporan dibatalkan. Tidak ada yang dikirim.\"",
            "id = \"Laporan dibatalkan. Tidak ada yang dikirim ke {central}.\"",
        )
    });
    assert_eq!(check_dir(&dir), []);
    let d = Dialogs::load_dir(&dir).unwrap().with_central_name("Open311");
    assert_eq!(d.message("cancelled", Lang::Id, &[]), "Laporan dibatalkan. Tidak ada yang dikirim ke Open311.");
    let mut chat = Chat::new(d, Caps::SMS);
    chat.say("LAPOR");
    chat.say("batal");
    assert_eq!(chat.text(), "Laporan dibatalkan. Tidak ada yang dikirim ke Open311.");
}

#[test]
fn a_status_label_that_fits_one_sms_only_with_a_short_central_name_is_refused() {
    // status_header "Laporan PKL-7Q3K9XW: <label>" and the menu line leave 82 septets for the label:
    // 70 + " LAPOR!" fits, 70 + a 32-character name does not.
    let long = format!("{} {{central}}", "x".repeat(70));
    let dir = edited_catalogue("too_long", |real| {
        real.replace("diteruskan = { id = \"Diteruskan ke {central}\"", &format!("diteruskan = {{ id = \"{long}\""))
    });
    let d = Dialogs::load_dir(&dir);
    let problems: Vec<String> =
        check_dir(&dir).iter().map(|p| format!("{}: {}", p.step.as_deref().unwrap_or(""), p.message)).collect();
    assert!(d.is_err(), "refused");
    assert!(
        !problems.is_empty() && problems.iter().all(|p| p.starts_with("status.diteruskan: SMS rendering in 'id'")),
        "{problems:?}"
    );
    let line = check_dir(&dir)[0].line.expect("a line");
    let text = std::fs::read_to_string(dir.join("messages.toml")).unwrap();
    assert!(text.lines().nth(line - 1).unwrap().starts_with("diteruskan = "), "line {line}");
}
