//! After a kill -9: the restarted process takes its dead predecessor's claims back within seconds (not
//! after the 300-s lease), and every chat's messages still leave in order.

use std::time::{Duration, Instant};

use chrono::Utc;
use kentongan::app::Application;
use kentongan::domain::{Address, Channel};
use kentongan::outbound::{OutboundMessage, Priority};

use crate::helpers::*;

const CHATS: i64 = 20;

fn reply(chat: i64, text: String) -> OutboundMessage {
    OutboundMessage::text(Address::new(Channel::Telegram, chat.to_string()), text)
}

#[tokio::test]
async fn a_restarted_process_takes_back_a_killed_ones_sends_at_once_and_each_chat_gets_them_in_order() {
    let mut app = spawn_app().await;
    app.app.take().unwrap().shutdown().await;
    // The process about to be killed: it beats, queues three replies per chat, and claims the first
    // of each (a lease of 300 s) — then dies without a word.
    let killed = kentongan::store::connect(&app.settings.database.url, 2).await.unwrap();
    let now = Utc::now();
    killed.heartbeat(now, now + chrono::Duration::seconds(5)).await.unwrap();
    let mut jobs = Vec::new();
    for step in 1..=3 {
        for chat in 0..CHATS {
            let msg = reply(9000 + chat, format!("step {step}"));
            jobs.push(kentongan::outbound::job(&msg, format!("crash:{chat}:{step}"), Priority::DialogReply, now));
        }
    }
    killed.hand_over(None, &jobs, now).await.unwrap();
    let claimed = killed.claim_jobs("send.telegram", CHATS, now, now + chrono::Duration::seconds(300)).await.unwrap();
    assert_eq!(claimed.len(), CHATS as usize);
    assert!(claimed.iter().all(|j| j.payload["text"] == "step 1"), "the killed process held every first reply");
    drop(killed);

    let restarted = Instant::now();
    app.app = Some(Application::build(&app.settings).await.expect("app restarts"));
    app.eventually(15, "every reply sent", || async { app.sent().await.len() == 3 * CHATS as usize }).await;
    let took = restarted.elapsed();
    assert!(took < Duration::from_secs(10), "taken back in seconds, not after the lease: {took:?}");
    for chat in 0..CHATS {
        let texts: Vec<String> = app.sent_to(9000 + chat).await.into_iter().map(|s| s.text).collect();
        assert_eq!(texts, ["step 1", "step 2", "step 3"], "chat {chat} in order");
    }
    app.settle().await;
}

#[tokio::test]
async fn a_live_process_keeps_its_claims_and_its_chats_later_replies_wait_for_them() {
    let mut app = spawn_app().await;
    app.app.take().unwrap().shutdown().await;
    let other = kentongan::store::connect(&app.settings.database.url, 2).await.unwrap();
    let now = Utc::now();
    other.heartbeat(now, now + chrono::Duration::seconds(60)).await.unwrap();
    let first = kentongan::outbound::job(&reply(9100, "first".into()), "live:1".into(), Priority::DialogReply, now);
    other.hand_over(None, &[first], now).await.unwrap();
    let held = other.claim_jobs("send.telegram", 10, now, now + chrono::Duration::seconds(300)).await.unwrap();
    assert_eq!(held.len(), 1);
    app.app = Some(Application::build(&app.settings).await.expect("app starts"));
    let second = kentongan::outbound::job(&reply(9100, "second".into()), "live:2".into(), Priority::StatusPush, now);
    app.store().hand_over(None, &[second], now).await.unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(app.sent_to(9100).await.is_empty(), "the later message waits while a live process holds the earlier one");
    // The holder sends and records its job; the later one follows.
    other.complete_job(held[0].id, Utc::now()).await.unwrap();
    app.eventually(5, "the later message", || async { app.sent_to(9100).await.len() == 1 }).await;
    assert_eq!(app.sent_to(9100).await[0].text, "second");
}
