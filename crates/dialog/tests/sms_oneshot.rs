//! SMS one-shot reports: "LAPOR <isi> #lokasi" files at once with the dialog's `[oneshot]` answers.
//!
//!   citizen (SMS): lapor   lampu PJU mati di Jl. Dr. Wahidin sejak seminggu #Jl. Dr. Wahidin 12, Podosugih
//!   → SubmitReport { oneshot: true, description, location: Place, report_type: pengaduan, privacy: biasa, … }
//!   app: Laporan diterima: PKL-7Q3K9XW, diteruskan ke Dinas Perhubungan. Cek status: CEK PKL-7Q3K9XW
//!   citizen (SMS): LAPOR jalan rusak     bot: Terlalu pendek: baru 11 huruf … (the guided dialog, as before)

mod common;

use std::sync::Arc;

use common::Chat;
use kentongan_dialog::{Answer, Caps, Dialogs, Effect, Lang, Reply, Report, Suggester, Suggestion, gsm7};

const TEXT: &str = "lampu PJU mati di Jl. Dr. Wahidin sejak seminggu";
const PLACE: &str = "Jl. Dr. Wahidin 12, Podosugih";

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
        vec![s("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", 0.1), s("DINHUB", "Dinas Perhubungan", self.0)]
    }
}

fn filed(chat: &Chat) -> Report {
    match chat.effects() {
        [Effect::SubmitReport(report)] => report.clone(),
        other => panic!("expected one SubmitReport, got {other:?}"),
    }
}

#[test]
fn lapor_with_a_long_text_and_a_place_on_sms_files_the_report_at_once() {
    let mut chat = Chat::sms().met();
    chat.say(&format!("LAPOR {TEXT} #{PLACE}"));
    let report = filed(&chat);
    assert!(report.oneshot);
    assert_eq!(report.dialog, "complaint");
    assert_eq!(report.answers["description"], Answer::Text(TEXT.into()));
    assert_eq!(report.answers["location"], Answer::Place(PLACE.into()));
    assert_eq!(report.answers["report_type"], Answer::Choice("pengaduan".into()));
    assert_eq!(report.answers["privacy"], Answer::Choice("biasa".into()));
    assert_eq!(report.answers["occurred_on"], Answer::Skipped);
    assert_eq!(report.answers["photos"], Answer::Skipped);
    assert!(!report.answers.contains_key("opd"), "no suggester: no opd answer, as in the guided dialog");
    assert!(chat.last.as_ref().unwrap().replies.is_empty(), "the app answers with ticket_created_oneshot");
    assert!(!chat.state.has_draft());
    assert_eq!(chat.state, Chat::sms().met().state, "no draft, no pending question");
}

#[test]
fn the_keyword_is_found_in_any_case_with_extra_spaces_or_a_colon() {
    for message in
        [format!("  lapor   {TEXT}  "), format!("Lapor: {TEXT}"), format!("LAPOR:{TEXT}"), format!("/lapor {TEXT}")]
    {
        let message = format!("{message} #{PLACE}");
        let mut chat = Chat::sms();
        chat.say(&message);
        assert_eq!(filed(&chat).answers["description"], Answer::Text(TEXT.into()), "{message:?}");
    }
}

#[test]
fn a_text_shorter_than_the_first_step_minimum_opens_the_guided_dialog_as_before() {
    let mut chat = Chat::sms();
    chat.say("LAPOR jalan rusak");
    assert!(chat.effects().is_empty());
    assert_eq!(chat.state.step(), Some("describe"));
    assert!(chat.text().starts_with("Terlalu pendek: baru 10 huruf, minimal 15."), "{}", chat.text());
    let mut chat = Chat::sms();
    chat.say("LAPOR jalan rusak #Jl. Merdeka 12");
    assert_eq!(chat.state.step(), Some("location"), "the whole text is the first answer, as before");
}

#[test]
fn inside_a_draft_lapor_with_text_is_an_answer_not_a_new_report() {
    let mut chat = Chat::sms();
    chat.say("LAPOR");
    chat.say(common::DESCRIPTION);
    chat.say(&format!("lapor {PLACE}"));
    assert!(chat.effects().is_empty());
    assert_eq!(chat.state.step(), Some("privacy"));
    chat.say("1");
    chat.say("1");
    let report = filed(&chat);
    assert_eq!(report.answers["location"], Answer::Place(PLACE.into()), "the keyword is no part of the answer");
}

#[test]
fn a_pending_question_is_dropped_by_a_one_shot_report() {
    let mut chat = Chat::sms().in_lang(Lang::Jv);
    chat.say("/status");
    chat.say(&format!("LAPOR {TEXT} #{PLACE}"));
    assert_eq!(filed(&chat).lang, Lang::Jv);
    chat.say("PKL-7Q3K9XW");
    assert!(chat.effects().is_empty(), "the status question is no longer open");
}

