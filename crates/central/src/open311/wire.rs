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
    put("description", &description(t));
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
    // Staff match a request to the citizen by these. GeoReport v2 answers carry no attributes, so a
    // server need not show them anywhere: the description footer carries them too.
    put("attribute[tracking_id]", &t.tracking_id);
    if let Some(day) = t.occurred_on {
        put("attribute[occurred_on]", &day.format("%Y-%m-%d").to_string());
    }
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

/// The complaint text, then a footer with the tracking ID and incident date. The whole stays within
/// `MAX_DESCRIPTION_CHARS`: the complaint is cut, never the footer, because the footer is what lets staff
/// (and `find_existing`) recognise the request.
pub(crate) fn description(t: &ForwardTicket) -> String {
    let mut footer = format!("\n\n—\nNo. laporan: {}", t.tracking_id);
    if let Some(day) = t.occurred_on {
        footer.push_str(&format!("\nTanggal kejadian: {}", day.format("%Y-%m-%d")));
    }
    let room = MAX_DESCRIPTION_CHARS.saturating_sub(footer.chars().count());
    let complaint: String = t.description.trim_end().chars().take(room).collect();
    // Only an absurd tracking ID makes the footer alone too long; the spec limit still wins.
    format!("{complaint}{footer}").chars().take(MAX_DESCRIPTION_CHARS).collect()
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
        agency: text("agency_responsible").map(str::to_string),
        updated_at: text("updated_datetime")
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|d| d.with_timezone(&Utc)),
    })
}

