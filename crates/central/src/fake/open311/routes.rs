//! The fake Open311 server's request handling: scripted failures first, then the GeoReport v2 routes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

use super::{Clock, FakeGet, FakeRequest, State};

/// What a Django server with `DEBUG = False` answers for an unhandled exception.
const DJANGO_500: &str = "<!doctype html><html><head><title>Server Error (500)</title></head>\
                          <body><h1>Server Error (500)</h1><p></p></body></html>";

/// Form fields that count as a location when there is no `lat`/`long`.
const ADDRESS_FIELDS: [&str; 3] = ["address_string", "address", "address_id"];

pub(super) struct Responder(pub(super) Arc<Mutex<State>>);

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let mut state = super::super::lock(&self.0);
        let segments: Vec<&str> = req.url.path().trim_matches('/').split('/').collect();
        let is_post = req.method.as_str() == "POST";
        if is_post && segments == ["requests.json"] {
            state.posts += 1;
        }
        let (status, template) = route(&mut state, req, &segments);
        if let ("GET", ["requests", file]) = (req.method.as_str(), segments.as_slice())
            && let Some(id) = file.strip_suffix(".json")
        {
            state.gets.push(FakeGet { id: id.to_string(), at: Instant::now(), answered: status });
        }
        // The state has changed already: a late answer models a server that stores, then answers slowly.
        match state.answer_delay.filter(|_| is_post) {
            Some(delay) => template.set_delay(delay),
            None => template,
        }
    }
}

fn route(state: &mut State, req: &Request, segments: &[&str]) -> (u16, ResponseTemplate) {
    if let Some(status) = state.failures.pop_front() {
        return failure(status);
    }
    match (req.method.as_str(), segments) {
        ("POST", ["requests.json"]) => create(state, req),
        ("GET", ["requests.json"]) => list(state, req),
        ("GET", ["requests", file]) => match file.strip_suffix(".json").and_then(|id| visible(state, id)) {
            Some(r) => (200, json_answer(200, json!([render(r, state.clock)]))),
            None => error(404, "Not found"),
        },
        ("GET", ["tokens", file]) => {
            let token = file.strip_suffix(".json").unwrap_or(file);
            match state.requests.iter().find(|r| r.token.as_deref() == Some(token)) {
                // A moderated request has no public ID yet.
                Some(r) => {
                    let id = r.approved.then(|| r.id.clone());
                    (200, json_answer(200, json!([{ "service_request_id": id, "token": token }])))
                }
                None => error(404, "Token not found"),
            }
        }
        _ => error(404, "Not found"),
    }
}

fn create(state: &mut State, req: &Request) -> (u16, ResponseTemplate) {
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&req.body).into_owned().collect();
    let field = |name: &str| {
        fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).map(str::to_string)
    };
    if let Some(key) = &state.api_key
        && field("api_key").as_ref() != Some(key)
    {
        return error(403, "Invalid api_key");
    }
    let Some(service_code) = field("service_code") else {
        return error(400, "Service not found");
    };
    let needs_location = match &state.services {
        None => false,
        Some(services) => match services.get(&service_code) {
            Some(needs) => *needs,
            None => return error(400, "Service not found"),
        },
    };
    let located =
        (field("lat").is_some() && field("long").is_some()) || ADDRESS_FIELDS.iter().any(|f| field(f).is_some());
    if needs_location && !located {
        // A real server crashed on the missing geometry instead of answering a GeoReport 400.
        return (500, html_answer(500, DJANGO_500));
    }
    state.next_id += 1;
    let id = state.next_id.to_string();
    let token = state.token_mode.then(|| format!("tok-{}", state.next_id));
    let now = state.clock.stamp_new(Utc::now());
    state.requests.push(FakeRequest {
        id: id.clone(),
        token: token.clone(),
        fields,
        service_code,
        status: "open".to_string(),
        notes: None,
        agency: None,
        requested_at: now,
        updated_at: now,
        approved: !state.moderation,
    });
    let body = match token {
        Some(token) => json!([{ "token": token, "service_notice": "Laporan akan diproses" }]),
        None => json!([{ "service_request_id": id, "service_notice": "Laporan diterima" }]),
    };
    (201, json_answer(201, body))
}

