//! Fake central servers for tests (feature `fake`), built on wiremock.
//!
//! `FakeCentral` implements the JSON contract on a local port, honours `Idempotency-Key`, records every
//! request, and answers scripted failures in order.
//!
//! `open311::FakeOpen311` is a stateful GeoReport v2 server: it stores each `POST requests.json` form
//! (IDs `"1001"`, `"1002"`, …; no idempotency) and serves `requests/{id}.json`, `tokens/{token}.json` and
//! an unauthenticated listing with description and coordinates. Setters switch on what real servers do:
//! a required `api_key`; a service catalogue (an unknown code gets a 400, and a create without a location
//! for a service that needs one gets Django's HTML 500); token answers; moderation that hides requests
//! until `approve`; no public listing (404); late answers to POSTs whose request is already stored;
//! scripted failures; and clock modes for `updated_datetime` (microseconds, frozen, whole seconds, a fixed
//! offset, going backwards, missing). `open311::mount_open311` instead mounts fixed answers on a plain
//! wiremock server.
//!
//! ```ignore
//! // FakeCentral; FakeOpen311 has its own example in `open311`.
//! let fake = FakeCentral::start().await;
//! fake.fail_next(vec![500, 500, 500]); // the 4th create succeeds
//! let api = JsonApi::new(&fake.uri(), None, Duration::from_secs(2))?;
//! ```

mod responder;

pub mod open311;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;
use wiremock::{Mock, MockServer, matchers::any};

/// One request as the fake received it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedRequest {
    pub method: String,
    pub path: String,
    pub idempotency_key: Option<String>,
    pub authorization: Option<String>,
    pub user_agent: Option<String>,
    /// The JSON body, when there was one that parsed.
    pub body: Option<Value>,
    /// The status the fake answered with.
    pub answered: u16,
}

/// A ticket the fake holds.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeTicket {
    pub central_id: String,
    /// The create body as received.
    pub body: Value,
    pub status: String,
    pub response_text: Option<String>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Default)]
struct State {
    uri: String,
    tickets: BTreeMap<String, FakeTicket>,
    by_key: HashMap<String, String>,
    received: Vec<ReceivedRequest>,
    failures: VecDeque<u16>,
    retry_after: Option<String>,
    delay: Option<Duration>,
    bearer_token: Option<String>,
    next_id: u64,
}

/// The fake JSON-contract central. Dropping it stops the server.
pub struct FakeCentral {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl FakeCentral {
    /// Starts on a random local port.
    pub async fn start() -> Self {
        let server = MockServer::builder().start().await;
        let state = Arc::new(Mutex::new(State { uri: server.uri(), ..State::default() }));
        Mock::given(any()).respond_with(responder::Responder(state.clone())).mount(&server).await;
        FakeCentral { server, state }
    }

    /// Base URL to give `JsonApi::new`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The underlying wiremock server, for extra mocks.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// Answers the next requests (of any kind) with these statuses, in order, before behaving normally.
    pub fn fail_next(&self, statuses: Vec<u16>) {
        self.lock().failures.extend(statuses);
    }

    /// `Retry-After` value sent with every scripted failure (`"2"` or an HTTP-date); `None` for none.
    pub fn set_retry_after(&self, value: Option<&str>) {
        self.lock().retry_after = value.map(str::to_string);
    }

    /// Delays every answer, to exercise client timeouts.
    pub fn set_delay(&self, delay: Option<Duration>) {
        self.lock().delay = delay;
    }

    /// Requires `Authorization: Bearer <token>`; other requests get 401.
    pub fn require_bearer(&self, token: Option<&str>) {
        self.lock().bearer_token = token.map(str::to_string);
    }

    /// Sets what `GET /tickets/{central_id}` returns; `false` if the fake has no such ticket.
    pub fn set_status(&self, central_id: &str, status: &str, response_text: Option<&str>) -> bool {
        let mut state = self.lock();
        let Some(ticket) = state.tickets.get_mut(central_id) else { return false };
        ticket.status = status.to_string();
        ticket.response_text = response_text.map(str::to_string);
        ticket.updated_at = Utc::now();
        true
    }

    /// How many distinct tickets were created (repeats of an idempotency key do not count).
    pub fn created_count(&self) -> usize {
        self.lock().tickets.len()
    }

    /// All tickets, ordered by central ID.
    pub fn tickets(&self) -> Vec<FakeTicket> {
        self.lock().tickets.values().cloned().collect()
    }

    /// Every request received, scripted failures included, in arrival order.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.lock().received.clone()
    }

    /// The JSON bodies of every `POST /tickets` received, in arrival order.
    pub fn received_bodies(&self) -> Vec<Value> {
        self.lock().received.iter().filter(|r| r.method == "POST").filter_map(|r| r.body.clone()).collect()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

/// A poisoned lock only means another test thread panicked; the data is still good for inspection.
fn lock<T>(state: &Mutex<T>) -> MutexGuard<'_, T> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