/// The IDs of listed requests that carry `tracking_id`: in the description (our footer), or as an
/// echoed `attributes`/`attribute` value. A listing is a list of requests or, on some servers, one bare
/// object; an error object inside a 2xx is classified by its code, and a 404 inside means "none".
pub(crate) fn parse_existing(status: StatusCode, body: &str, tracking_id: &str) -> Result<Vec<String>, ForwardError> {
    const OP: &str = "open311 find";
    let value: Value = serde_json::from_str(body).map_err(|_| unparseable(OP, status, "not JSON"))?;
    let items: Vec<&serde_json::Map<String, Value>> = match &value {
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        Value::Object(obj) => vec![obj],
        _ => return Err(unparseable(OP, status, "not a request list")),
    };
    if let [only] = items.as_slice()
        && id_of(only, "service_request_id").is_none()
        && let Some(err) = embedded_error(OP, only, body)
    {
        let not_found = only.get("code").and_then(Value::as_u64) == Some(404);
        return if not_found { Ok(Vec::new()) } else { Err(err) };
    }
    let mut ids: Vec<String> = Vec::new();
    for item in items {
        let Some(id) = id_of(item, "service_request_id") else { continue };
        if carries_tracking_id(item, tracking_id) && !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Ours when our own footer names the ID (a citizen quoting someone's report number in the text is not a
/// match), or an echoed attribute does.
fn carries_tracking_id(item: &serde_json::Map<String, Value>, tracking_id: &str) -> bool {
    let in_description = item.get("description").and_then(Value::as_str).is_some_and(|d| footer_names(d, tracking_id));
    in_description
        || ["attributes", "attribute"].iter().any(|key| item.get(*key).is_some_and(|a| attribute_is(a, tracking_id)))
}

/// Echoed attributes come as `{"tracking_id": "…"}` or as `[{"code": "tracking_id", "value": "…"}]`.
fn attribute_is(attributes: &Value, tracking_id: &str) -> bool {
    fn text(v: Option<&Value>) -> Option<&str> {
        v.and_then(Value::as_str).map(str::trim)
    }
    match attributes {
        Value::Object(map) => text(map.get("tracking_id")) == Some(tracking_id),
        Value::Array(items) => items.iter().filter_map(Value::as_object).any(|a| {
            let named = ["code", "name", "key"].iter().any(|k| text(a.get(*k)) == Some("tracking_id"));
            named && text(a.get("value")) == Some(tracking_id)
        }),
        _ => false,
    }
}

/// The text after the last `—` line (the footer `description` writes) has the line `No. laporan: <id>`.
fn footer_names(description: &str, tracking_id: &str) -> bool {
    let lines: Vec<&str> = description.lines().map(str::trim).collect();
    let Some(start) = lines.iter().rposition(|l| *l == "—") else { return false };
    lines[start + 1..].iter().any(|l| l.strip_prefix("No. laporan:").is_some_and(|rest| rest.trim() == tracking_id))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use uuid::Uuid;

    use super::*;

    fn ticket(description: &str, occurred_on: Option<NaiveDate>) -> ForwardTicket {
        ForwardTicket {
            id: Uuid::nil(),
            tracking_id: "PKL-7Q3K9XW".into(),
            report_type: "pengaduan".into(),
            title: "t".into(),
            description: description.into(),
            occurred_on,
            location: None,
            address: None,
            opd_code: None,
            service_code: Some("jalan-drainase".into()),
            anonymous: true,
            confidential: false,
            reporter: None,
            attachments: vec![],
        }
    }

    #[test]
    fn the_footer_names_the_tracking_id_and_the_day_when_known() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1);
        assert_eq!(
            description(&ticket("Got mampet.\n", day)),
            "Got mampet.\n\n—\nNo. laporan: PKL-7Q3K9XW\nTanggal kejadian: 2026-12-01"
        );
        assert_eq!(description(&ticket("Got mampet.", None)), "Got mampet.\n\n—\nNo. laporan: PKL-7Q3K9XW");
    }

    #[test]
    fn a_long_complaint_is_cut_so_the_footer_survives_within_the_limit() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1);
        let text = description(&ticket(&"é".repeat(5000), day));
        assert_eq!(text.chars().count(), MAX_DESCRIPTION_CHARS);
        assert!(text.ends_with("No. laporan: PKL-7Q3K9XW\nTanggal kejadian: 2026-12-01"), "{text}");
    }

    #[test]
    fn a_listing_yields_the_ids_of_requests_carrying_the_tracking_id() {
        let body = r#"[
            {"service_request_id": 1001, "description": "Banjir\n\n—\nNo. laporan: PKL-7Q3K9XW"},
            {"service_request_id": "1002", "description": "No. laporan: PKL-7Q3K9XWZ"},
            {"service_request_id": "1006", "description": "sama dengan PKL-7Q3K9XW\n\n—\nNo. laporan: PKL-AAAAAAA"},
            {"service_request_id": "1007", "description": "No. laporan: PKL-7Q3K9XW (kutipan)\n\n—\nNo. laporan: PKL-AAAAAAA"},
            {"service_request_id": "1003", "description": "lain", "attributes": {"tracking_id": "PKL-7Q3K9XW"}},
            {"service_request_id": "1004", "attribute": [{"code": "tracking_id", "value": "PKL-7Q3K9XW"}]},
            {"service_request_id": "1005", "attribute": [{"code": "other", "value": "PKL-7Q3K9XW"}]},
            {"description": "No. laporan: PKL-7Q3K9XW"},
            {"service_request_id": 1001, "description": "PKL-7Q3K9XW again"}
        ]"#;
        let ids = parse_existing(StatusCode::OK, body, "PKL-7Q3K9XW").unwrap();
        assert_eq!(ids, vec!["1001", "1003", "1004"]);
    }

    #[test]
    fn a_bare_object_an_empty_list_and_embedded_errors_are_read_tolerantly() {
        let bare = r#"{"service_request_id": "9", "description": "Banjir\n—\nNo. laporan: PKL-7Q3K9XW"}"#;
        assert_eq!(parse_existing(StatusCode::OK, bare, "PKL-7Q3K9XW").unwrap(), vec!["9"]);
        assert!(parse_existing(StatusCode::OK, "[]", "PKL-7Q3K9XW").unwrap().is_empty());
        let none = r#"[{"code": 404, "description": "No service requests found"}]"#;
        assert!(parse_existing(StatusCode::OK, none, "PKL-7Q3K9XW").unwrap().is_empty());
        let broken = r#"[{"code": 500, "description": "database down"}]"#;
        assert!(matches!(parse_existing(StatusCode::OK, broken, "PKL-7Q3K9XW"), Err(ForwardError::Retryable { .. })));
        assert!(matches!(parse_existing(StatusCode::OK, "<html>", "x"), Err(ForwardError::Retryable { .. })));
    }
}
