//! Fake Open311 GeoReport v2 servers: `FakeOpen311`, a stateful server with switchable behaviours real
//! servers show, and `mount_open311`/`received_forms` for fixed answers on a plain wiremock server.
//!
//! ```ignore
//! let fake = FakeOpen311::start().await;
//! fake.services(&[("jalan-drainase", true)]); // true: needs lat/long or an address
//! fake.set_clock(Clock::Frozen);
//! let api = Open311Api::new(Open311Config { base_url: fake.uri(), ..Open311Config::default() })?;
//! ```

mod clock;
mod routes;

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Utc};
use serde_json::{Value, json};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// How the fake keeps `updated_datetime` (and renders both datetimes). Every mode but `Frozen` and
/// `Backwards` sets it to the time of the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// UTC with microseconds, `2026-12-04T03:15:00.123456Z`.
    #[default]
    Micros,
    /// Never changes `updated_datetime` after creation (a real production server did this).
    Frozen,
    /// Stored and shown in whole seconds, `2026-12-04T03:15:00Z`.
    WholeSeconds,
    /// Whole seconds rendered in this offset, `2026-12-04T10:15:00+07:00`.
    Offset(FixedOffset),
    /// Every change sets `updated_datetime` one hour earlier than it was.
    Backwards,
    /// No `updated_datetime` field at all (the fake still keeps the time, for inspection).
    Missing,
}

/// A service request the fake holds.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeRequest {
    /// `service_request_id`: numbers as text, from `"1001"` on.
    pub id: String,
    /// Set in token mode.
    pub token: Option<String>,
    /// Every form field of the create, in the order received.
    pub fields: Vec<(String, String)>,
    pub service_code: String,
    pub status: String,
    pub notes: Option<String>,
    pub agency: Option<String>,
    pub requested_at: DateTime<Utc>,
    /// The last change as the clock recorded it; `Clock::Missing` only hides it from answers.
    pub updated_at: DateTime<Utc>,
    /// False while moderation hides the request.
    pub approved: bool,
}

impl FakeRequest {
    /// The first value of a form field.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// One `GET /requests/{id}.json`, whatever it was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeGet {
    pub id: String,
    pub at: Instant,
    pub answered: u16,
}

#[derive(Debug)]
struct State {
    /// `None`: any service code is accepted. Else code → needs a location.
    services: Option<BTreeMap<String, bool>>,
    api_key: Option<String>,
    token_mode: bool,
    clock: Clock,
    answer_delay: Option<Duration>,
    public_listing: bool,
    moderation: bool,
    failures: VecDeque<u16>,
    requests: Vec<FakeRequest>,
    next_id: u64,
    posts: usize,
    gets: Vec<FakeGet>,
}

impl Default for State {
    fn default() -> Self {
        State {
            services: None,
            api_key: None,
            token_mode: false,
            clock: Clock::default(),
            answer_delay: None,
            // Real GeoReport v2 servers publish their requests without authentication.
            public_listing: true,
            moderation: false,
            failures: VecDeque::new(),
            requests: Vec::new(),
            next_id: 1000,
            posts: 0,
            gets: Vec::new(),
        }
    }
}

/// A stateful fake GeoReport v2 server. Dropping it stops the server.
pub struct FakeOpen311 {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl FakeOpen311 {
    /// Starts on a random local port, accepting any service code, with a public listing.
    pub async fn start() -> Self {
        let server = MockServer::builder().start().await;
        let state = Arc::new(Mutex::new(State::default()));
        Mock::given(any()).respond_with(routes::Responder(state.clone())).mount(&server).await;
        FakeOpen311 { server, state }
    }

    /// Base URL to give `Open311Config::base_url`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The underlying wiremock server, for extra mocks.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// Accepts only these service codes from now on; `true` marks one that needs `lat`/`long` or an address.
    pub fn services(&self, services: &[(&str, bool)]) {
        self.lock().services = Some(services.iter().map(|(code, needs)| (code.to_string(), *needs)).collect());
    }

    /// Requires this `api_key` on creates (403 otherwise); `None` accepts any.
    pub fn require_api_key(&self, key: Option<&str>) {
        self.lock().api_key = key.map(str::to_string);
    }

    /// Creates answer `[{token}]` instead of an ID; `GET /tokens/{token}.json` gives the ID.
    pub fn set_token_mode(&self, on: bool) {
        self.lock().token_mode = on;
    }

    /// How later changes stamp `updated_datetime` and how datetimes are rendered.
    pub fn set_clock(&self, clock: Clock) {
        self.lock().clock = clock;
    }

