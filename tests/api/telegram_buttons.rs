//! A tapped inline button answers like the option typed: the citizen's dialog moves the same way, and
//! the tap itself is acknowledged (`answerCallbackQuery`), so the phone stops its spinner.
//!
//!   /start → welcome [Lapor] [Status] … · tap "Status" on the welcome → the same status prompt as typing
//!   "Status", and the callback query answered

use chrono::Utc;
use kentongan::channel::{Action, OutboundMessage};
use kentongan::domain::{Address, Channel};
use kentongan::outbound::Priority;
use serde_json::{Value, json};

use crate::dialog_file::DialogFile;
use crate::helpers::*;

/// A `callback_query` update: `chat` tapped the button carrying `data` on the bot's message `message_id`.
fn callback_update(update_id: u32, chat: i64, message_id: i64, query_id: &str, data: &str) -> Value {
    json!({"update_id": update_id, "callback_query": {
        "id": query_id,
        "from": {"id": chat, "is_bot": false, "first_name": "Warga"},
        "message": {"message_id": message_id, "date": 1_764_300_000,
            "chat": {"id": chat, "type": "private", "first_name": "Warga"}, "text": "menu"},
        "chat_instance": "instance-1",
        "data": data,
    }})
}

/// What a reply shows, whoever it went to.
fn shown(replies: &[Sent]) -> Vec<(String, Vec<String>, bool, bool)> {
    replies.iter().map(|s| (s.text.clone(), s.buttons.clone(), s.location_button, s.removes_keyboard)).collect()
}

async fn answered_queries(app: &TestApp) -> Vec<Value> {
    let requests = app.bot_api.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|r| r.url.path().to_lowercase().ends_with("/answercallbackquery"))
        .map(|r| serde_json::from_slice(&r.body).expect("answerCallbackQuery body is JSON"))
        .collect()
}

#[tokio::test]
async fn an_inline_button_tap_on_a_citizen_prompt_advances_the_dialog_exactly_as_typing_the_option_would() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    let (typing, tapping) = (7101, 7102);
    for chat in [typing, tapping] {
        let welcome = app.say(chat, "/start").await;
        assert_eq!(welcome.last().unwrap().buttons, f.menu("id"), "the welcome offers the menu");
    }
    let option = f.message("menu_status", "id");

    let typed = app.say(typing, &option).await;
    let tap = callback_update(app.next_update_id(), tapping, 41, "query-7102", &option);
    let tapped = app.exchange(tapping, &tap).await;

    assert!(!typed.is_empty(), "typing the option moves the dialog");
    assert_eq!(shown(&tapped), shown(&typed), "a tap answers exactly as the typed option");
    let answers = answered_queries(&app).await;
    assert_eq!(answers.len(), 1, "the tap is answered once: {answers:?}");
    assert_eq!(answers[0]["callback_query_id"], json!("query-7102"));
}

#[tokio::test]
async fn a_repeated_callback_query_is_answered_and_processed_once() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    let chat = 7103;
    app.say(chat, "/start").await;
    let tap = callback_update(app.next_update_id(), chat, 41, "query-7103", &f.message("menu_status", "id"));
    let first = app.exchange(chat, &tap).await;
    let again = app.exchange(chat, &tap).await;
    assert!(!first.is_empty());
    assert!(again.is_empty(), "a re-delivered update is a duplicate: {again:?}");
    assert_eq!(answered_queries(&app).await.len(), 1);
}

/// The requests the fake Bot API received on `method`, as JSON.
async fn calls(app: &TestApp, method: &str) -> Vec<Value> {
    let requests = app.bot_api.received_requests().await.unwrap_or_default();
    let suffix = format!("/{}", method.to_lowercase());
    requests
        .iter()
        .filter(|r| r.url.path().to_lowercase().ends_with(&suffix))
        .map(|r| serde_json::from_slice(&r.body).expect("a Bot API body is JSON"))
        .collect()
}

#[tokio::test]
async fn the_message_a_button_was_on_can_be_edited_in_text_and_in_buttons_through_the_outbox() {
    let app = spawn_app().await;
    let to = Address::new(Channel::Telegram, "7104");
    let edit = |action: Action, options: Vec<String>| OutboundMessage {
        options,
        action: Some(action),
        ..OutboundMessage::text(to.clone(), "Laporan PKL-ABC: diproses".into())
    };
    let now = Utc::now();
    let jobs = [
        kentongan::outbound::job(
            &edit(Action::EditText { message_id: "41".into() }, vec!["Tutup".into()]),
            "edit:1".into(),
            Priority::DialogReply,
            now,
        ),
        kentongan::outbound::job(
            &edit(Action::EditButtons { message_id: "41".into() }, vec![]),
            "edit:2".into(),
            Priority::DialogReply,
            now,
        ),
    ];
    app.store().hand_over(None, &jobs, now).await.unwrap();
    app.eventually(10, "both edits sent", || async {
        !calls(&app, "editMessageText").await.is_empty() && !calls(&app, "editMessageReplyMarkup").await.is_empty()
    })
    .await;
    let text = calls(&app, "editMessageText").await.remove(0);
    assert_eq!((text["chat_id"].clone(), text["message_id"].clone()), (json!(7104), json!(41)));
    assert_eq!(text["text"], json!("Laporan PKL-ABC: diproses"));
    let button = &text["reply_markup"]["inline_keyboard"][0][0];
    assert_eq!((button["text"].clone(), button["callback_data"].clone()), (json!("Tutup"), json!("Tutup")));
    let markup = calls(&app, "editMessageReplyMarkup").await.remove(0);
    assert_eq!(markup["message_id"], json!(41));
    assert_eq!(markup["reply_markup"]["inline_keyboard"], json!([]), "no options: the buttons are removed");
    assert!(calls(&app, "sendMessage").await.is_empty(), "an edit sends no new message");
}
