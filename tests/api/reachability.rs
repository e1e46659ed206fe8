//! Who can be reached: a blocked chat is marked (and its status push rerouted) in one write, and the
//! mark goes as soon as the citizen can be reached again.

use chrono::Utc;
use kentongan::domain::{Address, Channel};
use kentongan::jobs::{BackgroundJob, StatusChanged};
use kentongan::store::NewJob;
use serde_json::json;

use crate::helpers::*;

fn send_job(key: &str, chat: i64) -> NewJob {
    NewJob {
        kind: "send.nobody".into(),
        dedupe_key: key.into(),
        payload: json!({"to": {"channel": "telegram", "id": chat.to_string()}, "text": "x", "options": []}),
        priority: 2,
        run_at: Utc::now(),
    }
}

fn reroute(key: &str) -> NewJob {
    NewJob {
        kind: StatusChanged::KIND.into(),
        dedupe_key: format!("reroute:{key}"),
        payload: json!({"ticket_id": uuid::Uuid::new_v4(), "status": "diproses", "note": null}),
        priority: 0,
        run_at: Utc::now(),
    }
}

#[tokio::test]
async fn a_crash_while_a_blocked_push_is_rerouted_leaves_nothing_half_done() {
    let app = spawn_app().await;
    let store = app.store();
    let chat = Address::new(Channel::Telegram, "5151");
    store.hand_over(None, &[send_job("push:a", 5151)], Utc::now()).await.unwrap();
    let now = Utc::now();
    let job = store.claim_jobs("send.nobody", 1, now, now + chrono::Duration::seconds(60)).await.unwrap().remove(0);
    // The third write (queueing the reroute) fails, as a crash right before it would leave things.
    let pool = sqlx::SqlitePool::connect(&app.settings.database.url).await.unwrap();
    sqlx::raw_sql(
        "CREATE TRIGGER no_reroute BEFORE INSERT ON outbox WHEN NEW.dedupe_key LIKE 'reroute:%'
         BEGIN SELECT RAISE(ABORT, 'simulated crash'); END",
    )
    .execute(&pool)
    .await
    .unwrap();
    let result = store.recipient_unreachable(job.id, &chat, "blocked", Some(&reroute("push:a")), now).await;
    assert!(result.is_err(), "the write failed as arranged");
    assert!(!store.is_unreachable(&chat).await.unwrap(), "no mark without its reroute");
    let row = store.find_job("push:a").await.unwrap().unwrap();
    assert_eq!(row.state, "running", "the push is not dead without its reroute: it will be sent again");
    // Once the database takes writes again, all three happen together.
    sqlx::raw_sql("DROP TRIGGER no_reroute").execute(&pool).await.unwrap();
    store.recipient_unreachable(job.id, &chat, "blocked", Some(&reroute("push:a")), now).await.unwrap();
    assert!(store.is_unreachable(&chat).await.unwrap());
    assert_eq!(store.find_job("push:a").await.unwrap().unwrap().state, "dead");
    assert!(store.find_job("reroute:push:a").await.unwrap().is_some(), "the push is queued to go another way");
}

fn membership_update(update_id: u32, chat: i64, old: &str, new: &str) -> serde_json::Value {
    let bot = json!({"id": 999_001, "is_bot": true, "first_name": "Kentongan"});
    let member = |status: &str| match status {
        "kicked" => json!({"user": bot, "status": "kicked", "until_date": 0}),
        other => json!({"user": bot, "status": other}),
    };
    json!({"update_id": update_id, "my_chat_member": {
        "chat": {"id": chat, "type": "private", "first_name": "Warga"},
        "from": {"id": chat, "is_bot": false, "first_name": "Warga"},
        "date": 1_764_300_000,
        "old_chat_member": member(old),
        "new_chat_member": member(new)}})
}

/// Queues a status change of the ticket `tracking` for its reporter and waits until the push has left
/// or been dropped.
async fn push_status(app: &TestApp, tracking: &str, n: usize) {
    let store = app.store();
    let ticket = store.ticket_record(tracking).await.unwrap().unwrap().ticket;
    let job = NewJob {
        kind: StatusChanged::KIND.into(),
        dedupe_key: format!("notify:test:{}:{n}", ticket.id),
        payload: json!({"ticket_id": ticket.id, "status": "diproses", "note": null}),
        priority: 0,
        run_at: Utc::now(),
    };
    store.hand_over(None, &[job], Utc::now()).await.unwrap();
    app.eventually(10, "the push is handled", || async {
        store.outbox_counts(StatusChanged::KIND).await.unwrap().pending == 0
            && store.outbox_counts(StatusChanged::KIND).await.unwrap().running == 0
    })
    .await;
    app.settle().await;
}

#[tokio::test]
async fn a_citizen_who_writes_again_after_blocking_the_bot_gets_status_pushes_again() {
    let app = spawn_app().await;
    let chat = 5252;
    let tracking = app.file_ticket(chat, "lampu PJU di Jalan Hayam Wuruk mati sejak seminggu", 0).await;
    let address = Address::new(Channel::Telegram, chat.to_string());
    // A push found the chat blocked (403) some time ago.
    app.store().mark_unreachable(&address, "blocked or deactivated", Utc::now()).await.unwrap();
    let before = app.sent_to(chat).await.len();
    push_status(&app, &tracking, 1).await;
    assert_eq!(app.sent_to(chat).await.len(), before, "no push to a chat marked unreachable");
    // They unblocked the bot and write: that alone proves they can be reached.
    app.say(chat, "/start").await;
    assert!(!app.store().is_unreachable(&address).await.unwrap(), "the mark is gone");
    let before = app.sent_to(chat).await.len();
    push_status(&app, &tracking, 2).await;
    let pushes = app.sent_to(chat).await.split_off(before);
    assert_eq!(pushes.len(), 1, "the next status change reaches them: {pushes:?}");
    assert!(pushes[0].text.contains(&tracking));
}

#[tokio::test]
async fn unblocking_the_bot_clears_the_unreachable_mark_and_blocking_it_sets_one() {
    let app = spawn_app().await;
    let chat = 5353;
    let address = Address::new(Channel::Telegram, chat.to_string());
    let blocked = membership_update(app.next_update_id(), chat, "member", "kicked");
    assert_eq!(app.post_update(&blocked).await.status(), 200);
    app.settle().await;
    assert!(app.store().is_unreachable(&address).await.unwrap(), "blocking the bot marks the chat at once");
    let unblocked = membership_update(app.next_update_id(), chat, "kicked", "member");
    assert_eq!(app.post_update(&unblocked).await.status(), 200);
    app.settle().await;
    assert!(!app.store().is_unreachable(&address).await.unwrap(), "unblocking clears the mark");
    assert!(app.sent_to(chat).await.is_empty(), "a membership change is not answered");
    let conversation = app.store().load_conversation(&address).await.unwrap();
    assert!(conversation.is_none(), "and starts no conversation");
}

#[tokio::test]
async fn a_membership_change_in_a_group_changes_nothing() {
    let app = spawn_app().await;
    let mut update = membership_update(app.next_update_id(), -700, "left", "member");
    update["my_chat_member"]["chat"] = json!({"id": -700, "type": "group", "title": "RT 05"});
    assert_eq!(app.post_update(&update).await.status(), 200);
    app.settle().await;
    assert_eq!(app.store().inbound_count().await.unwrap(), 0);
}