    /// Delays every answer to a `POST`; the request is stored the moment the POST arrives.
    pub fn set_answer_delay(&self, delay: Option<Duration>) {
        self.lock().answer_delay = delay;
    }

    /// Whether `GET /requests.json` lists requests (404 when off).
    pub fn set_public_listing(&self, on: bool) {
        self.lock().public_listing = on;
    }

    /// New requests stay hidden (404, unlisted, tokens without an ID) until `approve`.
    pub fn set_moderation(&self, on: bool) {
        self.lock().moderation = on;
    }

    /// Answers the next requests (of any kind) with these statuses, in order, creating nothing:
    /// 500 as Django's HTML page, other 5xx as nginx's, 4xx as a GeoReport JSON error.
    pub fn fail_next(&self, statuses: Vec<u16>) {
        self.lock().failures.extend(statuses);
    }

    /// Makes a moderated request visible. Does not touch `updated_datetime`.
    pub fn approve(&self, id: &str) -> bool {
        self.change(id, false, |r| r.approved = true)
    }

    /// An operator sets the status word and replaces the notes.
    pub fn set_status(&self, id: &str, status: &str, notes: Option<&str>) -> bool {
        self.change(id, true, |r| {
            r.status = status.to_string();
            r.notes = notes.map(str::to_string);
        })
    }

    /// An operator replaces the notes; the status word stays.
    pub fn set_notes(&self, id: &str, notes: Option<&str>) -> bool {
        self.change(id, true, |r| r.notes = notes.map(str::to_string))
    }

    /// An operator assigns the request to an agency (`agency_responsible`).
    pub fn set_agency(&self, id: &str, agency: &str) -> bool {
        self.change(id, true, |r| r.agency = Some(agency.to_string()))
    }

    /// All requests, hidden ones included, in creation order.
    pub fn requests(&self) -> Vec<FakeRequest> {
        self.lock().requests.clone()
    }

    /// One request by ID.
    pub fn request(&self, id: &str) -> Option<FakeRequest> {
        self.lock().requests.iter().find(|r| r.id == id).cloned()
    }

    /// How many `POST /requests.json` arrived, rejected and failed ones included.
    pub fn posts(&self) -> usize {
        self.lock().posts
    }

    /// Every `GET /requests/{id}.json`, in arrival order.
    pub fn gets(&self) -> Vec<FakeGet> {
        self.lock().gets.clone()
    }

    /// `GET /requests.json` over HTTP, exactly what an outsider sees; `Null` when the answer is not JSON.
    pub async fn public_listing(&self) -> Value {
        let resp = reqwest::get(format!("{}/requests.json", self.uri())).await.expect("the fake Open311 answers");
        resp.json().await.unwrap_or(Value::Null)
    }

    fn change(&self, id: &str, stamps: bool, apply: impl FnOnce(&mut FakeRequest)) -> bool {
        let mut state = self.lock();
        let clock = state.clock;
        let Some(request) = state.requests.iter_mut().find(|r| r.id == id) else { return false };
        apply(request);
        if stamps {
            request.updated_at = clock.bump(request.updated_at, Utc::now());
        }
        true
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        super::lock(&self.state)
    }
}

/// Mounts `POST /requests.json` → `[{service_request_id, service_notice}]` and
/// `GET /requests/{service_request_id}.json` → an `open` request with the given notes.
pub async fn mount_open311(server: &MockServer, service_request_id: &str, status_notes: Option<&str>) {
    let created = json!([{ "service_request_id": service_request_id, "service_notice": "Laporan diterima" }]);
    Mock::given(method("POST"))
        .and(path("/requests.json"))
        .respond_with(ResponseTemplate::new(201).set_body_json(created))
        .mount(server)
        .await;
    let request = json!([{
        "service_request_id": service_request_id,
        "status": "open",
        "status_notes": status_notes,
        "agency_responsible": "Dinas Pekerjaan Umum dan Penataan Ruang",
        "service_code": "DPUPR-JALAN",
        "requested_datetime": "2026-11-20T09:15:00+07:00",
        "updated_datetime": "2026-11-21T10:00:00+07:00",
    }]);
    Mock::given(method("GET"))
        .and(path(format!("/requests/{service_request_id}.json")))
        .respond_with(ResponseTemplate::new(200).set_body_json(request))
        .mount(server)
        .await;
}

/// The form fields of every `POST` the server received, in order, as (name, value) pairs.
pub async fn received_forms(server: &MockServer) -> Vec<Vec<(String, String)>> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| url::form_urlencoded::parse(&r.body).into_owned().collect())
        .collect()
}
