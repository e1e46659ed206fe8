//! A one-shot SMS without a usable place asks for it once, keeping every answer, and files on the reply.
//!
//!   citizen (SMS): LAPOR lampu PJU mati di Jl. Dr. Wahidin sejak seminggu
//!   bot: Laporan hampir selesai. Balas dengan alamat atau patokan lokasinya (jalan, RT/RW, kelurahan). …
//!   citizen (SMS): Medono                bot: Alamat terlalu pendek. Tulis minimal 10 huruf …
//!   citizen (SMS): Jl. Dr. Wahidin 12, Podosugih
//!   → SubmitReport { oneshot: true, description, location: Place, report_type: pengaduan, privacy: biasa, opd }
//!   app: Laporan diterima: PKL-7Q3K9XW, diteruskan ke Dinas Perhubungan. Cek status: CEK PKL-7Q3K9XW

mod common;

use std::sync::Arc;

use common::Chat;
use kentongan_dialog::{Answer, Caps, Dialogs, Effect, Lang, Report, State, Suggester, Suggestion, gsm7, render};

const TEXT: &str = "lampu PJU mati di Jl. Dr. Wahidin sejak seminggu";
const PLACE: &str = "Jl. Dr. Wahidin 12, Podosugih";

struct Fake(f32);

impl Suggester for Fake {
    fn suggest(&self, _text: &str) -> Vec<Suggestion> {
        vec![Suggestion {
            code: "DINHUB".into(),
            name: "Dinas Perhubungan".into(),
            confidence: self.0,
            external_note: None,
            short_name: None,
        }]
    }
}

fn sms_with(confidence: f32) -> Chat {
    Chat::new(common::dialogs().with_suggester(Arc::new(Fake(confidence))), Caps::SMS).met()
}

fn filed(chat: &Chat) -> Report {
    match chat.effects() {
        [Effect::SubmitReport(report)] => report.clone(),
        other => panic!("expected one SubmitReport, got {other:?}"),
    }
}

/// Sends a one-shot without a place and checks it now waits for the place.
fn waiting(chat: &mut Chat, message: &str) {
    let out = chat.say(message).clone();
    assert!(out.effects.is_empty(), "{message:?}: not filed yet: {:?}", out.effects);
    assert!(chat.state.awaits_oneshot_place(), "{message:?}");
    assert_eq!(chat.state.step(), Some("location"));
    assert_eq!(out.replies.len(), 1, "{message:?}: one SMS back");
    assert_eq!(chat.text(), chat.msg("oneshot_ask_location", &[]));
    assert!(chat.options().is_empty());
}

#[test]
fn lapor_without_a_place_files_nothing_and_asks_for_the_place_in_one_sms() {
    for lang in Lang::ALL {
        let mut chat = Chat::sms().in_lang(lang).met();
        waiting(&mut chat, &format!("LAPOR {TEXT}"));
        let sms = render::sms_full(chat.reply(), lang, &chat.d);
        assert!(gsm7::fits_one_sms(&sms), "{lang:?}: {sms}");
    }
}

#[test]
fn an_empty_or_too_short_hash_place_also_asks_for_the_place() {
    for message in [format!("lapor {TEXT} #"), format!("lapor {TEXT} #   "), format!("LAPOR {TEXT} #RT 2")] {
        waiting(&mut Chat::sms().met(), &message);
    }
}

