//! `/status <id>` shows status and history to the ticket's reporter only.

use crate::dialog_file::DialogFile;
use crate::helpers::*;

async fn file_ticket(app: &TestApp, chat: i64) -> String {
    app.file_ticket(chat, "sampah menumpuk di pinggir kali Loji sudah seminggu tidak diangkut", 0).await
}

#[tokio::test]
async fn the_reporter_sees_status_and_history_of_their_own_ticket() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    let id = file_ticket(&app, 51).await;
    let replies = app.say(51, &format!("/status {id}")).await;
    let text = &replies.last().unwrap().text;
    let label = f.messages["status"]["diterima"]["id"].as_str().unwrap().to_string();
    assert!(text.starts_with(&f.fill("status_header", "id", &[("id", &id), ("status", &label)])), "{text}");
    assert_eq!(text.lines().count(), 2, "header plus one history line: {text}");
    assert!(text.lines().nth(1).unwrap().contains(&label));
}

#[tokio::test]
async fn a_tracking_id_typed_sloppily_on_a_phone_still_finds_the_ticket() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    let id = file_ticket(&app, 52).await;
    let sloppy = id.to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
    let text = app.say(52, &format!("/status {sloppy}")).await.last().unwrap().text.clone();
    assert!(text.contains(&id), "{text}");
    assert_ne!(text, f.message("status_not_found", "id"));
}

#[tokio::test]
async fn another_citizen_asking_for_the_ticket_is_told_it_was_not_found() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    let id = file_ticket(&app, 53).await;
    let text = app.say(54, &format!("/status {id}")).await.last().unwrap().text.clone();
    assert_eq!(text, f.message("status_not_found", "id"));
    assert!(!text.contains(&id));
}

#[tokio::test]
async fn the_status_menu_button_asks_for_the_number_then_answers() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    let id = file_ticket(&app, 55).await;
    let ask = app.say(55, &f.message("menu_status", "id")).await;
    assert_eq!(ask.last().unwrap().text, f.message("status_ask_id", "id"));
    let text = app.say(55, &id).await.last().unwrap().text.clone();
    assert!(text.contains(&id), "{text}");
}

#[tokio::test]
async fn a_mistyped_tracking_id_gets_a_hint_instead_of_someone_elses_ticket() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    let text = app.say(56, "/status PKL-123").await.last().unwrap().text.clone();
    assert_eq!(text, f.message("status_invalid_id", "id"));
}
