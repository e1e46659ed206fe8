//! The `opd` step with a fake suggester: with `propose = "summary"` (the shipped dialog) a confident
//! agency goes straight into the summary by name, [Ganti instansi] changes it; an unsure one is asked as a
//! list with "Tidak tahu". With `propose = "ask"` the proposal is its own question.
//!
//!   bot: Ringkasan laporan Anda: … - Instansi: PLN. PLN berada di luar Pemerintah Kota.
//!                                    [Kirim] [Ganti instansi] [Ubah] [Batal]
//!   citizen: Ganti instansi        bot: Silakan pilih instansi yang tepat: [PLN] [Dinas Perhubungan] [DPUPR] [Tidak tahu]
//!   citizen: 2                     bot: Ringkasan … - Instansi: Dinas Perhubungan
//!   → Answer::Opd { code: DINHUB, suggested: EXT-PLN, corrected: true }
//!   (propose = "ask") bot: Laporan ini akan kami teruskan ke PLN. … [Benar] [Pilih instansi lain]

mod common;

use std::sync::Arc;

use common::Chat;
use kentongan_dialog::{Answer, Caps, Dialogs, Effect, Suggester, Suggestion};

struct Fake(f32);

impl Suggester for Fake {
    fn suggest(&self, _text: &str) -> Vec<Suggestion> {
        let s = |code: &str, name: &str, short: &str, confidence, note: Option<&str>| Suggestion {
            code: code.into(),
            name: name.into(),
            confidence,
            external_note: note.map(str::to_owned),
            short_name: Some(short.into()),
        };
        vec![
            s("DINHUB", "Dinas Perhubungan", "Dishub", 0.2, None),
            s("EXT-PLN", "PLN", "PLN", self.0, Some("PLN berada di luar Pemerintah Kota.")),
            s("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", 0.1, None),
            s("DINSOS", "Dinas Sosial", "Dinsos", 0.05, None),
        ]
    }
}

fn chat_with(d: Dialogs, caps: Caps, confidence: f32) -> Chat {
    let mut chat = Chat::new(d.with_suggester(Arc::new(Fake(confidence))), caps);
    chat.up_to_summary();
    chat
}

fn chat(confidence: f32) -> Chat {
    chat_with(common::dialogs(), Caps::TELEGRAM, confidence)
}

/// The shipped dialogs with the agency proposed as its own question (`propose = "ask"`).
fn asking(confidence: f32) -> Chat {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("opd_ask");
    std::fs::create_dir_all(&dir).unwrap();
    let real = std::fs::read_to_string(common::dialogs_dir().join("complaint.toml")).unwrap();
    let edited = real.replace("propose = \"summary\"", "propose = \"ask\"");
    assert_ne!(edited, real);
    std::fs::write(dir.join("complaint.toml"), edited).unwrap();
    std::fs::copy(common::dialogs_dir().join("messages.toml"), dir.join("messages.toml")).unwrap();
    chat_with(Dialogs::load_dir(&dir).unwrap(), Caps::TELEGRAM, confidence)
}

fn opd_answer(chat: &mut Chat) -> Answer {
    assert_eq!(chat.state.step(), Some("summary"));
    chat.say("Kirim");
    let Effect::SubmitReport(report) = &chat.effects()[0] else { panic!("no report") };
    report.answers["opd"].clone()
}

#[test]
fn a_confident_agency_is_named_in_the_summary_with_its_note_and_no_question_of_its_own() {
    let mut chat = chat(0.9);
    assert_eq!(chat.state.step(), Some("summary"), "no agency question");
    assert!(chat.text().contains("\n- Instansi: PLN. PLN berada di luar Pemerintah Kota."), "{}", chat.text());
    assert_eq!(chat.options(), ["Kirim", "Ganti instansi", "Ubah", "Batal"]);
    let expected = Answer::Opd { code: Some("EXT-PLN".into()), suggested: Some("EXT-PLN".into()), corrected: false };
    assert_eq!(opd_answer(&mut chat), expected);
}

