//! A citizen files a complete complaint through the webhook, in each language, in 7 turns, and every
//! reply and keyboard is what the dialog files say.
//!
//!   /start → data notice, welcome + menu · complaint text → "new report" + location · 📍 → photos
//!   · 📷 → photo received · Selesai → privacy · Anonim → summary naming the agency
//!   [Kirim] [Ganti instansi] [Ubah] [Batal] · Kirim → tracking ID, answer expected in 5 working days

use chrono::Utc;
use serde_json::Value;

use crate::dialog_file::DialogFile;
use crate::helpers::*;

pub const COMPLAINT: &str = "jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh";
const ROAD_OPD: &str = "DPUPR";

fn one(replies: Vec<Sent>) -> Sent {
    assert_eq!(replies.len(), 1, "expected exactly one reply: {replies:?}");
    replies.into_iter().next().unwrap()
}

/// Walks the happy path in `lang` for `chat` and returns the tracking ID.
async fn happy_path(app: &TestApp, chat: i64, lang: &str) -> String {
    let f = DialogFile::load();
    // The language: Indonesian by default, English from Telegram's language_code, Javanese by choosing it.
    let hint = if lang == "en" { Some("en") } else { None };
    let first = app.exchange(chat, &text_update(app.next_update_id(), chat, "/start", hint)).await;
    let mut turns = 1;
    if lang == "jv" {
        let pick = one(app.say(chat, &f.message("menu_language", "id")).await);
        assert_eq!(pick.text, f.message("language_prompt", "id"));
        let changed = app.say(chat, &f.message("lang_name_jv", "id")).await;
        assert_eq!(changed[0].text, f.message("language_changed", "jv"));
    } else {
        assert_eq!(first.len(), 2, "the data notice, then the welcome: {first:?}");
        assert_eq!(first[0].text, f.message("privacy_notice", lang));
        assert_eq!(first[1].text, f.message("welcome", lang));
        assert_eq!(first[1].buttons, f.menu(lang));
    }

    // The complaint typed at the menu opens the report.
    let opened = app.say(chat, COMPLAINT).await;
    turns += 1;
    assert_eq!(opened.len(), 2, "{opened:?}");
    assert_eq!(opened[0].text, f.message("report_opened", lang));
    let location = &opened[1];
    assert_eq!(location.text, f.prompt("location", lang));
    assert!(location.location_button, "the location step offers a location button");
    assert_eq!(location.buttons[0], f.message("location_button", lang));

    let photos = one(app.exchange(chat, &location_update(app.next_update_id(), chat, -6.8886, 109.6753)).await);
    turns += 1;
    assert_eq!(photos.text, f.prompt("photos", lang), "no date question: today unless changed");
    assert_eq!(photos.buttons, f.messages(&["btn_skip"], lang));

    let received = one(app.exchange(chat, &photo_update(app.next_update_id(), chat, "pic")).await);
    turns += 1;
    assert_eq!(received.text, f.fill("photo_received", lang, &[("n", "1"), ("max", "3")]));
    assert_eq!(received.buttons, f.messages(&["btn_done"], lang));

    let privacy = one(app.say(chat, &f.message("btn_done", lang)).await);
    turns += 1;
    assert_eq!(privacy.text, f.prompt("privacy", lang), "no type question: a complaint unless changed");
    assert_eq!(privacy.buttons, f.option_labels("privacy", lang));

    let summary = one(app.say(chat, &privacy.buttons[1]).await);
    turns += 1;
    assert!(summary.text.starts_with(&f.prompt("summary", lang)), "{}", summary.text);
    assert!(summary.text.contains(COMPLAINT), "the summary repeats the complaint");
    assert!(summary.text.contains("Dinas Pekerjaan Umum dan Penataan Ruang"), "the agency by name: {}", summary.text);
    assert!(!summary.text.contains(ROAD_OPD), "not its code: {}", summary.text);
    assert!(summary.text.contains(&f.message("summary_location_pin", lang)), "no raw coordinates: {}", summary.text);
    assert!(!summary.text.contains("109.67"), "{}", summary.text);
    assert_eq!(summary.buttons, f.messages(&["btn_send", "btn_opd_change", "btn_edit", "btn_cancel"], lang));

    let done = one(app.say(chat, &summary.buttons[0]).await);
    turns += 1;
    let id = tracking_id_in(&done.text).expect("a tracking ID in the confirmation");
    assert_eq!(done.text, f.fill("ticket_created", lang, &[("id", &id), ("days", "5")]));
    assert_eq!(done.buttons, f.menu(lang));
    assert_eq!(turns, 7, "turns from /start to the tracking ID, with a photo");
    id
}

pub fn tracking_id_in(text: &str) -> Option<String> {
    let re = regex::Regex::new(r"PKL-[0-9A-Z]{7}").unwrap();
    re.find(text).map(|m| m.as_str().to_string())
}