#[test]
fn the_place_in_the_next_sms_files_the_one_shot_with_every_answer_it_kept() {
    let mut chat = sms_with(0.9);
    waiting(&mut chat, &format!("LAPOR {TEXT}"));
    chat.say(&format!("  {PLACE} "));
    let report = filed(&chat);
    assert!(report.oneshot);
    assert_eq!(report.dialog, "complaint");
    assert_eq!(report.answers["description"], Answer::Text(TEXT.into()));
    assert_eq!(report.answers["location"], Answer::Place(PLACE.into()));
    assert_eq!(report.answers["report_type"], Answer::Choice("pengaduan".into()));
    assert_eq!(report.answers["privacy"], Answer::Choice("biasa".into()));
    assert_eq!(report.answers["occurred_on"], Answer::Skipped);
    assert_eq!(report.answers["photos"], Answer::Skipped);
    let routed = Answer::Opd { code: Some("DINHUB".into()), suggested: Some("DINHUB".into()), corrected: false };
    assert_eq!(report.answers["opd"], routed);
    assert_eq!(report.opd_name.as_deref(), Some("Dinas Perhubungan"));
    assert!(chat.last.as_ref().unwrap().replies.is_empty(), "the app answers with ticket_created_oneshot");
    assert_eq!(chat.state, Chat::sms().met().state, "nothing left open");
    let receipt = chat.d.ticket_created(&report, "PKL-7Q3K9XW", Caps::SMS);
    assert_eq!(
        receipt.text,
        chat.msg("ticket_created_oneshot", &[("id", "PKL-7Q3K9XW"), ("opd", "Dinas Perhubungan"), ("days", "5")])
    );
}

#[test]
fn a_too_short_place_is_reasked_as_the_step_does_and_the_report_keeps_waiting() {
    let mut chat = Chat::sms().met();
    waiting(&mut chat, &format!("LAPOR {TEXT}"));
    chat.say("Medono");
    assert!(chat.effects().is_empty());
    assert_eq!(chat.text(), chat.msg("address_too_short", &[("min", "10")]));
    assert!(chat.state.awaits_oneshot_place());
    chat.say(PLACE);
    assert_eq!(filed(&chat).answers["location"], Answer::Place(PLACE.into()));
}

#[test]
fn batal_while_waiting_for_the_place_cancels_the_report() {
    let mut chat = Chat::sms().met();
    waiting(&mut chat, &format!("LAPOR {TEXT}"));
    chat.say("BATAL");
    assert!(chat.effects().is_empty());
    assert_eq!(chat.text(), chat.msg("cancelled", &[]));
    assert!(!chat.state.has_draft() && !chat.state.awaits_oneshot_place());
    chat.say(PLACE);
    assert!(chat.effects().is_empty(), "the place no longer files anything");
    assert!(!chat.state.awaits_oneshot_place());
}

#[test]
fn cek_while_waiting_looks_up_a_ticket_and_the_place_still_files_the_report() {
    let mut chat = Chat::sms().met();
    waiting(&mut chat, &format!("LAPOR {TEXT}"));
    chat.say("CEK PKL-7Q3K9XW");
    assert_eq!(chat.effects(), [Effect::LookupStatus { query: "PKL-7Q3K9XW".into() }]);
    assert!(chat.state.awaits_oneshot_place());
    chat.say("cek");
    chat.say("PKL-ABCD123");
    assert_eq!(chat.effects(), [Effect::LookupStatus { query: "PKL-ABCD123".into() }]);
    chat.say(PLACE);
    let report = filed(&chat);
    assert_eq!(report.answers["description"], Answer::Text(TEXT.into()));
    assert_eq!(report.answers["location"], Answer::Place(PLACE.into()));
}

#[test]
fn bantuan_or_start_while_waiting_asks_for_the_place_again() {
    let mut chat = Chat::sms().met();
    waiting(&mut chat, &format!("LAPOR {TEXT}"));
    let out = chat.say("bantuan").clone();
    assert_eq!(out.replies[0].text, chat.msg("help", &[]));
    assert_eq!(chat.text(), chat.msg("oneshot_ask_location", &[]));
    chat.say("/start");
    assert_eq!(chat.text(), chat.msg("resume_offer", &[]));
    chat.say("1");
    assert_eq!(chat.text(), chat.msg("oneshot_ask_location", &[]));
    chat.say(PLACE);
    assert!(filed(&chat).oneshot);
}

#[test]
fn a_new_lapor_while_waiting_replaces_the_waiting_report() {
    let mut chat = Chat::sms().met();
    waiting(&mut chat, &format!("LAPOR {TEXT}"));
    let other = "jalan berlubang besar di depan SD Medono";
    chat.say(&format!("LAPOR {other} #{PLACE}"));
    let report = filed(&chat);
    assert_eq!(report.answers["description"], Answer::Text(other.into()));
    assert_eq!(report.answers["location"], Answer::Place(PLACE.into()));
    assert!(!chat.state.has_draft());
}

