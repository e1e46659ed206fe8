//! Global commands at any step: /batal, /kembali, /bantuan, /start, /bahasa, /privasi, status lookups.
//!
//!   citizen: (at the location step) /kembali   bot: Silakan ceritakan apa yang terjadi (minimal 15 huruf).
//!   citizen: /start                            bot: Anda masih memiliki laporan … [Lanjutkan] [Mulai baru]
//!   citizen: Lanjutkan                         bot: Silakan ceritakan apa yang terjadi …
//!   citizen: /bahasa                           bot: Silakan pilih bahasa: [Bahasa Indonesia] [Basa Jawa] [English]
//!   citizen: English                           bot: Language changed to English. / Please tell us what happened …
//!   citizen: WIS BATAL                         bot: Report cancelled. Nothing was sent. [menu]

mod common;

use common::{Chat, DESCRIPTION};
use kentongan_dialog::{Answer, Effect, Lang};

#[test]
fn batal_cancels_the_draft_without_asking_and_shows_the_menu() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    chat.say("/batal");
    assert_eq!(chat.text(), chat.msg("cancelled", &[]));
    assert_eq!(chat.options(), ["Buat laporan", "Cek status", "Bantuan", "Bahasa"]);
    assert!(!chat.state.has_draft());
    chat.say("  WIS BATAL ");
    assert_eq!(chat.text(), chat.msg("nothing_to_cancel", &[]));
}

#[test]
fn kembali_goes_back_one_step_keeping_earlier_answers() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    chat.say("/kembali");
    assert_eq!(chat.state.step(), Some("location"), "the date was not asked, so back skips it");
    assert!(chat.reply().ask_location);
    chat.say("kembali");
    assert_eq!(chat.state.step(), Some("describe"));
    chat.say("/kembali");
    assert_eq!(chat.state.step(), Some("describe"), "nothing before the first step");
    chat.say(DESCRIPTION);
    chat.say("Jl. Hayam Wuruk 5, Pekalongan");
    assert_eq!(chat.state.step(), Some("photos"));
    chat.say("Lewati");
    chat.say("1");
    chat.say("Kirim");
    let Effect::SubmitReport(report) = &chat.effects()[0] else { panic!("no report") };
    assert_eq!(report.answers["description"], Answer::Text(DESCRIPTION.into()));
    assert_eq!(report.answers["location"], Answer::Place("Jl. Hayam Wuruk 5, Pekalongan".into()));
    assert_eq!(report.answers["occurred_on"], Answer::Date(common::today()));
}

#[test]
fn kembali_at_the_first_step_says_so_and_asks_again() {
    let mut chat = Chat::telegram();
    chat.say("/start");
    chat.say("Buat laporan");
    let out = chat.say("/kembali").clone();
    assert_eq!(out.replies[0].text, chat.msg("back_at_start", &[]));
    assert_eq!(out.replies[1].text, chat.prompt("describe"));
}

#[test]
fn bantuan_shows_help_then_the_current_prompt_again() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    let out = chat.say("/bantuan").clone();
    assert_eq!(out.replies[0].text, chat.msg("help", &[]));
    assert_eq!(out.replies[1].text, chat.prompt("photos"));
    assert_eq!(chat.state.step(), Some("photos"));
}

#[test]
fn start_mid_draft_offers_to_continue_and_continuing_keeps_the_answers() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    chat.say("/start");
    assert_eq!(chat.text(), chat.msg("resume_offer", &[]));
    assert_eq!(chat.options(), ["Lanjutkan", "Mulai baru"]);
    chat.say("Lanjutkan");
    assert_eq!(chat.state.step(), Some("photos"));
    assert_eq!(chat.text(), chat.prompt("photos"));
}

#[test]
fn start_mid_draft_then_start_over_begins_an_empty_report() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    chat.say("/start");
    chat.say("2");
    assert_eq!(chat.state.step(), Some("describe"));
    assert_eq!(chat.text(), chat.prompt("describe"));
    chat.say("/kembali");
    assert_eq!(chat.state.step(), Some("describe"), "the old answers are gone");
}

#[test]
fn start_without_a_draft_shows_the_menu() {
    let mut chat = Chat::telegram();
    chat.say("/start@kentongan_bot");
    assert_eq!(chat.options(), ["Buat laporan", "Cek status", "Bantuan", "Bahasa"]);
}

#[test]
fn bahasa_switches_language_mid_draft_and_reshows_the_step() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    chat.say("/bahasa");
    assert_eq!(chat.options(), ["Bahasa Indonesia", "Basa Jawa", "English"]);
    let out = chat.say("3").clone();
    assert_eq!(out.effects, [Effect::LanguageChanged(Lang::En)]);
    assert_eq!(out.replies[0].text, "Language changed to English.");
    assert_eq!(out.replies[1].text, chat.prompt("photos"));
    assert_eq!(chat.state.lang(), Lang::En);
    assert_eq!(chat.state.step(), Some("photos"));
}

#[test]
fn bahasa_from_the_menu_button_accepts_a_language_name_in_any_case() {
    let mut chat = Chat::telegram();
    chat.say("/start");
    chat.say("bahasa");
    chat.say("basa jawa");
    assert_eq!(chat.state.lang(), Lang::Jv);
    assert_eq!(chat.options(), ["Damel laporan", "Cek status", "Pitulungan", "Basa"]);
}

