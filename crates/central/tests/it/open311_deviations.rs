//! Real GeoReport v2 servers deviate from the spec; the `open311` adapter tolerates each way, one test each.

use kentongan_central::fake::open311::{mount_open311, received_forms};
use kentongan_central::{CentralApi, Created, ForwardTicket, Open311Api, Open311Config};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::open311::{api, config, create_with};
use crate::support::{expect_permanent, expect_retryable, ticket};

#[tokio::test]
async fn an_error_object_instead_of_a_list_is_permanent_with_its_description() {
    let body = json!({ "code": 400, "description": "service_code DPUPR-JALAN not found" });
    let reason = expect_permanent(create_with(ResponseTemplate::new(400).set_body_json(body)).await);
    assert_eq!(reason, "open311 create: HTTP 400: service_code DPUPR-JALAN not found");
}

#[tokio::test]
async fn an_error_list_is_permanent_with_its_description() {
    let body = json!([{ "code": 403, "description": "Invalid api_key received" }]);
    let reason = expect_permanent(create_with(ResponseTemplate::new(403).set_body_json(body)).await);
    assert_eq!(reason, "open311 create: HTTP 403: Invalid api_key received");
}

#[tokio::test]
async fn an_html_500_for_a_missing_field_is_retryable_with_its_page_marked_stripped_and_cut() {
    let filler = "Stack trace omitted. ".repeat(40);
    let page = format!(
        "<!DOCTYPE html><html><head><title>Internal Server Error</title><script>var x=1;</script></head>\
         <body><h1>500</h1><p>Missing required field: <b>lat</b></p><pre>{filler}</pre></body></html>"
    );
    let (reason, _) = expect_retryable(create_with(ResponseTemplate::new(500).set_body_string(page)).await);
    assert!(
        reason.starts_with(
            "open311 create: HTTP 500 (HTML page): Internal Server Error — 500 Missing required field: lat Stack"
        ),
        "{reason}"
    );
    assert!(!reason.contains('<') && !reason.contains("var x"), "{reason}");
    assert!(reason.ends_with("...") && reason.chars().count() < 340, "{} chars", reason.chars().count());
}

#[tokio::test]
async fn numeric_and_string_request_ids_are_both_read_as_text() {
    let numeric = create_with(ResponseTemplate::new(201).set_body_json(json!([{ "service_request_id": 4711 }]))).await;
    assert_eq!(numeric.unwrap(), Created::Done { central_id: "4711".into(), tracking_url: None });
    let text =
        create_with(ResponseTemplate::new(200).set_body_json(json!([{ "service_request_id": " 638344 " }]))).await;
    assert_eq!(text.unwrap(), Created::Done { central_id: "638344".into(), tracking_url: None });
}

#[tokio::test]
async fn a_bare_object_instead_of_a_list_is_accepted() {
    let body = json!({ "service_request_id": "311-77", "service_notice": "ok" });
    let created = create_with(ResponseTemplate::new(201).set_body_json(body)).await.unwrap();
    assert_eq!(created, Created::Done { central_id: "311-77".into(), tracking_url: None });
    let server = MockServer::builder().start().await;
    let status = json!({ "service_request_id": 77, "status": "closed", "status_notes": "Sudah diperbaiki" });
    Mock::given(path("/requests/311-77.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(status))
        .mount(&server)
        .await;
    let status = api(&server.uri()).status("311-77").await.unwrap();
    assert_eq!((status.status.as_str(), status.response_text.as_deref()), ("closed", Some("Sudah diperbaiki")));
}

#[tokio::test]
async fn an_error_inside_a_success_answer_is_classified_by_its_code() {
    let body = json!([{ "code": 404, "description": "Service not found" }]);
    let reason = expect_permanent(create_with(ResponseTemplate::new(200).set_body_json(body)).await);
    assert!(reason.contains("Service not found"), "{reason}");
    expect_retryable(create_with(ResponseTemplate::new(200).set_body_json(json!([]))).await);
}

#[tokio::test]
async fn a_server_without_a_tokens_endpoint_keeps_the_token_waiting() {
    let server = MockServer::builder().start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_string("Not Found"))
        .mount(&server)
        .await;
    assert_eq!(api(&server.uri()).resolve_token("12345").await.unwrap(), None);
    let empty = MockServer::builder().start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!([]))).mount(&empty).await;
    assert_eq!(api(&empty.uri()).resolve_token("12345").await.unwrap(), None);
}

#[tokio::test]
async fn a_custom_address_field_and_jurisdiction_are_used() {
    let server = MockServer::builder().start().await;
    mount_open311(&server, "311-5", None).await;
    let cfg = Open311Config {
        address_field: "address".into(),
        jurisdiction_id: Some("pekalongankota.go.id".into()),
        ..config(&server.uri())
    };
    let api = Open311Api::new(cfg).unwrap();
    let t = ForwardTicket { location: None, ..ticket() };
    api.create(&t).await.unwrap();
    let form = &received_forms(&server).await[0];
    assert!(form.contains(&("address".into(), "Jl. Sriwijaya No. 12, Pekalongan Barat".into())));
    assert!(form.contains(&("jurisdiction_id".into(), "pekalongankota.go.id".into())));
    assert!(!form.iter().any(|(k, _)| k == "address_string" || k == "lat" || k == "long"));
    Mock::given(path("/requests/311-5.json"))
        .and(query_param("jurisdiction_id", "pekalongankota.go.id"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{ "status": "open" }])))
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(api.status("311-5").await.unwrap().status, "open");
}
