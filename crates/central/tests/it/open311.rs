//! The `open311` adapter: the form it posts, idempotent retries, the token flow, status reads and
//! failure classification. Deviations of real servers are in `open311_deviations`.

use std::time::{Duration, Instant};

use kentongan_central::fake::open311::{mount_open311, received_forms};
use kentongan_central::{CentralApi, Created, ForwardTicket, Open311Api, Open311Config};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{DESCRIPTION, PHONE, anonymous_ticket, expect_permanent, expect_retryable, short_timeout, ticket};

pub(crate) fn config(uri: &str) -> Open311Config {
    Open311Config {
        base_url: uri.to_string(),
        api_key: Some("kunci-311".into()),
        timeout: short_timeout(),
        ..Open311Config::default()
    }
}

pub(crate) fn api(uri: &str) -> Open311Api {
    Open311Api::new(config(uri)).unwrap()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

pub(crate) async fn answer_create(server: &MockServer, body: ResponseTemplate) {
    Mock::given(method("POST")).and(path("/requests.json")).respond_with(body).mount(server).await;
}

pub(crate) async fn create_with(answer: ResponseTemplate) -> Result<Created, kentongan_central::ForwardError> {
    let server = MockServer::builder().start().await;
    answer_create(&server, answer).await;
    api(&server.uri()).create(&ticket()).await
}

#[tokio::test]
async fn a_ticket_is_posted_to_open311_with_exactly_the_documented_fields() {
    let server = MockServer::builder().start().await;
    mount_open311(&server, "311-4711", None).await;
    let created = api(&server.uri()).create(&ticket()).await.unwrap();
    assert_eq!(created, Created::Done { central_id: "311-4711".into(), tracking_url: None });
    let description = format!("{DESCRIPTION}\n\n—\nNo. laporan: KTG-2611-0042\nTanggal kejadian: 2026-11-20");
    let expected = pairs(&[
        ("api_key", "kunci-311"),
        ("service_code", "DPUPR-JALAN"),
        ("description", &description),
        ("lat", "-6.8886"),
        ("long", "109.6753"),
        ("address_string", "Jl. Sriwijaya No. 12, Pekalongan Barat"),
        ("media_url", "https://kentongan.example/media/abc123"),
        ("attribute[report_type]", "pengaduan"),
        ("attribute[anonymous]", "false"),
        ("attribute[confidential]", "false"),
        ("attribute[tracking_id]", "KTG-2611-0042"),
        ("attribute[occurred_on]", "2026-11-20"),
        ("first_name", "Siti"),
        ("last_name", "Aminah Rahayu"),
        ("phone", PHONE),
    ]);
    assert_eq!(received_forms(&server).await, vec![expected]);
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.headers["idempotency-key"], "0b5e2f4c-6c1e-4a53-9d43-2f1c7a9e8b10");
    assert_eq!(request.headers["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(request.headers["user-agent"], concat!("kentongan/", env!("CARGO_PKG_VERSION")));
}

#[tokio::test]
async fn an_anonymous_ticket_sends_no_reporter_fields_to_open311() {
    let server = MockServer::builder().start().await;
    mount_open311(&server, "311-1", None).await;
    api(&server.uri()).create(&anonymous_ticket()).await.unwrap();
    let form = &received_forms(&server).await[0];
    let names: Vec<&str> = form.iter().map(|(k, _)| k.as_str()).collect();
    for field in ["first_name", "last_name", "phone", "email"] {
        assert!(!names.contains(&field), "{field} sent: {names:?}");
    }
    assert!(form.contains(&("attribute[anonymous]".into(), "true".into())));
    assert!(form.contains(&("attribute[confidential]".into(), "true".into())));
}

#[tokio::test]
async fn a_ticket_without_service_code_is_permanent_and_nothing_is_sent() {
    let server = MockServer::builder().start().await;
    mount_open311(&server, "311-1", None).await;
    let t = ForwardTicket { service_code: None, ..ticket() };
    let reason = expect_permanent(api(&server.uri()).create(&t).await);
    assert!(reason.contains("service_code"), "{reason}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn three_server_errors_then_success_make_one_request_with_one_idempotency_key() {
    let server = MockServer::builder().start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).up_to_n_times(3).mount(&server).await;
    mount_open311(&server, "311-9", None).await;
    let api = api(&server.uri());
    for _ in 0..3 {
        expect_retryable(api.create(&ticket()).await);
    }
    assert!(matches!(api.create(&ticket()).await, Ok(Created::Done { .. })));
    let keys: Vec<_> =
        server.received_requests().await.unwrap().iter().map(|r| r.headers["idempotency-key"].clone()).collect();
    assert_eq!(keys.len(), 4);
    assert!(keys.iter().all(|k| *k == keys[0]));
}

#[tokio::test]
async fn a_token_is_resolved_once_the_server_knows_the_request() {
    let server = MockServer::builder().start().await;
    let token = json!([{ "token": "12345", "service_notice": "Laporan akan diproses" }]);
    answer_create(&server, ResponseTemplate::new(201).set_body_json(token)).await;
    Mock::given(path("/tokens/12345.json"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([{ "token": "12345", "service_request_id": null }])),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/tokens/12345.json"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([{ "token": "12345", "service_request_id": 638344 }])),
        )
        .mount(&server)
        .await;
    let api = api(&server.uri());
    assert_eq!(api.create(&ticket()).await.unwrap(), Created::Pending { token: "12345".into() });
    assert_eq!(api.resolve_token("12345").await.unwrap(), None);
    assert_eq!(api.resolve_token("12345").await.unwrap(), Some("638344".into()));
}

#[tokio::test]
async fn the_status_of_a_request_carries_its_notes_and_time() {
    let server = MockServer::builder().start().await;
    mount_open311(&server, "311-8", Some("Sudah disurvei petugas")).await;
    let status = api(&server.uri()).status("311-8").await.unwrap();
    assert_eq!(status.status, "open");
    assert_eq!(status.response_text.as_deref(), Some("Sudah disurvei petugas"));
    assert_eq!(status.updated_at.unwrap().to_rfc3339(), "2026-11-21T03:00:00+00:00");
    let reason = expect_permanent(api(&server.uri()).status("311-404").await);
    assert!(reason.starts_with("open311 status: HTTP 404"), "{reason}");
}

#[tokio::test]
async fn a_429_with_retry_after_is_retryable_for_open311() {
    let answer = ResponseTemplate::new(429).insert_header("Retry-After", "2");
    let (_, retry_after) = expect_retryable(create_with(answer).await);
    assert_eq!(retry_after, Some(Duration::from_secs(2)));
    expect_retryable(create_with(ResponseTemplate::new(408)).await);
}

#[tokio::test]
async fn a_hung_open311_server_is_retryable_after_the_timeout() {
    let server = MockServer::builder().start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([{ "status": "open" }])).set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let started = Instant::now();
    let (reason, _) = expect_retryable(api(&server.uri()).status("311-1").await);
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(reason.contains("timed out"), "{reason}");
}

#[tokio::test]
async fn a_description_over_4000_characters_is_cut_to_the_spec_limit() {
    let server = MockServer::builder().start().await;
    mount_open311(&server, "311-2", None).await;
    let t = ForwardTicket { description: "Air PDAM keruh. ".repeat(300), ..ticket() };
    api(&server.uri()).create(&t).await.unwrap();
    let form = &received_forms(&server).await[0];
    let description = &form.iter().find(|(k, _)| k == "description").unwrap().1;
    assert_eq!(description.chars().count(), 4000);
    assert!(
        description.ends_with("\n\n—\nNo. laporan: KTG-2611-0042\nTanggal kejadian: 2026-11-20"),
        "the footer is kept"
    );
    assert_eq!(api(&server.uri()).name(), "open311");
}
