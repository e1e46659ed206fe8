//! The fake Graph API driven through the gateway's own `GraphClient`: what it records, and each
//! switchable behaviour as the client classifies it.

use std::time::Duration;

use kentongan::channel::whatsapp::outbound;
use kentongan::channel::whatsapp::{Failure, GraphClient};
use secrecy::SecretString;

use super::*;

const NUMBER_ID: &str = "106540352242922";
const SITI: &str = "6281234567890";
const BUDI: &str = "6281399998888";

fn client(graph: &FakeGraph) -> GraphClient {
    let http = reqwest::Client::builder().timeout(Duration::from_millis(500)).build().unwrap();
    GraphClient::with_client(http, &graph.base(), NUMBER_ID, SecretString::from("EAAG-fake"))
}

#[tokio::test]
async fn whatsapp_fake_answers_each_send_with_a_fresh_wamid_and_records_the_body() {
    let graph = FakeGraph::start().await;
    let c = client(&graph);
    let first = c.send(&outbound::text(SITI, "Halo").unwrap()).await.unwrap();
    let second = c.send(&outbound::location_request(SITI, "Di mana?").unwrap()).await.unwrap();
    assert_ne!(first.wamid, second.wamid);
    assert!(first.wamid.unwrap().starts_with("wamid."));
    let messages = graph.messages();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[1]["interactive"]["type"], "location_request_message");
    let r = &graph.received()[0];
    assert_eq!(r.path, format!("/{VERSION}/{NUMBER_ID}/messages"));
    assert_eq!(r.authorization.as_deref(), Some("Bearer EAAG-fake"));
}

#[tokio::test]
async fn whatsapp_fake_refuses_the_next_sends_with_a_code_then_accepts_again() {
    let graph = FakeGraph::start().await;
    let c = client(&graph);
    graph.fail_next(130429, 2);
    let body = outbound::text(SITI, "Halo").unwrap();
    for _ in 0..2 {
        assert!(matches!(c.send(&body).await, Err(Failure::RateLimitedNumber(_))));
    }
    assert!(c.send(&body).await.is_ok());
    assert_eq!(graph.received().iter().map(|r| r.answered).collect::<Vec<_>>(), [400, 400, 200]);
}

#[tokio::test]
async fn whatsapp_fake_refuses_one_recipient_while_others_get_through() {
    let graph = FakeGraph::start().await;
    let c = client(&graph);
    graph.fail_recipient(SITI, 131047);
    assert_eq!(c.send(&outbound::text(SITI, "x").unwrap()).await, Err(Failure::OutsideWindow));
    assert!(c.send(&outbound::text(BUDI, "x").unwrap()).await.is_ok());
    graph.clear_failures();
    assert!(c.send(&outbound::text(SITI, "x").unwrap()).await.is_ok());
}

#[tokio::test]
async fn whatsapp_fake_error_codes_reach_the_client_as_their_classes() {
    let graph = FakeGraph::start().await;
    let c = client(&graph);
    let body = outbound::text(SITI, "x").unwrap();
    type Is = fn(&Failure) -> bool;
    let expect: [(i64, Is); 7] = [
        (130429, |f| matches!(f, Failure::RateLimitedNumber(_))),
        (131056, |f| matches!(f, Failure::RateLimitedRecipient(_))),
        (131047, |f| *f == Failure::OutsideWindow),
        (131026, |f| matches!(f, Failure::Permanent { code: 131026, .. })),
        (131051, |f| matches!(f, Failure::Permanent { code: 131051, .. })),
        (190, |f| matches!(f, Failure::PauseChannel { code: 190, .. })),
        (368, |f| matches!(f, Failure::PauseChannel { code: 368, .. })),
    ];
    for (code, is) in expect {
        graph.fail_next(code, 1);
        let failure = c.send(&body).await.unwrap_err();
        assert!(is(&failure), "{code}: {failure:?}");
    }
}

#[tokio::test]
async fn whatsapp_fake_serves_media_in_two_steps_behind_the_bearer() {
    let graph = FakeGraph::start().await;
    graph.require_token("EAAG-fake");
    graph.add_media("1003383421387256", "image/jpeg", b"\xff\xd8photo".to_vec());
    let file = client(&graph).media("1003383421387256", 1024).await.unwrap();
    assert_eq!((file.bytes.as_slice(), file.mime_type.as_str()), (&b"\xff\xd8photo"[..], "image/jpeg"));
    assert_eq!(graph.received().len(), 2);
    let wrong = GraphClient::with_client(reqwest::Client::new(), &graph.base(), NUMBER_ID, SecretString::from("old"));
    assert!(matches!(
        wrong.send(&outbound::text(SITI, "x").unwrap()).await,
        Err(Failure::PauseChannel { code: 190, .. })
    ));
}

#[tokio::test]
async fn whatsapp_fake_records_mark_as_read_apart_from_messages() {
    let graph = FakeGraph::start().await;
    client(&graph).mark_read("wamid.IN1", true).await.unwrap();
    assert_eq!(graph.marked_read(), ["wamid.IN1"]);
    assert!(graph.messages().is_empty());
}

#[tokio::test]
async fn whatsapp_fake_slow_answers_time_out_into_a_retry() {
    let graph = FakeGraph::start().await;
    graph.slow(Some(Duration::from_secs(2)));
    let failure = client(&graph).send(&outbound::text(SITI, "x").unwrap()).await.unwrap_err();
    assert!(matches!(failure, Failure::RetryAfter(_)), "{failure:?}");
}

#[test]
fn whatsapp_test_payloads_are_signed_as_meta_signs_and_parse_as_the_gateway_reads_them() {
    use kentongan::channel::whatsapp::inbound::{DeliveryStatus, parse};
    use kentongan::channel::whatsapp::webhook::verify_signature;
    let bodies = [
        payload::text(SITI, "wamid.T1", "Jalan rusak"),
        payload::button_reply(SITI, "wamid.T2", "Anonim", "Anonim"),
        payload::location(SITI, "wamid.T3", -6.99, 110.42),
        payload::image(SITI, "wamid.T4", "1003383421387256"),
    ];
    for body in &bodies {
        let (bytes, signature) = payload::signed(body, "app-secret-0123456789");
        verify_signature(&SecretString::from("app-secret-0123456789"), &bytes, Some(&signature)).unwrap();
        let parsed = parse(&bytes).unwrap();
        assert_eq!(parsed.messages.len(), 1);
        assert_eq!(parsed.messages[0].from.as_str(), "+6281234567890");
        assert_eq!(parsed.messages[0].phone_number_id, payload::PHONE_NUMBER_ID);
    }
    let failed =
        parse(&serde_json::to_vec(&payload::status(SITI, "wamid.OUT", "failed", Some(131047))).unwrap()).unwrap();
    assert_eq!(failed.statuses[0].status, DeliveryStatus::Failed);
    assert_eq!(failed.statuses[0].errors[0].code, 131047);
}
