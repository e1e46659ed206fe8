//! Who can be reached: a blocked chat is marked (and its status push rerouted) in one write, and the
//! mark goes as soon as the citizen can be reached again.

use chrono::Utc;
use kentongan::domain::{Address, Channel};
use kentongan::store::{NOTIFY_JOB, NewJob};
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
        kind: NOTIFY_JOB.into(),
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
