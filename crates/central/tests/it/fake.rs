//! The fake central itself: what the gateway's own tests rely on.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use kentongan_central::fake::FakeCentral;

async fn post(fake: &FakeCentral, key: Option<&str>, body: Value) -> (StatusCode, Value) {
    let mut req = reqwest::Client::new().post(format!("{}/tickets", fake.uri())).json(&body);
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    let resp = req.send().await.unwrap();
    (resp.status(), resp.json().await.unwrap())
}

#[tokio::test]
async fn the_fake_creates_once_per_idempotency_key_and_records_everything() {
    let fake = FakeCentral::start().await;
    let (first, a) = post(&fake, Some("k1"), json!({ "idempotency_key": "k1", "n": 1 })).await;
    let (again, b) = post(&fake, Some("k1"), json!({ "idempotency_key": "k1", "n": 2 })).await;
    let (other, c) = post(&fake, Some("k2"), json!({ "idempotency_key": "k2" })).await;
    assert_eq!((first, again, other), (StatusCode::CREATED, StatusCode::OK, StatusCode::CREATED));
    assert_eq!(a["central_id"], b["central_id"]);
    assert_ne!(a["central_id"], c["central_id"]);
    assert_eq!(fake.created_count(), 2);
    assert_eq!(fake.received_bodies().len(), 3);
    assert_eq!(fake.tickets()[0].body["n"], 1, "the first body is the ticket");
}

#[tokio::test]
async fn the_fake_rejects_creates_without_or_with_a_mismatched_key() {
    let fake = FakeCentral::start().await;
    assert_eq!(post(&fake, None, json!({ "idempotency_key": "k1" })).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(post(&fake, Some("k1"), json!({ "idempotency_key": "k2" })).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fake.created_count(), 0);
}

#[tokio::test]
async fn scripted_failures_come_first_in_order_with_retry_after_and_delay() {
    let fake = FakeCentral::start().await;
    fake.fail_next(vec![503, 429]);
    fake.set_retry_after(Some("7"));
    fake.set_delay(Some(Duration::from_millis(50)));
    let client = reqwest::Client::new();
    let mut seen = Vec::new();
    for _ in 0..3 {
        let resp = client.get(format!("{}/tickets/none", fake.uri())).send().await.unwrap();
        let retry_after = resp.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
        seen.push((resp.status().as_u16(), retry_after));
    }
    assert_eq!(seen, vec![(503, Some("7".into())), (429, Some("7".into())), (404, None)]);
    assert!(!fake.set_status("none", "selesai", None));
}
