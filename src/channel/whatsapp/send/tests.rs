//! `GraphClient` against a local Graph API (wiremock): the request it makes and how it reads answers.

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

async fn client(answer: ResponseTemplate) -> (MockServer, GraphClient) {
    let server = MockServer::builder().start().await;
    Mock::given(method("POST"))
        .and(path("/v24.0/106540352242922/messages"))
        .and(header("authorization", "Bearer EAAG-send"))
        .respond_with(answer)
        .mount(&server)
        .await;
    let base = format!("{}/v24.0", server.uri());
    let c = GraphClient::with_client(reqwest::Client::new(), &base, "106540352242922", SecretString::from("EAAG-send"));
    (server, c)
}

fn error(code: i64) -> ResponseTemplate {
    ResponseTemplate::new(400).set_body_json(
        json!({"error": {"message": "(#131056) (Business Account, Consumer Account) pair rate limit hit",
        "type": "OAuthException", "code": code, "error_data": {"messaging_product": "whatsapp", "details": "d"},
        "fbtrace_id": "A1b2"}}),
    )
}

#[tokio::test]
async fn a_send_posts_the_body_with_the_bearer_and_returns_the_wamid() {
    let ok = ResponseTemplate::new(200).set_body_json(json!({"messaging_product": "whatsapp",
        "contacts": [{"input": "6281234567890", "wa_id": "6281234567890"}],
        "messages": [{"id": "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjA=", "message_status": "accepted"}]}));
    let (server, c) = client(ok).await;
    let body = crate::channel::whatsapp::outbound::text("6281234567890", "Halo").unwrap();
    let sent = c.send(&body).await.unwrap();
    assert_eq!(sent.wamid.as_deref(), Some("wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjA="));
    let got: Value = server.received_requests().await.unwrap()[0].body_json().unwrap();
    assert_eq!(got, body);
}

#[tokio::test]
async fn a_graph_error_is_classified_by_its_code() {
    let (_server, c) = client(error(131056)).await;
    assert_eq!(c.send(&json!({})).await, Err(Failure::RateLimitedRecipient(Duration::from_secs(6))));
    let (_server, c) = client(
        ResponseTemplate::new(401)
            .set_body_json(json!({"error": {"code": 190, "message": "Error validating access token"}})),
    )
    .await;
    assert!(matches!(c.send(&json!({})).await, Err(Failure::PauseChannel { code: 190, .. })));
}

#[tokio::test]
async fn a_5xx_or_an_unreachable_server_retries() {
    let (_server, c) = client(ResponseTemplate::new(502).set_body_string("Bad Gateway")).await;
    assert!(matches!(c.send(&json!({})).await, Err(Failure::RetryAfter(_))));
    let gone = GraphClient::with_client(reqwest::Client::new(), "http://127.0.0.1:9", "1", SecretString::from("t"));
    assert!(matches!(gone.send(&json!({})).await, Err(Failure::RetryAfter(_))));
}

#[tokio::test]
async fn a_success_without_a_message_id_is_sent_without_a_wamid_rather_than_sent_twice() {
    let (_server, c) = client(ResponseTemplate::new(200).set_body_string("{}")).await;
    assert_eq!(c.send(&json!({})).await, Ok(Sent { wamid: None }));
}

#[tokio::test]
async fn mark_read_posts_the_read_status_for_the_message() {
    let server = MockServer::builder().start().await;
    let expected = json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN"});
    Mock::given(method("POST"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let c = GraphClient::with_client(reqwest::Client::new(), &server.uri(), "1", SecretString::from("t"));
    c.mark_read("wamid.IN", false).await.unwrap();
}

#[test]
fn the_debug_form_shows_no_token() {
    let c = GraphClient::with_client(reqwest::Client::new(), "https://g", "1", SecretString::from("EAAG-secret"));
    assert!(!format!("{c:?}").contains("EAAG-secret"));
}
