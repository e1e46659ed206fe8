//! A citizen files a complete complaint through the webhook, in each language, and every reply and
//! keyboard is what the dialog files say.
//!
//!   /start → welcome + menu · Buat laporan → describe · text → location · 📍 → when · Hari ini → photos
//!   · 📷 → photo received · Selesai → type · Pengaduan → privacy · Anonim → OPD · Benar → summary
//!   · Kirim → tracking ID

use chrono::Utc;

use crate::dialog_file::DialogFile;
use crate::helpers::*;

const COMPLAINT: &str = "jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh";
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
    let welcome = one(app.exchange(chat, &text_update(app.next_update_id(), chat, "/start", hint)).await);
    if lang == "jv" {
        let pick = one(app.say(chat, &f.message("menu_language", "id")).await);
        assert_eq!(pick.text, f.message("language_prompt", "id"));
        let changed = app.say(chat, &f.message("lang_name_jv", "id")).await;
        assert_eq!(changed[0].text, f.message("language_changed", "jv"));
        app.say(chat, "/start").await;
    } else {
        assert_eq!(welcome.text, f.message("welcome", lang));
        assert_eq!(welcome.buttons, f.menu(lang));
    }

    let describe = one(app.say(chat, &f.message("menu_report", lang)).await);
    assert_eq!(describe.text, f.prompt("describe", lang));
    assert!(describe.removes_keyboard, "a free-text step clears the previous keyboard");

    let location = one(app.say(chat, COMPLAINT).await);
    assert_eq!(location.text, f.prompt("location", lang));
    assert!(location.location_button, "the location step offers a location button");
    assert_eq!(location.buttons[0], f.message("location_button", lang));

    let when = one(app.exchange(chat, &location_update(app.next_update_id(), chat, -6.8886, 109.6753)).await);
    assert_eq!(when.text, f.prompt("when", lang));
    assert_eq!(when.buttons, f.messages(&["btn_today", "btn_yesterday", "btn_skip"], lang));

    let photos = one(app.say(chat, &f.message("btn_today", lang)).await);
    assert_eq!(photos.text, f.prompt("photos", lang));
    assert_eq!(photos.buttons, f.messages(&["btn_skip"], lang));

    let received = one(app.exchange(chat, &photo_update(app.next_update_id(), chat, "pic")).await);
    assert_eq!(received.text, f.fill("photo_received", lang, &[("n", "1"), ("max", "3")]));
    assert_eq!(received.buttons, f.messages(&["btn_done"], lang));

    let kind = one(app.say(chat, &f.message("btn_done", lang)).await);
    assert_eq!(kind.text, f.prompt("report_type", lang));
    assert_eq!(kind.buttons, f.option_labels("report_type", lang));

    let privacy = one(app.say(chat, &kind.buttons[0]).await);
    assert_eq!(privacy.text, f.prompt("privacy", lang));
    assert_eq!(privacy.buttons, f.option_labels("privacy", lang));

    let opd = one(app.say(chat, &privacy.buttons[1]).await);
    let (before_name, _) =
        f.prompt("opd", lang).split_once("{name}").map(|(a, b)| (a.to_string(), b.to_string())).unwrap();
    assert!(opd.text.starts_with(&before_name), "{:?} does not start with {before_name:?}", opd.text);
    assert!(opd.text.contains("Pekerjaan Umum"), "a road hole is routed to DPUPR: {}", opd.text);
    assert_eq!(opd.buttons, f.messages(&["btn_opd_correct", "btn_opd_other"], lang));

    let summary = one(app.say(chat, &opd.buttons[0]).await);
    assert!(summary.text.starts_with(&f.prompt("summary", lang)), "{}", summary.text);
    assert!(summary.text.contains(COMPLAINT), "the summary repeats the complaint");
    assert_eq!(summary.buttons, f.messages(&["btn_send", "btn_edit", "btn_cancel"], lang));

    let done = one(app.say(chat, &summary.buttons[0]).await);
    let id = tracking_id_in(&done.text).expect("a tracking ID in the confirmation");
    assert_eq!(done.text, f.fill("ticket_created", lang, &[("id", &id)]));
    assert_eq!(done.buttons, f.menu(lang));
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
    app.say(7, &f.message("menu_report", "id")).await;
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
    walk_to_report_type(&app, 8, &f).await;
    let reask = one(app.say(8, "pizza").await);
    assert_ne!(reask.text, f.prompt("privacy", "id"));
    assert_eq!(reask.buttons, f.option_labels("report_type", "id"));
    // The number of an option works too, as on a feature phone.
    let privacy = one(app.say(8, "2").await);
    assert_eq!(privacy.text, f.prompt("privacy", "id"));
}

