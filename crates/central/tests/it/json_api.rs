//! The `json` adapter against the fake central (and plain wiremock for odd answers).

use std::time::{Duration, Instant};

use kentongan_central::fake::FakeCentral;
use kentongan_central::{CentralApi, Created, JsonApi};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{DESCRIPTION, PHONE, anonymous_ticket, expect_permanent, expect_retryable, short_timeout, ticket};

fn api(uri: &str) -> JsonApi {
    JsonApi::new(uri, Some("token-rahasia".into()), short_timeout()).unwrap()
}

#[tokio::test]
async fn a_ticket_is_created_and_the_central_receives_exactly_the_documented_body() {
    let fake = FakeCentral::start().await;
    let created = api(&fake.uri()).create(&ticket()).await.unwrap();
    let Created::Done { central_id, tracking_url } = created else { panic!("{created:?}") };
    assert_eq!(central_id, "LPR-000001");
    assert_eq!(tracking_url, Some(format!("{}/lacak/LPR-000001", fake.uri())));
    let expected = json!({
        "idempotency_key": "0b5e2f4c-6c1e-4a53-9d43-2f1c7a9e8b10",
        "tracking_id": "KTG-2611-0042",
        "type": "pengaduan",
        "title": "Jalan di Jl. Sriwijaya depan SD 3 berlubang besar",
        "description": DESCRIPTION,
        "occurred_at": "2026-11-20",
        "location": { "lat": -6.8886, "lon": 109.6753, "address": "Jl. Sriwijaya No. 12, Pekalongan Barat" },
        "opd_code": "DPUPR",
        "privacy": { "anonymous": false, "confidential": false },
        "reporter": { "name": "Siti Aminah Rahayu", "phone": PHONE, "channel": "telegram" },
        "attachments": [
            { "url": "https://kentongan.example/media/abc123", "mime": "image/jpeg" },
            { "url": "https://kentongan.example/media/def456", "mime": "image/png" }
        ]
    });
    assert_eq!(fake.received_bodies(), vec![expected]);
}

#[tokio::test]
async fn every_request_carries_the_bearer_token_user_agent_and_idempotency_key() {
    let fake = FakeCentral::start().await;
    fake.require_bearer(Some("token-rahasia"));
    let api = api(&fake.uri());
    let Created::Done { central_id, .. } = api.create(&ticket()).await.unwrap() else { panic!() };
    api.status(&central_id).await.unwrap();
    let received = fake.received();
    assert_eq!(received.len(), 2);
    for r in &received {
        assert_eq!(r.authorization.as_deref(), Some("Bearer token-rahasia"));
        assert_eq!(r.user_agent.as_deref(), Some(concat!("kentongan/", env!("CARGO_PKG_VERSION"))));
    }
    assert_eq!(received[0].idempotency_key.as_deref(), Some("0b5e2f4c-6c1e-4a53-9d43-2f1c7a9e8b10"));
}

#[tokio::test]
async fn a_wrong_bearer_token_is_permanent() {
    let fake = FakeCentral::start().await;
    fake.require_bearer(Some("yang-benar"));
    let reason = expect_permanent(api(&fake.uri()).create(&ticket()).await);
    assert!(reason.contains("401"), "{reason}");
    assert_eq!(fake.created_count(), 0);
}

#[tokio::test]
async fn an_anonymous_ticket_sends_no_reporter_to_the_json_central() {
    let fake = FakeCentral::start().await;
    api(&fake.uri()).create(&anonymous_ticket()).await.unwrap();
    let body = &fake.received_bodies()[0];
    assert!(body.get("reporter").is_none(), "{body}");
    assert_eq!(body["privacy"], json!({ "anonymous": true, "confidential": true }));
    assert!(!body.to_string().contains(PHONE) && !body.to_string().contains("Siti"));
}

#[tokio::test]
async fn three_server_errors_then_success_leave_exactly_one_ticket_at_the_central() {
    let fake = FakeCentral::start().await;
    fake.fail_next(vec![500, 500, 500]);
    let api = api(&fake.uri());
    for _ in 0..3 {
        expect_retryable(api.create(&ticket()).await);
    }
    let first = api.create(&ticket()).await.unwrap();
    // The worker may retry once more after losing the answer: still the same ticket.
    assert_eq!(api.create(&ticket()).await.unwrap(), first);
    assert_eq!(fake.created_count(), 1);
    let keys: Vec<_> = fake.received().into_iter().map(|r| (r.idempotency_key, r.answered)).collect();
    let key = Some(ticket().id.to_string());
    assert_eq!(keys, vec![(key.clone(), 500), (key.clone(), 500), (key.clone(), 500), (key.clone(), 201), (key, 200)]);
}

