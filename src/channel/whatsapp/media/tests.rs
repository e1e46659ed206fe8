//! The two-step download against a local Graph API (wiremock): the bearer on both steps, both caps.

use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

const TOKEN: &str = "EAAG-media-token";

async fn graph(file_size: serde_json::Value, file: Vec<u8>) -> MockServer {
    let server = MockServer::builder().start().await;
    let meta = json!({"url": format!("{}/whatsapp_business/attachments/?mid=1003383421387256&ext=1&hash=x", server.uri()),
        "mime_type": "image/jpeg", "sha256": "abc", "file_size": file_size, "id": "1003383421387256",
        "messaging_product": "whatsapp"});
    Mock::given(method("GET"))
        .and(path("/v24.0/1003383421387256"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(meta))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/whatsapp_business/attachments/"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(file).insert_header("content-type", "image/jpeg"))
        .mount(&server)
        .await;
    server
}

async fn fetch(server: &MockServer, id: &str, max: u64) -> Result<MediaFile, MediaError> {
    let token = SecretString::from(TOKEN);
    download(&reqwest::Client::new(), &format!("{}/v24.0", server.uri()), &token, id, max).await
}

fn downloads(server_requests: &[wiremock::Request]) -> usize {
    server_requests.iter().filter(|r| r.url.path().starts_with("/whatsapp_business")).count()
}

#[tokio::test]
async fn a_photo_is_fetched_in_two_steps_with_the_bearer_on_both() {
    let server = graph(json!("9"), b"\xff\xd8jpeg\xff\xd9".to_vec()).await;
    let file = fetch(&server, "1003383421387256", 1024).await.unwrap();
    assert_eq!(file.bytes, b"\xff\xd8jpeg\xff\xd9");
    assert_eq!(file.mime_type, "image/jpeg");
}

#[tokio::test]
async fn a_declared_size_over_the_cap_is_refused_before_downloading() {
    let server = graph(json!("6000000"), vec![0; 10]).await;
    assert_eq!(fetch(&server, "1003383421387256", 5_242_880).await, Err(MediaError::TooLarge { max: 5_242_880 }));
    assert_eq!(downloads(&server.received_requests().await.unwrap()), 0);
}

#[tokio::test]
async fn a_file_larger_than_its_declared_size_is_refused_while_downloading() {
    let server = graph(json!(10), vec![7; 4096]).await;
    assert_eq!(fetch(&server, "1003383421387256", 1024).await, Err(MediaError::TooLarge { max: 1024 }));
}

#[tokio::test]
async fn an_unknown_or_expired_media_id_is_a_status_error_and_not_transient() {
    let server = graph(json!("9"), vec![]).await;
    let err = fetch(&server, "999", 1024).await.unwrap_err();
    assert_eq!(err, MediaError::Status { step: "metadata", status: 404 });
    assert!(!err.is_transient());
}

#[tokio::test]
async fn a_media_id_that_could_change_the_path_is_refused_without_a_request() {
    let server = graph(json!("9"), vec![]).await;
    for id in ["", "../me", "1/messages", "1?x=y"] {
        assert_eq!(fetch(&server, id, 1024).await, Err(MediaError::BadId), "{id}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn metadata_that_is_not_the_documented_json_is_refused() {
    let server = MockServer::builder().start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string("<html>")).mount(&server).await;
    assert_eq!(fetch(&server, "1", 1024).await, Err(MediaError::BadMetadata));
}

#[tokio::test]
async fn a_server_that_is_down_is_a_transient_transport_error() {
    let token = SecretString::from(TOKEN);
    let err = download(&reqwest::Client::new(), "http://127.0.0.1:9", &token, "1", 1024).await.unwrap_err();
    assert_eq!(err, MediaError::Transport { step: "metadata" });
    assert!(err.is_transient());
}
