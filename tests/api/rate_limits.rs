//! Telegram's 429s through the send worker: one chat's limit pauses only that chat.

use std::time::{Duration, Instant};

use serde_json::json;
use wiremock::matchers::{body_partial_json, method, path_regex};
use wiremock::{Mock, ResponseTemplate};

use crate::helpers::*;

#[tokio::test]
async fn a_429_for_one_chat_pauses_that_chat_and_not_the_others() {
    let app = spawn_app().await;
    app.say(8080, "/start").await;
    // From now on chat 8080 is over its own limit: Telegram answers 429, retry after 5 s.
    Mock::given(method("POST"))
        .and(path_regex(r"(?i)^/bot[^/]+/sendmessage$"))
        .and(body_partial_json(json!({"chat_id": 8080})))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({"ok": false, "error_code": 429,
            "description": "Too Many Requests: retry after 5", "parameters": {"retry_after": 5}})))
        .with_priority(1)
        .mount(&app.bot_api)
        .await;
    assert_eq!(app.post_update(&text_update(app.next_update_id(), 8080, "halo", None)).await.status(), 200);
    app.eventually(5, "chat 8080 got its 429", || async {
        app.bot_api
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .filter(|r| serde_json::from_slice::<serde_json::Value>(&r.body).is_ok_and(|b| b["chat_id"] == 8080))
            .count()
            >= 2
    })
    .await;
    let start = Instant::now();
    for chat in [8081, 8082, 8083] {
        assert_eq!(app.post_update(&text_update(app.next_update_id(), chat, "/start", None)).await.status(), 200);
    }
    app.eventually(4, "the other chats are answered", || async {
        let mut all = true;
        for chat in [8081, 8082, 8083] {
            all &= app.answers_to(chat).await.len() == 1;
        }
        all
    })
    .await;
    assert!(start.elapsed() < Duration::from_secs(4), "not held for 8080's 5 s: {:?}", start.elapsed());
}
