//! What a send leaves in the database: the intent before the Bot API call, the outcome with Telegram's
//! message id after it. A confirmed send is never sent again; only a crash between the call and its
//! record repeats a message, once, and is counted.

use std::time::Duration;

use chrono::Utc;
use kentongan::app::Application;
use kentongan::domain::{Address, Channel};
use kentongan::outbound::{OutboundMessage, Priority};

use crate::helpers::*;

async fn raw(app: &TestApp) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&app.settings.database.url).await.unwrap()
}

fn reply(chat: i64, text: &str) -> OutboundMessage {
    OutboundMessage::text(Address::new(Channel::Telegram, chat.to_string()), text.into())
}

#[tokio::test]
async fn a_sent_reply_whose_record_fails_is_recorded_later_with_its_message_id_and_never_sent_twice() {
    let app = spawn_app().await;
    let pool = raw(&app).await;
    // First contact (data notice and welcome) done and recorded before the trouble starts.
    app.say(6262, "/start").await;
    let before = app.sent_to(6262).await.len();
    // The database refuses to mark send jobs done for a while (a full disk, a locked file).
    sqlx::raw_sql(
        "CREATE TRIGGER no_done BEFORE UPDATE OF state ON outbox
         WHEN NEW.state = 'done' AND OLD.kind = 'send.telegram'
         BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END",
    )
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(app.post_update(&text_update(app.next_update_id(), 6262, "/start", None)).await.status(), 200);
    app.eventually(10, "the reply is sent", || async { app.sent_to(6262).await.len() == before + 1 }).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let state: String =
        sqlx::query_scalar("SELECT state FROM outbox WHERE kind = 'send.telegram' ORDER BY id DESC LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(state, "running", "not recorded yet, and not handed back either");
    sqlx::raw_sql("DROP TRIGGER no_done").execute(&pool).await.unwrap();
    app.settle().await;
    let (state, sent_ref): (String, Option<String>) =
        sqlx::query_as("SELECT state, sent_ref FROM outbox WHERE kind = 'send.telegram' ORDER BY id DESC LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((state.as_str(), sent_ref.as_deref()), ("done", Some("1")), "recorded with Telegram's message_id");
    assert_eq!(app.sent_to(6262).await.len(), before + 1, "sent once");
}

#[tokio::test]
async fn a_crash_between_a_send_and_its_record_repeats_that_message_once_and_counts_it() {
    let mut app = spawn_app().await;
    app.app.take().unwrap().shutdown().await;
    let killed = kentongan::store::connect(&app.settings.database.url, 2).await.unwrap();
    let now = Utc::now();
    killed.heartbeat(now, now + chrono::Duration::seconds(5)).await.unwrap();
    let jobs = [
        kentongan::outbound::job(&reply(6363, "mid-send"), "window:1".into(), Priority::DialogReply, now),
        kentongan::outbound::job(&reply(6464, "only claimed"), "window:2".into(), Priority::DialogReply, now),
    ];
    killed.hand_over(None, &jobs, now).await.unwrap();
    let claimed = killed.claim_jobs("send.telegram", 10, now, now + chrono::Duration::seconds(300)).await.unwrap();
    assert_eq!(claimed.len(), 2);
    // The first had its intent recorded — it may have reached Telegram — and then the process died.
    let first = claimed.iter().find(|j| j.dedupe_key == "window:1").unwrap().id;
    assert_eq!(killed.begin_sends(&[first], now).await.unwrap(), [first]);
    drop(killed);

    let restarted = Application::build(&app.settings).await.expect("app restarts");
    app.base = format!("http://127.0.0.1:{}", restarted.port());
    app.app = Some(restarted);
    app.eventually(15, "both sent", || async {
        app.sent_to(6363).await.len() == 1 && app.sent_to(6464).await.len() == 1
    })
    .await;
    let metrics = app.client.get(format!("{}/metrics", app.base)).send().await.unwrap().text().await.unwrap();
    let counted = metrics
        .lines()
        .find(|l| l.starts_with("kentongan_send_maybe_repeated_total{kind=\"send.telegram\"}"))
        .unwrap_or_else(|| panic!("counted:\n{metrics}"));
    assert!(counted.ends_with(" 1"), "only the send cut short by the crash counts: {counted}");
    app.settle().await;
}
