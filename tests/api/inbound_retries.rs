//! A failing inbound event retries with backoff, then becomes a dead letter an operator sees and
//! replays; other chats never wait on it.

use std::sync::Arc;
use std::time::Duration;

use kentongan::domain::{Address, Channel};
use kentongan::inbox::{InboundRetry, Inbox};
use kentongan::store::{InboundBody, InboundEvent};
use tokio::sync::Notify;

use crate::helpers::*;

async fn damage_state(app: &TestApp, chat: i64) {
    let pool = sqlx::SqlitePool::connect(&app.settings.database.url).await.unwrap();
    sqlx::query("UPDATE conversations SET state = 'not json' WHERE address = ?")
        .bind(chat.to_string())
        .execute(&pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_chat_with_250_events_that_always_fail_holds_up_no_other_chat() {
    let app = spawn_app().await;
    app.say(101, "/start").await;
    damage_state(&app, 101).await;
    // More of the damaged chat's events than one inbox round reads.
    let posts = (0..250).map(|i| text_update(20_000 + i, 101, "halo", None));
    let answers = futures_util::future::join_all(posts.map(|u| {
        let app = &app;
        async move { app.post_update(&u).await.status() }
    }))
    .await;
    assert!(answers.iter().all(|s| *s == 200));
    for chat in [102, 103] {
        assert_eq!(app.post_update(&text_update(app.next_update_id(), chat, "/start", None)).await.status(), 200);
    }
    app.eventually(10, "the healthy chats are answered", || async {
        app.answers_to(102).await.len() == 1 && app.answers_to(103).await.len() == 1
    })
    .await;
    // The damaged chat's first event is being retried; none of its later events ran before it.
    let failing = app.store().failed_inbound(false, 10).await.unwrap();
    assert_eq!(failing.len(), 1, "{failing:?}");
    assert!(failing[0].retry_at.is_some() && failing[0].dead_at.is_none());
    assert_eq!(app.answers_to(101).await.len(), 1, "only the reply to /start before the damage");
}

/// An inbox of our own on the app's database, with a budget of three quick tries. The app's own inbox
/// worker is stopped first, so only this one works the events.
async fn quick_inbox(app: &mut TestApp) -> Inbox {
    app.app.take().unwrap().shutdown().await;
    let (dialogs, store) = kentongan::app::open_dialogs_and_store(&app.settings).await.unwrap();
    Inbox {
        store,
        channels: kentongan::app::channels(),
        dialogs,
        tz: app.settings.tz(),
        tracking_prefix: app.settings.tickets.prefix.clone(),
        sms_region: "ID".into(),
        wake: Arc::new(Notify::new()),
        wake_sender: Default::default(),
        wake_forward: Arc::new(Notify::new()),
        retry: InboundRetry { attempts: 3, first: Duration::from_millis(1), max: Duration::from_millis(1) },
        admin_texts: kentongan::app::admin_texts(&app.settings).unwrap(),
    }
}

fn text_event(chat: &str, id: &str, text: &str) -> InboundEvent {
    InboundEvent {
        address: Address::new(Channel::Telegram, chat),
        external_id: id.into(),
        body: InboundBody::Text { text: text.into() },
        lang_hint: None,
        received_at: chrono::Utc::now(),
        via: None,
    }
}

fn kentongan(app: &TestApp, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kentongan"))
        .current_dir(app._dir.path())
        .env_remove("RUST_LOG")
        .env("KENTONGAN_DATABASE__URL", &app.settings.database.url)
        .args(args)
        .output()
        .unwrap()
}

#[tokio::test]
async fn an_event_that_keeps_failing_becomes_a_dead_letter_an_operator_lists_and_replays() {
    let mut app = spawn_app().await;
    app.say(7070, "/start").await;
    let inbox = quick_inbox(&mut app).await;
    damage_state(&app, 7070).await;
    inbox.accept(&text_event("7070", "dead-1", "halo")).await.unwrap();
    for _ in 0..50 {
        inbox.drain().await.unwrap();
        if !inbox.store.failed_inbound(true, 10).await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let dead = inbox.store.failed_inbound(true, 10).await.unwrap();
    assert_eq!(dead.len(), 1, "dead after its budget: {dead:?}");
    assert_eq!(dead[0].attempts, 3);
    assert!(inbox.store.pending_inbound(10).await.unwrap().is_empty(), "a dead letter is not pending any more");

    let listed = kentongan(&app, &["inbox", "list", "--dead"]);
    let out = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.status.success(), "{listed:?}");
    assert!(out.contains(&dead[0].id.to_string()) && out.contains("dead") && out.contains("unreadable"), "{out}");
    assert!(!out.contains("7070") && !out.contains("halo"), "no chat id, no text: {out}");

    let refused = kentongan(&app, &["inbox", "retry", "999999"]);
    assert!(!refused.status.success(), "retrying what is not a dead letter fails");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not a dead letter"));

    // The operator repairs the conversation and replays the event.
    let pool = sqlx::SqlitePool::connect(&app.settings.database.url).await.unwrap();
    sqlx::query("DELETE FROM conversations WHERE address = '7070'").execute(&pool).await.unwrap();
    let replayed = kentongan(&app, &["inbox", "retry", &dead[0].id.to_string()]);
    assert!(replayed.status.success(), "{replayed:?}");
    assert!(String::from_utf8_lossy(&replayed.stdout).contains("1 dead letter(s) back"));
    assert_eq!(inbox.drain().await.unwrap(), 1);
    assert!(inbox.store.failed_inbound(false, 10).await.unwrap().is_empty(), "processed at last");
    assert!(inbox.store.outbox_counts("send.telegram").await.unwrap().pending >= 1, "and answered");
}
