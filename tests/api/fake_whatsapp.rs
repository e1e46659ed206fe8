//! A fake WhatsApp Cloud (Graph) API as a local HTTP server, for the WhatsApp channel's integration
//! tests: it records every request, answers `POST /{phone_number_id}/messages` with a fresh wamid (or
//! `{"success":true}` for mark-as-read), serves media in the two documented steps, and can be switched
//! into the odd-but-legal behaviours: an error code for the next N sends or for one recipient, a
//! bearer token it insists on, and slow answers. `payload` builds the webhook bodies Meta would POST.
//!
//! ```ignore
//! let graph = FakeGraph::start().await;
//! graph.fail_next(130429, 2);                 // two throughput errors, then success
//! graph.fail_recipient("6281234567890", 131047);
//! graph.add_media("1003383421387256", "image/jpeg", jpeg_bytes);
//! settings.whatsapp.graph_base = graph.base(); // ".../v24.0"
//! assert_eq!(graph.messages()[0]["type"], "interactive");
//! ```

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The Graph API version the fake serves under.
pub const VERSION: &str = "v24.0";

/// One request as the fake received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub body: Option<Value>,
    /// The HTTP status the fake answered.
    pub answered: u16,
}

#[derive(Default)]
struct State {
    uri: String,
    received: Vec<Received>,
    next_wamid: u64,
    fail_next: VecDeque<i64>,
    fail_recipient: HashMap<String, i64>,
    media: HashMap<String, (String, Vec<u8>)>,
    token: Option<String>,
    delay: Option<Duration>,
}

/// The fake; dropping it stops the server.
pub struct FakeGraph {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl FakeGraph {
    pub async fn start() -> Self {
        let server = MockServer::builder().start().await;
        let state = Arc::new(Mutex::new(State { uri: server.uri(), ..State::default() }));
        Mock::given(any()).respond_with(Responder(state.clone())).mount(&server).await;
        FakeGraph { server, state }
    }

    /// What `whatsapp.graph_base` should be: the server and the version.
    pub fn base(&self) -> String {
        format!("{}/{VERSION}", self.server.uri())
    }

    /// Every request so far, in order.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.state).received.clone()
    }

    /// The bodies of the messages sent (mark-as-read excluded), in order.
    pub fn messages(&self) -> Vec<Value> {
        let sends = self.received().into_iter().filter(|r| r.method == "POST" && r.path.ends_with("/messages"));
        sends.filter_map(|r| r.body).filter(|b| b.get("status").is_none()).collect()
    }

    /// The ids of the inbound messages marked as read, in order.
    pub fn marked_read(&self) -> Vec<String> {
        let bodies = self.received().into_iter().filter_map(|r| r.body);
        bodies.filter(|b| b["status"] == "read").filter_map(|b| b["message_id"].as_str().map(String::from)).collect()
    }

    /// The next `n` sends are refused with Graph error `code` (queued after earlier ones).
    pub fn fail_next(&self, code: i64, n: usize) {
        lock(&self.state).fail_next.extend(std::iter::repeat_n(code, n));
    }

    /// Every send to `wa_id` is refused with `code` until [`FakeGraph::clear_failures`].
    pub fn fail_recipient(&self, wa_id: &str, code: i64) {
        lock(&self.state).fail_recipient.insert(wa_id.to_owned(), code);
    }

    pub fn clear_failures(&self) {
        let mut state = lock(&self.state);
        state.fail_next.clear();
        state.fail_recipient.clear();
    }

    /// Serves `bytes` as media `id` (`GET /{id}` → metadata with a download `url`, then the file).
    pub fn add_media(&self, id: &str, mime_type: &str, bytes: Vec<u8>) {
        lock(&self.state).media.insert(id.to_owned(), (mime_type.to_owned(), bytes));
    }

    /// Requests without `Authorization: Bearer {token}` get Meta's 401 with code 190.
    pub fn require_token(&self, token: &str) {
        lock(&self.state).token = Some(token.to_owned());
    }