#[tokio::test]
async fn a_future_date_is_reasked_and_a_typed_date_is_accepted() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    app.say(9, "/start").await;
    app.say(9, &f.message("menu_report", "id")).await;
    app.say(9, COMPLAINT).await;
    app.say(9, "Jl. Merdeka No. 5, Podosugih").await;
    let future = one(app.say(9, "01/01/2099").await);
    assert_ne!(future.text, f.prompt("photos", "id"));
    let bad = one(app.say(9, "kapan-kapan").await);
    assert_ne!(bad.text, f.prompt("photos", "id"));
    let yesterday =
        (Utc::now().with_timezone(&chrono_tz::Asia::Jakarta).date_naive() - chrono::Days::new(1)).format("%d/%m/%Y");
    let photos = one(app.say(9, &yesterday.to_string()).await);
    assert_eq!(photos.text, f.prompt("photos", "id"));
}

async fn walk_to_report_type(app: &TestApp, chat: i64, f: &DialogFile) {
    app.say(chat, "/start").await;
    app.say(chat, &f.message("menu_report", "id")).await;
    app.say(chat, COMPLAINT).await;
    app.say(chat, "Jl. Merdeka No. 5, Podosugih").await;
    app.say(chat, &f.message("btn_today", "id")).await;
    let kind = app.say(chat, &f.message("btn_skip", "id")).await;
    assert_eq!(kind.last().unwrap().text, f.prompt("report_type", "id"));
}

#[tokio::test]
async fn batal_cancels_the_draft_and_files_nothing() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    walk_to_report_type(&app, 10, &f).await;
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
    walk_to_report_type(&app, 11, &f).await;
    let back = app.say(11, "/kembali").await;
    assert_eq!(back.last().unwrap().text, f.prompt("photos", "id"));
    let back = app.say(11, "/kembali").await;
    assert_eq!(back.last().unwrap().text, f.prompt("when", "id"));
    let forward = app.say(11, &f.message("btn_yesterday", "id")).await;
    assert_eq!(forward.last().unwrap().text, f.prompt("photos", "id"));
}

#[tokio::test]
async fn start_mid_draft_offers_to_continue_and_continue_resumes_the_same_step() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    walk_to_report_type(&app, 12, &f).await;
    let offer = one(app.say(12, "/start").await);
    assert_eq!(offer.text, f.message("resume_offer", "id"));
    assert_eq!(offer.buttons, f.messages(&["btn_continue", "btn_restart"], "id"));
    let resumed = app.say(12, &offer.buttons[0]).await;
    assert_eq!(resumed.last().unwrap().text, f.prompt("report_type", "id"));
}

#[tokio::test]
async fn start_mid_draft_and_start_over_begins_a_fresh_report() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    walk_to_report_type(&app, 13, &f).await;
    let offer = one(app.say(13, "/start").await);
    let fresh = app.say(13, &offer.buttons[1]).await;
    assert_eq!(fresh.last().unwrap().text, f.prompt("describe", "id"));
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
    assert_eq!(one(app.say(21, "Jl. Merdeka No. 5, Podosugih").await).text, f.prompt("when", "id"));
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
        f.message("btn_today", "id"),
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
        assert_eq!(app.sent_to(chat).await.last().unwrap().text, f.prompt("photos", "id"), "chat {chat}");
    }
}

#[tokio::test]
async fn a_restart_mid_conversation_resumes_at_the_same_step() {
    let mut app = spawn_app().await;
    let f = DialogFile::load();
    walk_to_report_type(&app, 14, &f).await;
    app.restart().await;
    let privacy = one(app.say(14, &f.option_labels("report_type", "id")[0]).await);
    assert_eq!(privacy.text, f.prompt("privacy", "id"));
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
    assert_eq!(app.sent_to(15).await.len(), 1, "the stored event was answered after the restart");
}