async fn assert_ticket_holds_every_answer(app: &TestApp, id: &str, chat: i64, lang: &str) {
    let record = app.store().ticket_record(id).await.unwrap().expect("ticket stored");
    let t = record.ticket;
    assert_eq!(record.status, kentongan::domain::TicketStatus::Diterima);
    assert_eq!(t.reporter.id, chat.to_string());
    assert_eq!(t.lang, lang);
    assert_eq!(t.description, COMPLAINT);
    assert_eq!(t.location, Some((-6.8886, 109.6753)));
    let today = Utc::now().with_timezone(&chrono_tz::Asia::Jakarta).date_naive();
    assert_eq!(t.occurred_on, Some(today));
    assert_eq!(t.photos, vec!["pic-large".to_string()]);
    assert_eq!(t.report_type.as_deref(), Some("pengaduan"));
    assert!(t.anonymous && !t.confidential);
    assert_eq!(t.opd_code.as_deref(), Some(ROAD_OPD));
    assert_eq!(t.opd_suggested.as_deref(), Some(ROAD_OPD));
    assert!(!t.opd_corrected);
}

#[tokio::test]
async fn a_citizen_files_a_complete_complaint_in_bahasa_indonesia() {
    let app = spawn_app().await;
    let id = happy_path(&app, 101, "id").await;
    assert_ticket_holds_every_answer(&app, &id, 101, "id").await;
}

#[tokio::test]
async fn a_citizen_files_a_complete_complaint_in_basa_jawa() {
    let app = spawn_app().await;
    let id = happy_path(&app, 102, "jv").await;
    assert_ticket_holds_every_answer(&app, &id, 102, "jv").await;
}

#[tokio::test]
async fn a_citizen_files_a_complete_complaint_in_english() {
    let app = spawn_app().await;
    let id = happy_path(&app, 103, "en").await;
    assert_ticket_holds_every_answer(&app, &id, 103, "en").await;
}

#[tokio::test]
async fn a_too_short_description_is_reasked_with_an_explanation_and_nothing_advances() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    app.say(7, "/start").await;
    let describe = one(app.say(7, &f.message("menu_report", "id")).await);
    assert_eq!(describe.text, f.prompt("describe", "id"));
    assert!(describe.removes_keyboard, "a free-text step clears the previous keyboard");
    let reask = one(app.say(7, "rusak").await);
    assert_ne!(reask.text, f.prompt("location", "id"));
    assert!(reask.text.contains("15"), "says how many letters are needed: {}", reask.text);
    let next = one(app.say(7, COMPLAINT).await);
    assert_eq!(next.text, f.prompt("location", "id"));
}

#[tokio::test]
async fn an_answer_that_is_not_an_option_is_reasked_with_the_options() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    walk_to_privacy(&app, 8, &f).await;
    let reask = one(app.say(8, "pizza").await);
    assert_ne!(reask.text, f.prompt("privacy", "id"));
    assert_eq!(reask.buttons, f.option_labels("privacy", "id"));
    // The number of an option works too, as on a feature phone.
    let summary = app.say(8, "2").await;
    assert!(summary.last().unwrap().text.starts_with(&f.prompt("summary", "id")));
}

#[tokio::test]
async fn a_future_date_is_reasked_and_a_typed_date_is_accepted_from_the_summary() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    walk_to_privacy(&app, 9, &f).await;
    app.say(9, &f.option_labels("privacy", "id")[0]).await;
    app.say(9, &f.message("btn_edit", "id")).await;
    let when = app.say(9, "Tanggal").await;
    assert_eq!(when.last().unwrap().text, f.prompt("when", "id"));
    let future = one(app.say(9, "01/01/2099").await);
    assert_ne!(future.text, f.prompt("summary", "id"));
    let bad = one(app.say(9, "kapan-kapan").await);
    assert!(!bad.text.starts_with(&f.prompt("summary", "id")));
    let yesterday =
        (Utc::now().with_timezone(&chrono_tz::Asia::Jakarta).date_naive() - chrono::Days::new(1)).format("%d/%m/%Y");
    let summary = one(app.say(9, &yesterday.to_string()).await);
    assert!(summary.text.contains(&format!("{yesterday}\n")), "{}", summary.text);
}

/// Menu → complaint → typed address → no photo: at the privacy question.
async fn walk_to_privacy(app: &TestApp, chat: i64, f: &DialogFile) {
    app.say(chat, "/start").await;
    app.say(chat, &f.message("menu_report", "id")).await;
    app.say(chat, COMPLAINT).await;
    app.say(chat, "Jl. Merdeka No. 5, Podosugih").await;
    let privacy = app.say(chat, &f.message("btn_skip", "id")).await;
    assert_eq!(privacy.last().unwrap().text, f.prompt("privacy", "id"));
}

