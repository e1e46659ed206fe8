//! The webhook's promise: a 200 means stored once; anything else means nothing changed.

use serde_json::json;

use crate::helpers::*;

async fn nothing_stored(app: &TestApp) {
    app.settle().await;
    assert_eq!(app.store().inbound_count().await.unwrap(), 0, "no inbound event stored");
    assert!(app.sent().await.is_empty(), "no message sent");
}

#[tokio::test]
async fn an_update_with_a_wrong_or_missing_secret_is_refused_with_401_and_nothing_is_stored() {
    let app = spawn_app().await;
    let update = text_update(1, 42, "/start", None).to_string();
    assert_eq!(app.post_raw(update.clone(), Some("wrong-secret")).await.status(), 401);
    assert_eq!(app.post_raw(update.clone(), None).await.status(), 401);
    assert_eq!(app.post_raw(update, Some(&SECRET[..SECRET.len() - 1])).await.status(), 401);
    nothing_stored(&app).await;
}

#[tokio::test]
async fn malformed_json_is_refused_with_400_and_a_reason_and_nothing_is_stored() {
    let app = spawn_app().await;
    for body in ["{not json", "", "[]", r#"{"update_id": "x"}"#, r#"{"message": {}}"#] {
        let resp = app.post_raw(body.to_string(), Some(SECRET)).await;
        assert_eq!(resp.status(), 400, "body {body:?}");
        assert!(resp.text().await.unwrap().contains("not a Telegram update"));
    }
    nothing_stored(&app).await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413() {
    let app = spawn_app().await;
    let huge = "x".repeat(app.settings.server.body_limit_bytes + 1);
    let update = text_update(1, 42, &huge, None).to_string();
    assert_eq!(app.post_raw(update, Some(SECRET)).await.status(), 413);
    nothing_stored(&app).await;
}

#[tokio::test]
async fn update_kinds_the_bot_does_not_use_are_acknowledged_without_a_crash_or_a_reply() {
    let app = spawn_app().await;
    let msg =
        json!({"message_id": 1, "date": 1, "chat": {"id": 42, "type": "private", "first_name": "A"}, "text": "hi"});
    let channel_msg =
        json!({"message_id": 1, "date": 1, "chat": {"id": -100, "type": "channel", "title": "C"}, "text": "hi"});
    let updates = [
        json!({"update_id": 1, "edited_message": msg}),
        json!({"update_id": 2, "channel_post": channel_msg}),
        json!({"update_id": 3, "poll": {"id": "p", "question": "q", "options": [], "total_voter_count": 0,
            "is_closed": false, "is_anonymous": true, "type": "regular", "allows_multiple_answers": false}}),
        json!({"update_id": 4, "brand_new_kind": {"x": 1}}),
        json!({"update_id": 5, "callback_query": {"id": "c", "from": {"id": 42, "is_bot": false, "first_name": "A"},
            "chat_instance": "ci", "data": "x"}}),
    ];
    for update in &updates {
        assert_eq!(app.post_update(update).await.status(), 200, "{update}");
    }
    nothing_stored(&app).await;
    // The gateway still serves a normal conversation afterwards.
    assert!(!app.say(42, "/start").await.is_empty());
}

#[tokio::test]
async fn a_sticker_gets_a_polite_answer_instead_of_a_crash() {
    let app = spawn_app().await;
    app.say(42, "/start").await;
    let replies = app.exchange(42, &sticker_update(app.next_update_id(), 42)).await;
    assert_eq!(replies.len(), 1, "one polite answer: {replies:?}");
    assert!(!replies[0].text.is_empty());
}

#[tokio::test]
async fn a_message_in_a_group_gets_one_polite_answer_and_starts_no_conversation() {
    let app = spawn_app().await;
    let update = json!({"update_id": 9, "message": {"message_id": 1, "date": 1,
        "chat": {"id": -500, "type": "group", "title": "RT 05"},
        "from": {"id": 42, "is_bot": false, "first_name": "A"}, "text": "/start"}});
    let replies = app.exchange(-500, &update).await;
    assert_eq!(replies.len(), 1);
    let address = kentongan::domain::Address::new(kentongan::domain::Channel::Telegram, "-500");
    assert!(app.store().load_conversation(&address).await.unwrap().is_none());
}

#[tokio::test]
async fn the_same_update_delivered_three_times_has_one_effect() {
    let app = spawn_app().await;
    let update = text_update(77, 42, "/start", None);
    for _ in 0..3 {
        assert_eq!(app.post_update(&update).await.status(), 200);
    }
    app.settle().await;
    assert_eq!(app.store().inbound_count().await.unwrap(), 1);
    let once = app.sent_to(42).await.len();
    assert!(once >= 1);
    // Delivered again later, after processing: still acknowledged, still no new effect.
    assert_eq!(app.post_update(&update).await.status(), 200);
    app.settle().await;
    assert_eq!(app.sent_to(42).await.len(), once);
}

#[tokio::test]
async fn a_photo_keeps_the_largest_size_file_id() {
    let update = photo_update(5, 42, "pic");
    // From bytes, as the webhook reads it (teloxide borrows strings while deserialising).
    let parsed: teloxide::types::Update = serde_json::from_slice(update.to_string().as_bytes()).unwrap();
    match kentongan::channel::telegram::inbound::translate(&parsed, chrono::Utc::now()) {
        kentongan::channel::telegram::inbound::Translated::Event(e) => {
            assert_eq!(e.body, kentongan::store::InboundBody::Photo { file_id: "pic-large".into() });
        }
        other => panic!("photo not translated: {other:?}"),
    }
}

#[tokio::test]
async fn old_sent_messages_and_processed_events_are_purged_but_tickets_and_dead_letters_stay() {
    let app = spawn_app().await;
    let tracking = app.file_ticket(43, "lampu PJU di Jalan Hayam Wuruk mati sejak seminggu", 0).await;
    let store = app.store();
    assert!(store.inbound_count().await.unwrap() > 0);
    // Nothing is old yet.
    assert_eq!(store.purge_before(chrono::Utc::now() - chrono::Duration::days(30)).await.unwrap(), 0);
    let purged = store.purge_before(chrono::Utc::now() + chrono::Duration::seconds(1)).await.unwrap();
    assert!(purged > 0);
    assert_eq!(store.inbound_count().await.unwrap(), 0, "processed events (message text) are gone");
    assert_eq!(store.outbox_counts("send.telegram").await.unwrap().done, 0);
    assert!(store.ticket_record(&tracking).await.unwrap().is_some(), "the ticket stays");
    assert_eq!(store.outbox_counts("forward").await.unwrap().pending, 1, "unfinished jobs stay");
}

#[tokio::test]
async fn a_crowd_of_concurrent_deliveries_with_duplicates_is_stored_once_each_and_answered_once_each() {
    // Each delivery is answered only after its event is stored; a duplicate racing its original is one.
    let app = spawn_app().await;
    let posts = (0..120u32).flat_map(|i| {
        let update = text_update(50_000 + i, 90_000 + i64::from(i), "/start", None);
        [update.clone(), update]
    });
    let answers = futures_util::future::join_all(posts.map(|u| {
        let app = &app;
        async move { app.post_update(&u).await.status() }
    }))
    .await;
    assert!(answers.iter().all(|s| *s == 200), "every delivery acknowledged: {answers:?}");
    assert_eq!(app.store().inbound_count().await.unwrap(), 120, "each update stored once");
    app.settle().await;
    let notice = crate::dialog_file::DialogFile::load().message("privacy_notice", "id");
    for chat in [90_000, 90_057, 90_119] {
        let answers: Vec<_> = app.sent_to(chat).await.into_iter().filter(|s| s.text != notice).collect();
        assert_eq!(answers.len(), 1, "chat {chat} answered once (after the first-contact data notice)");
    }
}

#[tokio::test]
async fn a_chat_whose_stored_state_is_unreadable_does_not_hold_up_other_chats() {
    let app = spawn_app().await;
    app.say(101, "/start").await;
    // Damage chat 101's saved conversation behind the gateway's back.
    let pool = sqlx::SqlitePool::connect(&app.settings.database.url).await.unwrap();
    sqlx::query("UPDATE conversations SET state = 'not json' WHERE address = '101'").execute(&pool).await.unwrap();
    for (chat, id) in [(101, 7001), (102, 7002), (103, 7003)] {
        assert_eq!(app.post_update(&text_update(id, chat, "/start", None)).await.status(), 200);
    }
    app.eventually(10, "the healthy chats are answered", || async {
        app.answers_to(102).await.len() == 1 && app.answers_to(103).await.len() == 1
    })
    .await;
    let pending = app.store().pending_inbound(10).await.unwrap();
    assert_eq!(pending.len(), 1, "only the damaged chat's event waits");
    assert_eq!(pending[0].event.address.id, "101");
}
