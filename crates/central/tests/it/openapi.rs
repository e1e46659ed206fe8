//! The OpenAPI document in docs/ parses, describes the contract, and the requests the real `JsonApi`
//! client sends (captured by the fake central) validate against it.

use std::time::Duration;

use kentongan_central::fake::FakeCentral;
use kentongan_central::{CentralApi, JsonApi};
use serde_json::{Value, json};

use crate::schema::{resolve, validate};
use crate::support::{anonymous_ticket, bare_ticket, ticket};

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/central-api.openapi.yaml");

fn document() -> Value {
    let text = std::fs::read_to_string(DOC).expect("reading docs/central-api.openapi.yaml");
    serde_yaml_ng::from_str(&text).expect("the OpenAPI document is valid YAML")
}

fn schema(doc: &Value, name: &str) -> Value {
    assert!(doc.pointer(&format!("/components/schemas/{name}")).is_some(), "schema {name} is missing");
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// Every `$ref` anywhere in the document points at something.
fn collect_refs(value: &Value, refs: &mut Vec<String>) {
    match value {
        Value::Object(obj) => {
            if let Some(Value::String(r)) = obj.get("$ref") {
                refs.push(r.clone());
            }
            obj.values().for_each(|v| collect_refs(v, refs));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
        _ => {}
    }
}

#[test]
fn the_openapi_document_parses_and_describes_the_whole_contract() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    for pointer in [
        "/paths/~1tickets/post/requestBody",
        "/paths/~1tickets/post/responses/201",
        "/paths/~1tickets/post/responses/429",
        "/paths/~1tickets~1{central_id}/get/responses/200",
        "/webhooks/ticketStatusChanged/post/requestBody",
        "/components/parameters/IdempotencyKey",
        "/components/securitySchemes/bearerAuth",
    ] {
        assert!(doc.pointer(pointer).is_some(), "missing {pointer}");
    }
    assert_eq!(doc.pointer("/components/parameters/IdempotencyKey/name").unwrap(), "Idempotency-Key");
    let callback_headers: Vec<&str> = doc["webhooks"]["ticketStatusChanged"]["post"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(callback_headers, ["X-Kentongan-Timestamp", "X-Kentongan-Signature"]);
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 10);
    for r in refs {
        assert!(resolve(&doc, &r).is_some(), "unresolved {r}");
    }
}

#[tokio::test]
async fn the_requests_the_json_client_sends_validate_against_the_openapi_document() {
    let doc = document();
    let fake = FakeCentral::start().await;
    let api = JsonApi::new(&fake.uri(), Some("rahasia".into()), Duration::from_secs(5)).unwrap();
    for t in [ticket(), anonymous_ticket(), bare_ticket()] {
        api.create(&t).await.unwrap();
    }
    let bodies = fake.received_bodies();
    assert_eq!(bodies.len(), 3);
    let create = schema(&doc, "CreateTicket");
    for body in &bodies {
        assert_eq!(validate(&doc, &create, body), Vec::<String>::new(), "body: {body}");
    }
    let key_schema = doc.pointer("/components/parameters/IdempotencyKey/schema").unwrap();
    for request in fake.received() {
        let key = Value::String(request.idempotency_key.expect("Idempotency-Key sent"));
        assert_eq!(validate(&doc, key_schema, &key), Vec::<String>::new());
    }
}

#[tokio::test]
async fn the_fakes_answers_follow_the_openapi_document_too() {
    let doc = document();
    let fake = FakeCentral::start().await;
    let client = reqwest::Client::new();
    let body = serde_json::to_value(json!({ "idempotency_key": ticket().id })).unwrap();
    let created: Value = client
        .post(format!("{}/tickets", fake.uri()))
        .header("Idempotency-Key", ticket().id.to_string())
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(validate(&doc, &schema(&doc, "Created"), &created), Vec::<String>::new());
    let id = created["central_id"].as_str().unwrap();
    let status: Value = client.get(format!("{}/tickets/{id}", fake.uri())).send().await.unwrap().json().await.unwrap();
    assert_eq!(validate(&doc, &schema(&doc, "TicketStatus"), &status), Vec::<String>::new());
}

#[test]
fn a_request_that_breaks_the_contract_is_caught_by_the_document() {
    let doc = document();
    let create = schema(&doc, "CreateTicket");
    let mut body = serde_json::to_value(json!({
        "idempotency_key": "0b5e2f4c-6c1e-4a53-9d43-2f1c7a9e8b10", "tracking_id": "KTG-1", "type": "keluhan",
        "title": "Jalan rusak", "description": "Jalan rusak", "occurred_at": "20/11/2026", "location": null,
        "opd_code": null, "privacy": { "anonymous": true, "confidential": false }, "attachments": [],
        "phone": "+6281234567890"
    }))
    .unwrap();
    let errors = validate(&doc, &create, &body);
    assert!(errors.iter().any(|e| e.contains("keluhan")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("occurred_at")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("unexpected property phone")), "{errors:?}");
    body["type"] = json!("pengaduan");
    body["occurred_at"] = json!("2026-11-20");
    body.as_object_mut().unwrap().remove("phone");
    assert_eq!(validate(&doc, &create, &body), Vec::<String>::new());
}
