//! Long polling (development): each polled update is stored and answered once, and the offset moves past it.
//! Webhook mode, by contrast, will not start without a secret.

use std::time::Duration;

use kentongan::app::Application;
use kentongan::config::TelegramMode;
use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::dialog_file::DialogFile;
use crate::helpers::*;

const GET_UPDATES: &str = r"(?i)^/bot[^/]+/getupdates$";

/// getUpdates hands out `update` once, then answers "nothing new" (after a short pause, so the loop does not spin).
async fn serve_one_update(bot_api: &MockServer, update: &Value) {
    Mock::given(method("POST"))
        .and(path_regex(GET_UPDATES))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": [update]})))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(bot_api)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(GET_UPDATES))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"ok": true, "result": []}))
                .set_delay(Duration::from_millis(50)),
        )
        .with_priority(5)
        .mount(bot_api)
        .await;
}

/// The `offset` of every getUpdates call so far, in order.
async fn polled_offsets(bot_api: &MockServer) -> Vec<i64> {
    let requests = bot_api.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|r| r.url.path().to_lowercase().ends_with("/getupdates"))
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).expect("getUpdates body is JSON");
            body["offset"].as_i64().unwrap_or(0)
        })
        .collect()
}

#[tokio::test]
async fn a_polled_update_is_answered_once_and_the_next_poll_asks_past_it() {
    let bot_api = fake_bot_api().await;
    let update_id = 4242;
    serve_one_update(&bot_api, &text_update(update_id, 515, "/start", None)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir, &bot_api);
    settings.telegram.mode = TelegramMode::Polling;
    settings.media.dir = dir.path().join("media");
    let app = spawn_with(settings, dir, bot_api).await;

    app.eventually(10, "the polled /start answered", || async { !app.sent_to(515).await.is_empty() }).await;
    app.eventually(10, "a second getUpdates", || async { polled_offsets(&app.bot_api).await.len() >= 3 }).await;
    app.settle().await;

    let sent = app.sent().await;
    assert_eq!(sent.len(), 2, "one update, its replies (the first-contact data notice, the welcome): {sent:?}");
    assert!(sent.iter().all(|s| s.chat_id == 515));
    assert_eq!(sent[0].text, DialogFile::load().message("privacy_notice", "id"));
    assert_eq!(sent[1].text, DialogFile::load().message("welcome", "id"));
    let offsets = polled_offsets(&app.bot_api).await;
    assert_eq!(offsets[1], i64::from(update_id) + 1, "the second poll asks past the update: {offsets:?}");
    assert!(offsets[1..].iter().all(|&o| o == i64::from(update_id) + 1), "the offset never goes back: {offsets:?}");
    assert_eq!(app.store().inbound_count().await.unwrap(), 1, "the update was stored once");
    let deleted = app.bot_api.received_requests().await.unwrap_or_default();
    assert!(
        deleted.iter().any(|r| r.url.path().to_lowercase().ends_with("/deletewebhook")),
        "polling clears the webhook first"
    );
}

#[tokio::test]
async fn webhook_mode_refuses_to_start_without_a_secret() {
    let bot_api = fake_bot_api().await;
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir, &bot_api);
    settings.telegram.mode = TelegramMode::Webhook;
    settings.telegram.webhook_secret = None;
    let Err(error) = Application::build(&settings).await else {
        panic!("webhook mode started without telegram.webhook_secret");
    };
    let message = format!("{error:#}");
    assert!(message.contains("telegram.webhook_secret"), "the error does not name the key: {message}");
}