#[tokio::test]
async fn batal_cancels_the_draft_and_files_nothing() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    walk_to_privacy(&app, 10, &f).await;
    let cancelled = app.say(10, "/batal").await;
    assert_eq!(cancelled[0].text, f.message("cancelled", "id"));
    assert_eq!(app.store().count_tickets().await.unwrap(), 0);
    // Nothing is left to resume: /start shows the plain menu.
    let menu = one(app.say(10, "/start").await);
    assert_eq!(menu.text, f.message("welcome", "id"));
}

#[tokio::test]
async fn kembali_goes_back_one_step_and_keeps_the_flow() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    walk_to_privacy(&app, 11, &f).await;
    let back = app.say(11, "/kembali").await;
    assert_eq!(back.last().unwrap().text, f.prompt("photos", "id"));
    let back = app.say(11, "/kembali").await;
    assert_eq!(back.last().unwrap().text, f.prompt("location", "id"));
    let forward = app.say(11, "Jl. Hayam Wuruk No. 7, Pekalongan").await;
    assert_eq!(forward.last().unwrap().text, f.prompt("photos", "id"));
}

#[tokio::test]
async fn start_mid_draft_offers_to_continue_and_continue_resumes_the_same_step() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    walk_to_privacy(&app, 12, &f).await;
    let offer = one(app.say(12, "/start").await);
    assert_eq!(offer.text, f.message("resume_offer", "id"));
    assert_eq!(offer.buttons, f.messages(&["btn_continue", "btn_restart"], "id"));
    let resumed = app.say(12, &offer.buttons[0]).await;
    assert_eq!(resumed.last().unwrap().text, f.prompt("privacy", "id"));
}

#[tokio::test]
async fn start_mid_draft_and_start_over_begins_a_fresh_report() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    walk_to_privacy(&app, 13, &f).await;
    let offer = one(app.say(13, "/start").await);
    let fresh = app.say(13, &offer.buttons[1]).await;
    assert_eq!(fresh.last().unwrap().text, f.prompt("describe", "id"));
}

#[tokio::test]
async fn status_mid_draft_answers_without_the_menu_and_asks_the_waiting_question_again() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    let id = app.file_ticket(16, COMPLAINT, 0).await;
    app.say(16, "/start").await;
    app.say(16, "lampu PJU di Jalan Hayam Wuruk mati sejak seminggu").await;
    let replies = app.say(16, &format!("/status {id}")).await;
    assert_eq!(replies.len(), 2, "{replies:?}");
    assert!(replies[0].text.contains(&id), "the status first: {}", replies[0].text);
    assert_ne!(replies[0].buttons, f.menu("id"), "no main menu while the draft waits");
    assert_eq!(replies[1].text, f.prompt("location", "id"), "then the draft's question again");
    assert!(replies[1].location_button);
    // The draft is still where it was: the next answer is its address.
    let photos = app.say(16, "Jl. Hayam Wuruk No. 7, Pekalongan").await;
    assert_eq!(photos.last().unwrap().text, f.prompt("photos", "id"));
    // Outside a report the status comes with the menu, as before.
    app.say(16, "/batal").await;
    let outside = one(app.say(16, &format!("/status {id}")).await);
    assert_eq!(outside.buttons, f.menu("id"));
}

#[tokio::test]
async fn help_on_telegram_names_the_buttons_and_slash_commands_and_no_sms_keyword() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    app.say(17, "/start").await;
    let help = app.say(17, "/bantuan").await;
    let text = &help[0].text;
    assert_eq!(text, &f.message("help", "id"));
    for named in ["tombol", "/status", "/batal", "/kembali"] {
        assert!(text.contains(named), "{named} in {text}");
    }
    for keyword in ["LAPOR", "CEK", "KEMBALI", "BATAL", "BANTUAN"] {
        assert!(!text.split(|c: char| !c.is_alphanumeric()).any(|w| w == keyword), "{keyword} in {text}");
    }
    assert_eq!(help.last().unwrap().buttons, f.menu("id"), "and the menu again");
}

/// The `setMyCommands` requests the gateway made: `(language_code, commands)`.
async fn command_menus(app: &TestApp) -> Vec<(Option<String>, Value)> {
    let requests = app.bot_api.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|r| r.url.path().to_lowercase().ends_with("/setmycommands"))
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            (body["language_code"].as_str().map(str::to_owned), body["commands"].clone())
        })
        .collect()
}