#[test]
fn a_confident_suggestion_routes_the_report_and_names_the_agency() {
    let d = common::dialogs().with_suggester(Arc::new(Fake(0.9)));
    let mut chat = Chat::new(d, Caps::SMS);
    chat.say(&format!("LAPOR {TEXT} #{PLACE}"));
    let report = filed(&chat);
    let expected = Answer::Opd { code: Some("DINHUB".into()), suggested: Some("DINHUB".into()), corrected: false };
    assert_eq!(report.answers["opd"], expected);
    assert_eq!(report.opd_name.as_deref(), Some("Dinas Perhubungan"));
}

#[test]
fn an_unsure_suggestion_leaves_the_agency_to_triage_noting_the_guess() {
    let d = common::dialogs().with_suggester(Arc::new(Fake(0.3)));
    let mut chat = Chat::new(d, Caps::SMS);
    chat.say(&format!("LAPOR {TEXT} #{PLACE}"));
    let report = filed(&chat);
    let expected = Answer::Opd { code: None, suggested: Some("DINHUB".into()), corrected: false };
    assert_eq!(report.answers["opd"], expected);
    assert_eq!(report.opd_name, None);
}

#[test]
fn the_one_shot_confirmation_is_one_sms_naming_the_agency_or_a_generic_one() {
    let d = common::dialogs().with_suggester(Arc::new(Fake(0.9)));
    for lang in Lang::ALL {
        let mut chat = Chat::new(d.clone(), Caps::SMS).in_lang(lang);
        chat.say(&format!("LAPOR {TEXT} #{PLACE}"));
        let mut report = filed(&chat);
        let reply = d.ticket_created(&report, "PKL-7Q3K9XW", Caps::SMS);
        assert!(reply.options.is_empty() && reply.text.matches("PKL-7Q3K9XW").count() == 2, "{reply:?}");
        assert!(reply.text.contains("Dinas Perhubungan") && gsm7::fits_one_sms(&reply.text), "{}", reply.text);
        report.opd_name = Some("x".repeat(150));
        let generic = d.message("opd_generic", lang, &[]);
        assert!(d.ticket_created(&report, "PKL-7Q3K9XW", Caps::SMS).text.contains(&generic), "a name too long");
        report.opd_name = None;
        assert!(d.ticket_created(&report, "PKL-7Q3K9XW", Caps::SMS).text.contains(&generic));
    }
}

#[test]
fn a_guided_report_on_telegram_is_confirmed_with_ticket_created_and_the_menu() {
    let mut chat = Chat::telegram();
    chat.up_to_summary();
    chat.say("Kirim");
    let report = filed(&chat);
    assert!(!report.oneshot);
    let reply = chat.d.ticket_created(&report, "PKL-7Q3K9XW", Caps::TELEGRAM);
    assert_eq!(reply, chat.d.menu_reply("ticket_created", Lang::Id, &[("id", "PKL-7Q3K9XW"), ("days", "5")]));
    assert!(reply.text.contains("/status PKL-7Q3K9XW"), "{}", reply.text);
}

#[test]
fn a_guided_report_by_sms_is_confirmed_in_one_sms_naming_cek_not_slash_status() {
    let mut chat = Chat::sms();
    chat.up_to_summary();
    chat.say("Kirim");
    let report = filed(&chat);
    assert!(!report.oneshot);
    let reply = chat.d.ticket_created(&report, "PKL-7Q3K9XW", Caps::SMS);
    let generic = chat.msg("opd_generic", &[]);
    let expected = chat.msg("ticket_created_oneshot", &[("id", "PKL-7Q3K9XW"), ("opd", &generic), ("days", "5")]);
    assert_eq!(reply, Reply { text: expected, ..Reply::default() });
    assert!(reply.text.contains("CEK PKL-7Q3K9XW") && !reply.text.contains("/status"), "{}", reply.text);
}

#[test]
fn a_report_saved_before_oneshot_existed_still_deserialises() {
    let json = r#"{"dialog":"complaint","lang":"id","answers":{"privacy":{"kind":"choice","value":"biasa"}}}"#;
    let report: Report = serde_json::from_str(json).unwrap();
    assert!(!report.oneshot);
    assert_eq!(report.opd_name, None);
}

#[test]
fn a_dialog_without_a_oneshot_table_keeps_the_guided_report() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no_oneshot");
    std::fs::create_dir_all(&dir).unwrap();
    let real = std::fs::read_to_string(common::dialogs_dir().join("complaint.toml")).unwrap();
    let edited = real.replace("[oneshot]\nreport_type = \"pengaduan\"\nprivacy = \"biasa\"\n", "");
    assert_ne!(edited, real, "the shipped dialog has the [oneshot] table this test removes");
    std::fs::write(dir.join("complaint.toml"), edited).unwrap();
    std::fs::copy(common::dialogs_dir().join("messages.toml"), dir.join("messages.toml")).unwrap();
    let mut chat = Chat::new(Dialogs::load_dir(&dir).expect("loads"), Caps::SMS);
    chat.say(&format!("LAPOR {TEXT}"));
    assert!(chat.effects().is_empty());
    assert_eq!(chat.state.step(), Some("location"));
}
