//! The fake central's request handling: scripted failures first, then the JSON contract's routes.

use std::sync::{Arc, Mutex};

use chrono::Utc;
use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

use super::{FakeTicket, ReceivedRequest, State, lock};

pub(super) struct Responder(pub(super) Arc<Mutex<State>>);

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let mut state = lock(&self.0);
        let answer = route(&mut state, req);
        let answered = answer.status;
        state.received.push(ReceivedRequest {
            method: req.method.to_string(),
            path: req.url.path().to_string(),
            idempotency_key: header(req, "idempotency-key"),
            authorization: header(req, "authorization"),
            user_agent: header(req, "user-agent"),
            body: serde_json::from_slice(&req.body).ok(),
            answered,
        });
        let mut template = ResponseTemplate::new(answered).set_body_json(answer.body);
        if let Some(retry_after) = answer.retry_after {
            template = template.insert_header("Retry-After", retry_after.as_str());
        }
        match state.delay {
            Some(delay) => template.set_delay(delay),
            None => template,
        }
    }
}

struct Answer {
    status: u16,
    body: Value,
    retry_after: Option<String>,
}

impl Answer {
    fn ok(status: u16, body: Value) -> Self {
        Answer { status, body, retry_after: None }
    }
    fn error(status: u16, code: &str, message: &str) -> Self {
        Answer::ok(status, json!({ "error": code, "message": message }))
    }
}

fn header(req: &Request, name: &str) -> Option<String> {
    req.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

fn route(state: &mut State, req: &Request) -> Answer {
    if let Some(status) = state.failures.pop_front() {
        let mut answer = Answer::error(status, "scripted", "scripted failure");
        answer.retry_after = state.retry_after.clone();
        return answer;
    }
    if let Some(token) = &state.bearer_token
        && header(req, "authorization") != Some(format!("Bearer {token}"))
    {
        return Answer::error(401, "unauthorized", "missing or wrong bearer token");
    }
    let segments: Vec<&str> = req.url.path().trim_matches('/').split('/').collect();
    match (req.method.as_str(), segments.as_slice()) {
        ("POST", ["tickets"]) => create(state, req),
        ("GET", ["tickets", id]) => match state.tickets.get(*id) {
            Some(t) => Answer::ok(
                200,
                json!({ "status": t.status, "response_text": t.response_text, "updated_at": t.updated_at.to_rfc3339() }),
            ),
            None => Answer::error(404, "not_found", "no such ticket"),
        },
        _ => Answer::error(404, "not_found", "no such route"),
    }
}

/// Same `Idempotency-Key` → same ticket, answered 200 instead of 201.
fn create(state: &mut State, req: &Request) -> Answer {
    let Some(key) = header(req, "idempotency-key") else {
        return Answer::error(400, "missing_idempotency_key", "Idempotency-Key header is required");
    };
    let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
        return Answer::error(400, "invalid_json", "body is not JSON");
    };
    if body.get("idempotency_key").and_then(Value::as_str) != Some(key.as_str()) {
        return Answer::error(422, "idempotency_key_mismatch", "idempotency_key must equal the Idempotency-Key header");
    }
    if let Some(central_id) = state.by_key.get(&key) {
        return Answer::ok(200, created_body(&state.uri, central_id));
    }
    state.next_id += 1;
    let central_id = format!("LPR-{:06}", state.next_id);
    state.by_key.insert(key, central_id.clone());
    let ticket = FakeTicket {
        central_id: central_id.clone(),
        body,
        status: "diterima".to_string(),
        response_text: None,
        updated_at: Utc::now(),
    };
    state.tickets.insert(central_id.clone(), ticket);
    Answer::ok(201, created_body(&state.uri, &central_id))
}

fn created_body(uri: &str, central_id: &str) -> Value {
    json!({ "central_id": central_id, "tracking_url": format!("{uri}/lacak/{central_id}") })
}
