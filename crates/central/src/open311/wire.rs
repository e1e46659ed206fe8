//! GeoReport v2 on the wire: the form we post, and tolerant readers for what real servers answer
//! (a list or a bare object, string or numeric IDs, errors inside a 2xx).

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::Value;

use crate::http::{status_error, unparseable};
use crate::{CentralStatus, Created, ForwardError, ForwardTicket};

/// GeoReport v2 caps `description` at 4000 characters; longer text would only earn a 400.
pub(crate) const MAX_DESCRIPTION_CHARS: usize = 4000;

/// What the form needs from the adapter's configuration.
pub(crate) struct FormConfig<'a> {
    pub api_key: Option<&'a str>,
    pub jurisdiction_id: Option<&'a str>,
    pub address_field: &'a str,
}

/// The form-encoded `POST requests.json` body. Anonymous tickets carry no contact fields.
pub(crate) fn create_form(cfg: &FormConfig<'_>, t: &ForwardTicket) -> Result<Vec<(String, String)>, ForwardError> {
    let service_code = t.service_code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let Some(service_code) = service_code else {
        return Err(ForwardError::permanent("open311 create: the ticket has no service_code for its OPD"));
    };
    let mut form: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: &str| form.push((k.to_string(), v.to_string()));
    if let Some(key) = cfg.api_key {
        put("api_key", key);
    }
    if let Some(jurisdiction) = cfg.jurisdiction_id {
        put("jurisdiction_id", jurisdiction);
    }
    put("service_code", service_code);
    put("description", &t.description.chars().take(MAX_DESCRIPTION_CHARS).collect::<String>());
    if let Some((lat, long)) = t.location {
        put("lat", &lat.to_string());
        put("long", &long.to_string());
    }
    if let Some(address) = t.address.as_deref().filter(|a| !a.trim().is_empty()) {
        put(cfg.address_field, address);
    }
    if let Some(first) = t.attachments.first() {
        put("media_url", &first.url);
    }
    put("attribute[report_type]", &t.report_type);
    put("attribute[anonymous]", bool_word(t.anonymous));
    put("attribute[confidential]", bool_word(t.confidential));
    if let Some(reporter) = t.reporter.as_ref().filter(|_| !t.anonymous) {
        if let Some((first, last)) = reporter.name.as_deref().and_then(split_name) {
            put("first_name", &first);
            if let Some(last) = last {
                put("last_name", &last);
            }
        }
        if let Some(phone) = &reporter.phone {
            put("phone", phone);
        }
    }
    Ok(form)
}

fn bool_word(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// First word as `first_name`, the rest as `last_name`; many Indonesians have one name only.
fn split_name(name: &str) -> Option<(String, Option<String>)> {
    let mut words = name.split_whitespace();
    let first = words.next()?.to_string();
    let rest = words.collect::<Vec<_>>().join(" ");
    Some((first, (!rest.is_empty()).then_some(rest)))
}

/// The first element of a list, or a bare object; `None` for an empty list or anything else.
pub(crate) fn first_object(value: &Value) -> Option<&serde_json::Map<String, Value>> {
    match value {
        Value::Array(items) => items.first()?.as_object(),
        Value::Object(obj) => Some(obj),
        _ => None,
    }
}

/// An ID field as text, whether the server sent a string or a number.
pub(crate) fn id_of(obj: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Some servers answer an error with a 2xx and `[{code, description}]`: classify it by that code.
fn embedded_error(op: &str, obj: &serde_json::Map<String, Value>, body: &str) -> Option<ForwardError> {
    let code = obj.get("code")?.as_u64().or_else(|| obj.get("code")?.as_str()?.parse().ok())?;
    let status = StatusCode::from_u16(u16::try_from(code).ok()?).ok()?;
    (status.is_client_error() || status.is_server_error()).then(|| status_error(op, status, None, body))
}

pub(crate) fn parse_created(status: StatusCode, body: &str) -> Result<Created, ForwardError> {
    const OP: &str = "open311 create";
    let value: Value = serde_json::from_str(body).map_err(|_| unparseable(OP, status, "not JSON"))?;
    let obj = first_object(&value).ok_or_else(|| unparseable(OP, status, "no service request in the answer"))?;
    if let Some(central_id) = id_of(obj, "service_request_id") {
        return Ok(Created::Done { central_id, tracking_url: None });
    }
    if let Some(token) = id_of(obj, "token") {
        return Ok(Created::Pending { token });
    }
    Err(embedded_error(OP, obj, body)
        .unwrap_or_else(|| unparseable(OP, status, "neither service_request_id nor token")))
}

/// `Ok(None)` while the token has no service request yet (an empty list or a null ID).
pub(crate) fn parse_token(status: StatusCode, body: &str) -> Result<Option<String>, ForwardError> {
    const OP: &str = "open311 token";
    let value: Value = serde_json::from_str(body).map_err(|_| unparseable(OP, status, "not JSON"))?;
    match first_object(&value) {
        Some(obj) => match id_of(obj, "service_request_id") {
            Some(id) => Ok(Some(id)),
            None => embedded_error(OP, obj, body).map_or(Ok(None), Err),
        },
        None if value.as_array().is_some_and(Vec::is_empty) => Ok(None),
        None => Err(unparseable(OP, status, "not a token list")),
    }
}

pub(crate) fn parse_status(status: StatusCode, body: &str) -> Result<CentralStatus, ForwardError> {
    const OP: &str = "open311 status";
    let value: Value = serde_json::from_str(body).map_err(|_| unparseable(OP, status, "not JSON"))?;
    let obj = first_object(&value).ok_or_else(|| unparseable(OP, status, "no service request in the answer"))?;
    let Some(word) = obj.get("status").and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()) else {
        return Err(embedded_error(OP, obj, body).unwrap_or_else(|| unparseable(OP, status, "no status")));
    };
    let text = |key: &str| obj.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    Ok(CentralStatus {
        status: word.to_string(),
        response_text: text("status_notes").map(str::to_string),
        updated_at: text("updated_datetime")
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|d| d.with_timezone(&Utc)),
    })
}
