//! Provider timestamps are information; our clock decides what time an event, a report and its
//! history carry.

use chrono::{DateTime, Utc};
use kentongan::channel::sms::Provider;
use serde_json::json;

use crate::helpers::*;
use crate::sms_support::*;
use crate::telegram_dialog::tracking_id_in;

fn close_to_now(t: DateTime<Utc>) -> bool {
    (Utc::now() - t).num_seconds().abs() < 60
}

#[tokio::test]
async fn an_sms_whose_phone_clock_is_seven_hours_off_is_filed_at_our_time() {
    let app = spawn_sms_app(|_| {}).await;
    let phone = "+6281277770001";
    let mut body =
        android_body(&app.next_id(), phone, "LAPOR lampu jalan di Jalan Sulawesi mati total #Jl. Sulawesi 3");
    body["payload"]["receivedAt"] = (Utc::now() - chrono::Duration::hours(7)).to_rfc3339().into();
    let body = body.to_string();
    let url = format!("{}/sms/android/webhook", app.app.base);
    let resp = android_signed(app.app.client.post(url), &body, Utc::now().timestamp()).send().await.unwrap();
    assert!(resp.status().is_success());
    app.settle().await;
    let receipt = app.sms_to(Provider::Android, phone).await.join(" ");
    let id = tracking_id_in(&receipt).expect("filed in one SMS");
    let ticket = app.app.store().find_ticket(&id).await.unwrap().unwrap();
    assert!(close_to_now(ticket.created_at), "report time is ours: {}", ticket.created_at);
    assert!(ticket.history.iter().all(|h| close_to_now(h.at)), "history times are ours: {:?}", ticket.history);
}

#[tokio::test]
async fn a_telegram_message_dated_hours_ahead_of_our_clock_is_timed_by_our_clock() {
    let app = spawn_app().await;
    let mut update = text_update(app.next_update_id(), 6161, "/start", None);
    update["message"]["date"] = json!((Utc::now() + chrono::Duration::hours(7)).timestamp());
    assert_eq!(app.post_update(&update).await.status(), 200);
    app.settle().await;
    let pool = sqlx::SqlitePool::connect(&app.settings.database.url).await.unwrap();
    let stored: String = sqlx::query_scalar("SELECT received_at FROM inbound_events WHERE channel = 'telegram'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let stored = DateTime::parse_from_rfc3339(&stored).unwrap().to_utc();
    assert!(close_to_now(stored), "the event is timed when we received it: {stored}");
    assert_eq!(app.answers_to(6161).await.len(), 1, "and answered as usual (after the first-contact notice)");
}
