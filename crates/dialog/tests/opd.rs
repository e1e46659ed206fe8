//! The `opd` step with a fake suggester: confident suggestion, correction, low confidence, "tidak tahu".
//!
//!   bot: Laporan ini akan diteruskan ke PLN. PLN berada di luar Pemerintah Kota. [Benar] [Pilih instansi lain]
//!   citizen: Pilih instansi lain   bot: Pilih instansi yang tepat: [PLN] [Dinas Perhubungan] [DPUPR] [Tidak tahu]
//!   citizen: 2                     → Answer::Opd { code: DINHUB, suggested: EXT-PLN, corrected: true }

mod common;

use std::sync::Arc;

use common::Chat;
use kentongan_dialog::{Answer, Caps, Effect, Suggester, Suggestion};

struct Fake(f32);

impl Suggester for Fake {
    fn suggest(&self, _text: &str) -> Vec<Suggestion> {
        let s = |code: &str, name: &str, confidence, note: Option<&str>| Suggestion {
            code: code.into(),
            name: name.into(),
            confidence,
            external_note: note.map(str::to_owned),
        };
        vec![
            s("DINHUB", "Dinas Perhubungan", 0.2, None),
            s("EXT-PLN", "PLN", self.0, Some("PLN berada di luar Pemerintah Kota.")),
            s("DPUPR", "DPUPR", 0.1, None),
            s("DINSOS", "Dinas Sosial", 0.05, None),
        ]
    }
}

fn chat(confidence: f32) -> Chat {
    let d = common::dialogs().with_suggester(Arc::new(Fake(confidence)));
    let mut chat = Chat::new(d, Caps::TELEGRAM);
    chat.up_to_summary();
    chat
}

fn opd_answer(chat: &mut Chat) -> Answer {
    assert_eq!(chat.state.step(), Some("summary"));
    chat.say("Kirim");
    let Effect::SubmitReport(report) = &chat.effects()[0] else { panic!("no report") };
    report.answers["opd"].clone()
}

#[test]
fn a_confident_suggestion_names_the_agency_with_its_external_note() {
    let mut chat = chat(0.9);
    assert_eq!(chat.state.step(), Some("opd"));
    assert_eq!(chat.text(), "Laporan ini akan diteruskan ke PLN. PLN berada di luar Pemerintah Kota.");
    assert_eq!(chat.options(), ["Benar", "Pilih instansi lain"]);
    chat.say("Benar");
    let expected = Answer::Opd { code: Some("EXT-PLN".into()), suggested: Some("EXT-PLN".into()), corrected: false };
    assert_eq!(opd_answer(&mut chat), expected);
}

#[test]
fn choosing_another_agency_records_the_correction() {
    let mut chat = chat(0.9);
    chat.say("Pilih instansi lain");
    assert_eq!(chat.options(), ["PLN", "Dinas Perhubungan", "DPUPR", "Tidak tahu"]);
    chat.say("2");
    let expected = Answer::Opd { code: Some("DINHUB".into()), suggested: Some("EXT-PLN".into()), corrected: true };
    assert_eq!(opd_answer(&mut chat), expected);
}

#[test]
fn low_confidence_lists_the_top_three_and_tidak_tahu_goes_to_triage() {
    let mut chat = chat(0.3);
    assert_eq!(chat.text(), chat.msg("opd_pick", &[]));
    assert_eq!(chat.options(), ["PLN", "Dinas Perhubungan", "DPUPR", "Tidak tahu"]);
    chat.say("tidak tahu");
    let expected = Answer::Opd { code: None, suggested: Some("EXT-PLN".into()), corrected: true };
    assert_eq!(opd_answer(&mut chat), expected);
}

#[test]
fn an_unknown_answer_to_the_opd_question_relists_the_options() {
    let mut chat = chat(0.9);
    chat.say("entahlah");
    assert!(chat.text().starts_with("Itu bukan salah satu pilihan. Pilih: Benar, Pilih instansi lain"));
    assert_eq!(chat.state.step(), Some("opd"));
}

#[test]
fn without_a_suggester_the_opd_step_is_skipped_silently() {
    let mut chat = Chat::telegram();
    chat.up_to_summary();
    assert_eq!(chat.state.step(), Some("summary"));
    assert_eq!(chat.last.as_ref().unwrap().replies.len(), 1);
}