/// `GET requests.json`: newest first, filtered as GeoReport v2 says; `service_request_id` overrides the rest.
fn list(state: &State, req: &Request) -> (u16, ResponseTemplate) {
    if !state.public_listing {
        return error(404, "Not found");
    }
    let query: HashMap<String, String> = req.url.query_pairs().into_owned().collect();
    let list = |key: &str| query.get(key).map(|v| v.split(',').map(str::trim).map(str::to_string).collect::<Vec<_>>());
    let mut dates = [None, None];
    for (slot, key) in dates.iter_mut().zip(["start_date", "end_date"]) {
        if let Some(text) = query.get(key) {
            match DateTime::parse_from_rfc3339(text) {
                Ok(t) => *slot = Some(t.with_timezone(&Utc)),
                Err(_) => return error(400, &format!("Invalid {key}")),
            }
        }
    }
    let [start, end] = dates;
    let (ids, codes, statuses) = (list("service_request_id"), list("service_code"), list("status"));
    let wanted = |r: &FakeRequest| match &ids {
        Some(ids) => ids.contains(&r.id),
        None => {
            codes.as_ref().is_none_or(|c| c.contains(&r.service_code))
                && statuses.as_ref().is_none_or(|s| s.contains(&r.status))
                && start.is_none_or(|t| r.requested_at >= t)
                && end.is_none_or(|t| r.requested_at <= t)
        }
    };
    let items: Vec<Value> = state
        .requests
        .iter()
        .rev()
        .filter(|r| r.approved)
        .filter(|r| wanted(r))
        .map(|r| render(r, state.clock))
        .collect();
    (200, json_answer(200, Value::Array(items)))
}

fn visible<'a>(state: &'a State, id: &str) -> Option<&'a FakeRequest> {
    state.requests.iter().find(|r| r.id == id && r.approved)
}

/// One request as such a server publishes it, unauthenticated: no contact fields, but the description
/// and the coordinates.
fn render(r: &FakeRequest, clock: Clock) -> Value {
    let number = |name: &str| r.field(name).and_then(|v| v.trim().parse::<f64>().ok());
    let mut obj = json!({
        "service_request_id": r.id,
        "status": r.status,
        "status_notes": r.notes,
        "agency_responsible": r.agency,
        "service_code": r.service_code,
        "description": r.field("description"),
        "lat": number("lat"),
        "long": number("long"),
        "address": r.field("address_string").or_else(|| r.field("address")),
        "media_url": r.field("media_url"),
        "requested_datetime": clock.render(r.requested_at),
    });
    if let (Some(updated), Some(map)) = (clock.render_updated(r.updated_at), obj.as_object_mut()) {
        map.insert("updated_datetime".to_string(), Value::String(updated));
    }
    obj
}

/// A scripted failure: 500 is Django's page, other 5xx nginx's, 4xx a GeoReport JSON error.
fn failure(status: u16) -> (u16, ResponseTemplate) {
    let reason = reqwest::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error");
    match status {
        500 => (500, html_answer(500, DJANGO_500)),
        501..=599 => {
            let page = format!(
                "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n\
                 <center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
            );
            (status, html_answer(status, &page))
        }
        _ => error(status, reason),
    }
}

/// GeoReport v2's error shape, `[{code, description}]`.
fn error(status: u16, description: &str) -> (u16, ResponseTemplate) {
    (status, json_answer(status, json!([{ "code": status, "description": description }])))
}

fn json_answer(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn html_answer(status: u16, page: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(page.as_bytes().to_vec(), "text/html; charset=utf-8")
}