#[tokio::test]
async fn the_command_menu_is_set_at_start_in_indonesian_javanese_and_english() {
    let app = spawn_app().await;
    app.eventually(10, "four command menus", || async { command_menus(&app).await.len() == 4 }).await;
    let f = DialogFile::load();
    let menus = command_menus(&app).await;
    for (code, lang) in [(None, "id"), (Some("id"), "id"), (Some("jv"), "jv"), (Some("en"), "en")] {
        let (_, commands) = menus.iter().find(|(c, _)| c.as_deref() == code).expect("a menu per language");
        let names: Vec<&str> = commands.as_array().unwrap().iter().map(|c| c["command"].as_str().unwrap()).collect();
        assert_eq!(names, ["lapor", "status", "kembali", "batal", "bahasa", "privasi", "bantuan"], "{code:?}");
        let status = commands.as_array().unwrap().iter().find(|c| c["command"] == "status").unwrap();
        assert_eq!(status["description"].as_str().unwrap(), f.message("cmd_status", lang), "{code:?}");
    }
}

#[tokio::test]
async fn two_citizens_interleaved_never_mix_their_conversations() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    for chat in [21, 22] {
        app.say(chat, "/start").await;
        app.say(chat, &f.message("menu_report", "id")).await;
    }
    assert_eq!(one(app.say(21, COMPLAINT).await).text, f.prompt("location", "id"));
    // 22 is still on the first step: a short text is re-asked there, not taken as 21's address.
    let reask = one(app.say(22, "pendek").await);
    assert!(reask.text.contains("15"));
    assert_eq!(one(app.say(21, "Jl. Merdeka No. 5, Podosugih").await).text, f.prompt("photos", "id"));
    assert_eq!(
        one(app.say(22, "lampu PJU di Jalan Hayam Wuruk mati sejak seminggu").await).text,
        f.prompt("location", "id")
    );
}

#[tokio::test]
async fn many_updates_from_two_citizens_posted_at_once_are_each_processed_in_order() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    let steps = [
        "/start".to_string(),
        f.message("menu_report", "id"),
        COMPLAINT.to_string(),
        "Jl. Merdeka No. 5, Podosugih".to_string(),
        f.message("btn_skip", "id"),
    ];
    for step in &steps {
        let updates: Vec<_> =
            [31, 32].iter().map(|&chat| text_update(app.next_update_id(), chat, step, None)).collect();
        // Telegram delivers one chat's updates in order; different chats may race.
        for r in futures_util::future::join_all(updates.iter().map(|u| app.post_update(u))).await {
            assert_eq!(r.status(), 200);
        }
    }
    app.settle().await;
    for chat in [31, 32] {
        assert_eq!(app.sent_to(chat).await.last().unwrap().text, f.prompt("privacy", "id"), "chat {chat}");
    }
}

#[tokio::test]
async fn a_restart_mid_conversation_resumes_at_the_same_step() {
    let mut app = spawn_app().await;
    let f = DialogFile::load();
    walk_to_privacy(&app, 14, &f).await;
    app.restart().await;
    let summary = one(app.say(14, &f.option_labels("privacy", "id")[0]).await);
    assert!(summary.text.starts_with(&f.prompt("summary", "id")), "{}", summary.text);
}

#[tokio::test]
async fn an_event_accepted_but_not_processed_before_a_crash_is_processed_after_restart() {
    let mut app = spawn_app().await;
    app.app.take().unwrap().shutdown().await;
    // While the gateway is down, the event is stored exactly as the webhook stores it before its 200.
    let store = kentongan::store::connect(&app.settings.database.url, 1).await.unwrap();
    let event = kentongan::store::InboundEvent {
        address: kentongan::domain::Address::new(kentongan::domain::Channel::Telegram, "15"),
        external_id: "999001".into(),
        body: kentongan::store::InboundBody::Text { text: "/start".into() },
        lang_hint: None,
        received_at: Utc::now(),
        via: None,
    };
    store.accept_inbound(&event).await.unwrap();
    assert!(app.sent_to(15).await.is_empty());
    app.app = Some(kentongan::app::Application::build(&app.settings).await.unwrap());
    app.settle().await;
    let sent = app.sent_to(15).await;
    assert_eq!(sent.len(), 2, "the stored event was answered after the restart (data notice, welcome): {sent:?}");
}

#[tokio::test]
async fn the_receipt_promises_an_answer_within_the_configured_response_target_in_working_days() {
    let app = spawn_app_with(|s| s.tickets.response_days = 14).await;
    app.file_ticket(18, COMPLAINT, 0).await;
    let receipt = app.sent_to(18).await.pop().unwrap();
    assert!(receipt.text.contains("Tanggapan diharapkan dalam 14 hari kerja."), "{}", receipt.text);
    let mut invalid = kentongan::config::Settings::default();
    invalid.tickets.response_days = 0;
    let e = invalid.validate().unwrap_err().to_string();
    assert!(e.starts_with("tickets.response_days:"), "{e}");
}