    /// Every answer waits this long (`None`: answer at once).
    pub fn slow(&self, delay: Option<Duration>) {
        lock(&self.state).delay = delay;
    }
}

struct Responder(Arc<Mutex<State>>);

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let mut state = lock(&self.0);
        let (status, answer) = route(&mut state, req);
        let authorization = req.headers.get("authorization").and_then(|v| v.to_str().ok()).map(String::from);
        let body = serde_json::from_slice(&req.body).ok();
        let (method, path) = (req.method.to_string(), req.url.path().to_owned());
        state.received.push(Received { method, path, authorization, body, answered: status });
        let template = match answer {
            Answer::Json(v) => ResponseTemplate::new(status).set_body_json(v),
            Answer::Bytes(mime, b) => ResponseTemplate::new(status).set_body_raw(b, &mime),
        };
        match state.delay {
            Some(d) => template.set_delay(d),
            None => template,
        }
    }
}

enum Answer {
    Json(Value),
    Bytes(String, Vec<u8>),
}

/// Meta's error body for `code`, with the HTTP status Meta uses for it.
pub fn graph_error(code: i64) -> (u16, Value) {
    let (status, message) = match code {
        190 => (401, "Error validating access token: Session has expired"),
        368 => (400, "Temporarily blocked for policies violations"),
        130429 => (400, "(#130429) Rate limit hit"),
        131056 => (400, "(#131056) (Business Account, Consumer Account) pair rate limit hit"),
        131047 => (400, "Re-engagement message"),
        131026 => (400, "Message undeliverable"),
        131051 => (400, "Unsupported message type"),
        131000 => (500, "Something went wrong"),
        _ => (400, "Error"),
    };
    let body = json!({"error": {"message": message, "type": "OAuthException", "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": message}, "fbtrace_id": "AFakeTraceId"}});
    (status, body)
}

fn route(state: &mut State, req: &Request) -> (u16, Answer) {
    let auth = req.headers.get("authorization").and_then(|v| v.to_str().ok());
    if let Some(token) = &state.token
        && auth != Some(format!("Bearer {token}").as_str())
    {
        let (status, body) = graph_error(190);
        return (status, Answer::Json(body));
    }
    let segments: Vec<String> = req.url.path().trim_matches('/').split('/').map(String::from).collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match (req.method.as_str(), segments.as_slice()) {
        ("POST", [v, _number, "messages"]) if *v == VERSION => send(state, req),
        ("GET", [v, id]) if *v == VERSION => match state.media.get(*id) {
            Some((mime, bytes)) => {
                let url = format!("{}/media-download/{id}?ext=1&hash=fake", state.uri);
                let meta = json!({"messaging_product": "whatsapp", "url": url, "mime_type": mime,
                    "sha256": "fake", "file_size": bytes.len().to_string(), "id": id});
                (200, Answer::Json(meta))
            }
            None => (404, Answer::Json(graph_error(100).1)),
        },
        ("GET", ["media-download", id]) => match state.media.get(*id) {
            Some((mime, bytes)) => (200, Answer::Bytes(mime.clone(), bytes.clone())),
            None => (404, Answer::Json(json!({}))),
        },
        _ => (404, Answer::Json(graph_error(100).1)),
    }
}

fn send(state: &mut State, req: &Request) -> (u16, Answer) {
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    if body["status"] == "read" {
        return (200, Answer::Json(json!({"success": true})));
    }
    let to = body["to"].as_str().unwrap_or_default().to_owned();
    let scripted = state.fail_next.pop_front().or_else(|| state.fail_recipient.get(&to).copied());
    if let Some(code) = scripted {
        let (status, body) = graph_error(code);
        return (status, Answer::Json(body));
    }
    state.next_wamid += 1;
    let wamid = format!("wamid.FAKE{:012}", state.next_wamid);
    let answer = json!({"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}],
        "messages": [{"id": wamid, "message_status": "accepted"}]});
    (200, Answer::Json(answer))
}

pub mod payload;

#[cfg(test)]
mod tests;