#[tokio::test]
async fn a_429_with_retry_after_two_is_retryable_after_two_seconds() {
    let fake = FakeCentral::start().await;
    fake.fail_next(vec![429]);
    fake.set_retry_after(Some("2"));
    let (reason, retry_after) = expect_retryable(api(&fake.uri()).create(&ticket()).await);
    assert_eq!(retry_after, Some(Duration::from_secs(2)));
    assert!(reason.contains("429"), "{reason}");
}

#[tokio::test]
async fn a_503_with_an_http_date_retry_after_is_honoured() {
    let fake = FakeCentral::start().await;
    fake.fail_next(vec![503]);
    let later = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(90));
    fake.set_retry_after(Some(&later));
    let (_, retry_after) = expect_retryable(api(&fake.uri()).create(&ticket()).await);
    let retry_after = retry_after.expect("Retry-After honoured");
    assert!(retry_after > Duration::from_secs(80) && retry_after <= Duration::from_secs(90), "{retry_after:?}");
}

#[tokio::test]
async fn a_hung_central_is_retryable_after_the_timeout() {
    let fake = FakeCentral::start().await;
    fake.set_delay(Some(Duration::from_secs(5)));
    let started = Instant::now();
    let (reason, _) = expect_retryable(api(&fake.uri()).create(&ticket()).await);
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert!(reason.contains("timed out"), "{reason}");
}

#[tokio::test]
async fn a_refused_connection_is_retryable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let (reason, _) = expect_retryable(api(&uri).create(&ticket()).await);
    assert!(reason.contains("json create"), "{reason}");
}

#[tokio::test]
async fn a_rejected_ticket_is_permanent_with_the_centrals_message() {
    let server = MockServer::builder().start().await;
    let body = json!({ "error": "unknown_opd", "message": "opd_code DPUPR tidak dikenal" });
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(422).set_body_json(body)).mount(&server).await;
    let reason = expect_permanent(api(&server.uri()).create(&ticket()).await);
    assert_eq!(reason, "json create: HTTP 422: opd_code DPUPR tidak dikenal");
}

#[tokio::test]
async fn an_unreadable_success_is_retryable_and_a_numeric_id_is_accepted() {
    let server = MockServer::builder().start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_string("<html>OK</html>"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "central_id": 98765 })))
        .mount(&server)
        .await;
    let api = api(&server.uri());
    expect_retryable(api.create(&ticket()).await);
    let created = api.create(&ticket()).await.unwrap();
    assert_eq!(created, Created::Done { central_id: "98765".into(), tracking_url: None });
}

#[tokio::test]
async fn a_conflict_naming_the_existing_ticket_counts_as_created() {
    let server = MockServer::builder().start().await;
    let body = json!({ "central_id": "LPR-7", "message": "duplicate idempotency key" });
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(409).set_body_json(body)).mount(&server).await;
    let created = api(&server.uri()).create(&ticket()).await.unwrap();
    assert_eq!(created, Created::Done { central_id: "LPR-7".into(), tracking_url: None });
}

#[tokio::test]
async fn the_status_set_at_the_central_is_read_back() {
    let fake = FakeCentral::start().await;
    let api = api(&fake.uri());
    let Created::Done { central_id, .. } = api.create(&ticket()).await.unwrap() else { panic!() };
    assert!(fake.set_status(&central_id, "tindak_lanjut", Some("Lubang sudah ditambal tanggal 25.")));
    let status = api.status(&central_id).await.unwrap();
    assert_eq!(status.status, "tindak_lanjut");
    assert_eq!(status.response_text.as_deref(), Some("Lubang sudah ditambal tanggal 25."));
    assert!(status.updated_at.is_some());
}

#[tokio::test]
async fn an_unknown_ticket_is_permanent_and_ids_are_escaped_in_the_path() {
    let server = MockServer::builder().start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/tickets/a%2Fb"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no such ticket" })))
        .mount(&server)
        .await;
    let api = api(&format!("{}/api/v1/", server.uri()));
    let reason = expect_permanent(api.status("a/b").await);
    assert_eq!(reason, "json status: HTTP 404: no such ticket");
}

#[tokio::test]
async fn the_json_adapter_issues_no_tokens() {
    let fake = FakeCentral::start().await;
    let api = api(&fake.uri());
    assert_eq!(api.name(), "json");
    expect_permanent(api.resolve_token("tok").await);
    assert!(JsonApi::new("not a url", None, short_timeout()).is_err());
}