#[test]
fn an_unsure_one_shot_waiting_for_its_place_is_filed_for_triage_with_the_triage_receipt() {
    let mut chat = sms_with(0.3);
    waiting(&mut chat, &format!("LAPOR {TEXT}"));
    chat.say(PLACE);
    let report = filed(&chat);
    assert_eq!(report.answers["opd"], Answer::Opd { code: None, suggested: Some("DINHUB".into()), corrected: false });
    assert!(report.needs_triage());
    let receipt = chat.d.ticket_created(&report, "PKL-7Q3K9XW", Caps::SMS);
    assert_eq!(receipt.text, chat.msg("ticket_created_oneshot_triage", &[("id", "PKL-7Q3K9XW"), ("days", "5")]));
}

#[test]
fn a_one_shot_waiting_for_its_place_survives_a_json_round_trip_and_files_after_it() {
    let mut chat = Chat::new(common::dialogs().with_suggester(Arc::new(Fake(0.9))), Caps::SMS).in_lang(Lang::Jv).met();
    waiting(&mut chat, &format!("LAPOR {TEXT}"));
    let json = serde_json::to_string(&chat.state).unwrap();
    chat.state = serde_json::from_str(&json).unwrap();
    assert!(chat.state.awaits_oneshot_place());
    chat.say(PLACE);
    let report = filed(&chat);
    assert_eq!((report.lang, report.opd_name.as_deref()), (Lang::Jv, Some("Dinas Perhubungan")));
}

#[test]
fn a_state_saved_before_the_one_shot_wait_existed_still_loads_and_serialises_as_before() {
    let old = r#"{"lang":"id","lang_chosen":false,"dialog":"complaint","step":"location","back":["describe"],
        "answers":{"description":{"kind":"text","value":"jalan di depan SD Medono berlubang besar"}},
        "pending":null,"editing":false,"photo_note_shown":false}"#;
    let state: State = serde_json::from_str(old).unwrap();
    assert!(state.has_draft() && !state.awaits_oneshot_place());
    let json = serde_json::to_string(&state).unwrap();
    assert!(!json.contains("oneshot"), "a guided draft is saved without the new key: {json}");
    let mut chat = Chat::sms().met();
    chat.state = state;
    chat.say(PLACE);
    assert!(chat.effects().is_empty(), "an old guided draft stays guided");
    assert_eq!(chat.state.step(), Some("privacy"), "the date is today and SMS has no photos: privacy is next");
}

#[test]
fn on_telegram_lapor_without_a_place_still_opens_the_guided_dialog() {
    let mut chat = Chat::telegram();
    chat.say(&format!("LAPOR {TEXT}"));
    assert!(chat.effects().is_empty());
    assert!(!chat.state.awaits_oneshot_place());
    assert_eq!(chat.state.step(), Some("location"));
    assert_eq!(chat.text(), chat.prompt("location"));
}

#[test]
fn a_dialog_without_a_place_step_files_a_one_shot_at_once() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no_place_step");
    std::fs::create_dir_all(&dir).unwrap();
    let real = std::fs::read_to_string(common::dialogs_dir().join("complaint.toml")).unwrap();
    let start = real.find("[[steps]]\nid = \"location\"").unwrap();
    let end = start + real[start..].find("[[steps]]\nid = \"when\"").unwrap();
    let edited = format!("{}{}", &real[..start], &real[end..]).replace("next = \"location\"", "next = \"when\"");
    std::fs::write(dir.join("complaint.toml"), edited).unwrap();
    std::fs::copy(common::dialogs_dir().join("messages.toml"), dir.join("messages.toml")).unwrap();
    let mut chat = Chat::new(Dialogs::load_dir(&dir).expect("loads"), Caps::SMS).met();
    chat.say(&format!("LAPOR {TEXT}"));
    let report = filed(&chat);
    assert_eq!(report.answers["description"], Answer::Text(TEXT.into()));
    assert!(!report.answers.contains_key("location"));
}