#[test]
fn a_language_hint_is_used_until_the_user_chooses() {
    let d = common::dialogs();
    let event = |text: &str| kentongan_dialog::Event {
        caps: kentongan_dialog::Caps::TELEGRAM,
        today: common::today(),
        input: kentongan_dialog::Input::Text(text.into()),
        lang_hint: Some(Lang::En),
    };
    let out = kentongan_dialog::advance(&d, Default::default(), &event("/start"));
    assert_eq!(out.state.lang(), Lang::En);
    let out = kentongan_dialog::advance(&d, out.state, &event("/bahasa"));
    let out = kentongan_dialog::advance(&d, out.state, &event("Basa Jawa"));
    let out = kentongan_dialog::advance(&d, out.state, &event("/start"));
    assert_eq!(out.state.lang(), Lang::Jv, "an explicit choice beats the hint");
}

#[test]
fn status_with_an_id_looks_it_up_from_anywhere() {
    let mut chat = Chat::telegram();
    chat.say("/status PKL-7Q3K9X");
    assert_eq!(chat.effects(), [Effect::LookupStatus { query: "PKL-7Q3K9X".into() }]);
    chat.up_to_photos();
    chat.say("CEK pkl-7q3k9x");
    assert_eq!(chat.effects(), [Effect::LookupStatus { query: "pkl-7q3k9x".into() }]);
    assert_eq!(chat.state.step(), Some("photos"), "the draft stays open");
}

#[test]
fn cek_status_without_an_id_asks_for_the_number_then_looks_it_up() {
    let mut chat = Chat::telegram();
    chat.say("/start");
    chat.say("Cek status");
    assert_eq!(chat.text(), chat.msg("status_ask_id", &[]));
    chat.say(" PKL-7Q3K9X ");
    assert_eq!(chat.effects(), [Effect::LookupStatus { query: "PKL-7Q3K9X".into() }]);
}

#[test]
fn an_id_of_letters_only_or_typed_in_pieces_is_still_a_lookup() {
    let mut chat = Chat::telegram();
    chat.say("/status PKL-QRSTVWX");
    assert_eq!(chat.effects(), [Effect::LookupStatus { query: "PKL-QRSTVWX".into() }]);
    chat.say("cek pkl 7q3 k9xw");
    assert_eq!(chat.effects(), [Effect::LookupStatus { query: "pkl 7q3 k9xw".into() }]);
}

#[test]
fn an_all_letter_id_typed_in_pieces_is_a_lookup_once_the_engine_knows_the_prefix() {
    let mut chat = Chat::telegram();
    chat.say("/start");
    chat.say("1");
    chat.say("cek pkl qxlabco");
    assert!(chat.effects().is_empty(), "in a report, without the prefix, two words without a digit are words");
    chat.d = chat.d.clone().with_id_prefix("PKL");
    chat.say("cek pkl qxlabco");
    assert_eq!(chat.effects(), [Effect::LookupStatus { query: "pkl qxlabco".into() }]);
}

#[test]
fn cek_with_any_number_outside_a_report_is_a_lookup_so_every_number_gets_the_same_kind_of_answer() {
    for typed in ["CEK 12345", "CEK PKL-33M0RWK", "cek status PKL-33M0RWK", "cek nomor saya"] {
        let mut chat = Chat::sms();
        chat.say(typed);
        let [Effect::LookupStatus { query }] = chat.effects() else { panic!("{typed}: {:?}", chat.effects()) };
        assert!(typed.ends_with(query.as_str()) && !query.starts_with("status"), "{typed}: {query}");
        assert!(chat.last.as_ref().unwrap().replies.iter().all(|r| r.text != chat.msg("sms_help", &[])));
    }
}

#[test]
fn a_description_starting_with_cek_is_not_a_status_lookup() {
    let mut chat = Chat::telegram();
    chat.say("/start");
    chat.say("1");
    chat.say("cek saluran air di Jl. Sultan Agung, mampet total");
    assert!(chat.effects().is_empty());
    assert_eq!(chat.state.step(), Some("location"));
}

#[test]
fn privasi_shows_the_full_data_text_then_the_open_question_and_on_sms_outside_a_report_one_sms() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    let out = chat.say("/privasi").clone();
    assert_eq!(out.replies[0].text, chat.msg("privacy_info", &[("central", "LAPOR!")]));
    assert_eq!(chat.text(), chat.prompt("photos"));
    let mut sms = Chat::sms();
    sms.say("halo");
    let out = sms.say("PRIVASI").clone();
    assert_eq!(out.replies.len(), 1, "{:?}", out.replies);
    assert_eq!(out.replies[0].text, sms.msg("privacy_info", &[]));
    assert!(kentongan_dialog::gsm7::fits_one_sms(&out.replies[0].text));
}

#[test]
fn lapor_with_text_on_telegram_opens_a_report_with_its_description() {
    let mut chat = Chat::telegram();
    chat.say("LAPOR lampu PJU mati di Jl. Dr. Wahidin sejak seminggu #Jl. Dr. Wahidin");
    assert!(chat.effects().is_empty(), "the one-shot report is for SMS only");
    assert_eq!(chat.state.step(), Some("location"));
    assert_eq!(chat.text(), chat.prompt("location"));
}

#[test]
fn ask_again_repeats_the_open_question_of_a_draft_for_the_app_to_send_after_its_own_answer() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    let again = kentongan_dialog::ask_again(&chat.d, &chat.state, chat.caps, common::today());
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].text, chat.prompt("photos"));
    assert_eq!(again[0].options, ["Lewati"]);
    chat.say("/status");
    let again = kentongan_dialog::ask_again(&chat.d, &chat.state, chat.caps, common::today());
    assert_eq!(again[0].text, chat.msg("status_ask_id", &[]), "a side question is asked again as such");
}