#[test]
fn ganti_instansi_on_the_summary_lists_the_choices_and_records_the_correction_by_name() {
    let mut chat = chat(0.9);
    chat.say("Ganti instansi");
    assert_eq!(chat.text(), chat.msg("opd_pick", &[]));
    assert_eq!(chat.options(), ["PLN", "Dinas Perhubungan", "Dinas Pekerjaan Umum dan Penataan Ruang", "Tidak tahu"]);
    chat.say("2");
    assert_eq!(chat.state.step(), Some("summary"));
    assert!(chat.text().contains("- Instansi: Dinas Perhubungan"), "{}", chat.text());
    assert!(!chat.text().contains("DINHUB"), "the name, not the code");
    let expected = Answer::Opd { code: Some("DINHUB".into()), suggested: Some("EXT-PLN".into()), corrected: true };
    assert_eq!(opd_answer(&mut chat), expected);
}

#[test]
fn low_confidence_lists_the_top_three_and_tidak_tahu_goes_to_triage() {
    let mut chat = chat(0.3);
    assert_eq!(chat.state.step(), Some("opd"));
    assert_eq!(chat.text(), chat.msg("opd_pick", &[]));
    assert_eq!(chat.options(), ["PLN", "Dinas Perhubungan", "Dinas Pekerjaan Umum dan Penataan Ruang", "Tidak tahu"]);
    chat.say("tidak tahu");
    assert!(chat.text().contains("- Instansi: Tidak tahu"), "{}", chat.text());
    let expected = Answer::Opd { code: None, suggested: Some("EXT-PLN".into()), corrected: true };
    assert_eq!(opd_answer(&mut chat), expected);
}

#[test]
fn on_sms_agencies_are_named_by_their_short_name_never_cut_mid_word() {
    let mut chat = chat_with(common::dialogs(), Caps::SMS, 0.3);
    assert_eq!(chat.options(), ["PLN", "Dishub", "DPUPR", "Tidak tahu"]);
    chat.say("DPUPR");
    assert!(chat.text().ends_with("\nDPUPR"), "{}", chat.text());
    chat.say("Kirim");
    let [Effect::SubmitReport(report)] = chat.effects() else { panic!("no report") };
    assert_eq!(report.opd_name.as_deref(), Some("DPUPR"), "the SMS receipt names the short name");
    let receipt = chat.d.ticket_created(report, "PKL-7Q3K9XW", Caps::SMS);
    assert!(receipt.text.contains("diteruskan ke DPUPR."), "{}", receipt.text);
}

#[test]
fn with_propose_ask_a_confident_suggestion_is_its_own_question_naming_the_agency_and_its_note() {
    let mut chat = asking(0.9);
    assert_eq!(chat.state.step(), Some("opd"));
    assert_eq!(chat.text(), "Laporan ini akan kami teruskan ke PLN. PLN berada di luar Pemerintah Kota.");
    assert_eq!(chat.options(), ["Benar", "Pilih instansi lain"]);
    chat.say("Benar");
    assert_eq!(chat.options(), ["Kirim", "Ubah", "Batal"], "no [Ganti instansi]: it was asked");
    let expected = Answer::Opd { code: Some("EXT-PLN".into()), suggested: Some("EXT-PLN".into()), corrected: false };
    assert_eq!(opd_answer(&mut chat), expected);
}

#[test]
fn with_propose_ask_choosing_another_agency_records_the_correction() {
    let mut chat = asking(0.9);
    chat.say("Pilih instansi lain");
    assert_eq!(chat.options(), ["PLN", "Dinas Perhubungan", "Dinas Pekerjaan Umum dan Penataan Ruang", "Tidak tahu"]);
    chat.say("2");
    let expected = Answer::Opd { code: Some("DINHUB".into()), suggested: Some("EXT-PLN".into()), corrected: true };
    assert_eq!(opd_answer(&mut chat), expected);
}

#[test]
fn an_unknown_answer_to_the_opd_question_relists_the_options() {
    let mut chat = asking(0.9);
    chat.say("entahlah");
    assert!(chat.text().starts_with("Itu bukan salah satu pilihan. Silakan pilih: Benar, Pilih instansi lain"));
    assert_eq!(chat.state.step(), Some("opd"));
}

#[test]
fn without_a_suggester_the_opd_step_is_skipped_silently() {
    let mut chat = Chat::telegram();
    chat.up_to_summary();
    assert_eq!(chat.state.step(), Some("summary"));
    assert_eq!(chat.last.as_ref().unwrap().replies.len(), 1);
    assert_eq!(chat.options(), ["Kirim", "Ubah", "Batal"]);
}