/// The shipped dialogs with `complaint.toml` passed through `edit`, in a directory of their own.
fn edited_dialog(name: &str, edit: impl Fn(&str) -> String) -> Dialogs {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("oneshot_place").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let real = std::fs::read_to_string(common::dialogs_dir().join("complaint.toml")).unwrap();
    let edited = edit(&real);
    assert_ne!(edited, real, "the edit applies to the shipped dialog");
    std::fs::write(dir.join("complaint.toml"), edited).unwrap();
    std::fs::copy(common::dialogs_dir().join("messages.toml"), dir.join("messages.toml")).unwrap();
    Dialogs::load_dir(&dir).expect("edited dialogs load")
}

/// Confident only about the place text.
struct ByPlace;

impl Suggester for ByPlace {
    fn suggest(&self, text: &str) -> Vec<Suggestion> {
        let confidence = if text == PLACE { 0.9 } else { 0.1 };
        vec![Suggestion {
            code: "DINHUB".into(),
            name: "Dinas Perhubungan".into(),
            confidence,
            external_note: None,
            short_name: None,
        }]
    }
}

#[test]
fn an_agency_classified_from_the_place_is_routed_once_the_place_arrives() {
    let d = edited_dialog("opd_by_place", |real| real.replace("source = \"description\"", "source = \"location\""))
        .with_suggester(Arc::new(ByPlace));
    let mut chat = Chat::new(d, Caps::SMS).met();
    waiting(&mut chat, &format!("LAPOR {TEXT}"));
    chat.say(PLACE);
    let report = filed(&chat);
    let routed = Answer::Opd { code: Some("DINHUB".into()), suggested: Some("DINHUB".into()), corrected: false };
    assert_eq!(report.answers["opd"], routed);
    assert_eq!(report.opd_name.as_deref(), Some("Dinas Perhubungan"));
}

#[test]
fn a_waiting_one_shot_whose_place_step_was_renamed_asks_for_the_place_again_and_still_files() {
    let mut chat = Chat::sms().met();
    waiting(&mut chat, &format!("LAPOR {TEXT}"));
    chat.d = edited_dialog("renamed_place", |real| {
        real.replace("id = \"location\"", "id = \"place\"").replace("next = \"location\"", "next = \"place\"")
    });
    let out = chat.say(PLACE).clone();
    assert!(out.effects.is_empty());
    assert_eq!(out.replies[0].text, chat.msg("dialog_updated", &[]));
    assert_eq!(chat.text(), chat.msg("oneshot_ask_location", &[]));
    assert_eq!(chat.state.step(), Some("place"));
    chat.say(PLACE);
    let report = filed(&chat);
    assert!(report.oneshot);
    assert_eq!(report.answers["location"], Answer::Place(PLACE.into()));
}

#[test]
fn lapor_without_a_hash_keeps_no_lapor_in_the_stored_complaint() {
    let mut chat = Chat::sms().met();
    waiting(&mut chat, "LAPOR saluran air mampet di depan rumah sejak kemarin");
    chat.say(PLACE);
    let report = filed(&chat);
    assert_eq!(report.answers["description"], Answer::Text("saluran air mampet di depan rumah sejak kemarin".into()));
    // Typed again inside an open report, the keyword is still no part of the answer.
    let mut chat = Chat::sms().met();
    chat.say("LAPOR");
    chat.say("LAPOR saluran air mampet di depan rumah sejak kemarin");
    for answer in [PLACE, "1", "1"] {
        chat.say(answer);
    }
    assert_eq!(
        filed(&chat).answers["description"],
        Answer::Text("saluran air mampet di depan rumah sejak kemarin".into())
    );
}

#[test]
fn lapor_with_a_short_text_and_an_empty_hash_never_files_an_empty_location() {
    let mut chat = Chat::sms().met();
    let out = chat.say("lapor   jalan berlubang #").clone();
    assert!(out.effects.is_empty(), "{:?}", out.effects);
    assert!(chat.state.has_draft(), "the report is asked for, not filed");
    for answer in ["jalan berlubang besar di depan SD Medono", "#", " ", PLACE, "1", "1"] {
        chat.say(answer);
        if let [Effect::SubmitReport(report)] = chat.effects() {
            assert_eq!(report.answers["location"], Answer::Place(PLACE.into()), "never an empty place");
            return;
        }
    }
    panic!("never filed: {:?}", chat.state);
}
