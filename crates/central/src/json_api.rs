//! The `json` adapter: our own documented contract for a LAPOR!-style central endpoint
//! (`docs/central-api.openapi.yaml`): `POST {base}/tickets`, `GET {base}/tickets/{central_id}`.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use crate::http::{self, base_url, endpoint, read_body, status_error, transport_error, unparseable};
use crate::{CentralApi, CentralStatus, Created, ForwardError, ForwardTicket};

/// Client for the JSON contract.
#[derive(Clone)]
pub struct JsonApi {
    base: Url,
    bearer_token: Option<String>,
    client: reqwest::Client,
}

/// Never prints the bearer token.
impl std::fmt::Debug for JsonApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let token = self.bearer_token.as_ref().map(|_| "<redacted>");
        f.debug_struct("JsonApi").field("base", &self.base.as_str()).field("bearer_token", &token).finish()
    }
}

impl JsonApi {
    /// `base_url` may carry a path prefix; `timeout` bounds each request.
    pub fn new(base_url: &str, bearer_token: Option<String>, timeout: Duration) -> Result<Self, String> {
        Ok(JsonApi { base: self::base_url(base_url)?, bearer_token, client: http::client(timeout)? })
    }

    fn request(&self, method: reqwest::Method, url: Url) -> reqwest::RequestBuilder {
        let req = self.client.request(method, url).header(reqwest::header::ACCEPT, "application/json");
        match &self.bearer_token {
            Some(token) => req.bearer_auth(token),
            None => req,
        }
    }
}

/// The create body, exactly as documented (`CreateTicket` in the OpenAPI document).
#[derive(Debug, Serialize)]
pub(crate) struct CreateBody<'a> {
    idempotency_key: uuid::Uuid,
    tracking_id: &'a str,
    #[serde(rename = "type")]
    report_type: &'a str,
    title: &'a str,
    description: &'a str,
    occurred_at: Option<chrono::NaiveDate>,
    location: Option<Location<'a>>,
    opd_code: Option<&'a str>,
    privacy: Privacy,
    #[serde(skip_serializing_if = "Option::is_none")]
    reporter: Option<Reporter<'a>>,
    attachments: Vec<Attachment<'a>>,
}

#[derive(Debug, Serialize)]
struct Location<'a> {
    lat: Option<f64>,
    lon: Option<f64>,
    address: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct Privacy {
    anonymous: bool,
    confidential: bool,
}

#[derive(Debug, Serialize)]
struct Reporter<'a> {
    name: Option<&'a str>,
    phone: Option<&'a str>,
    channel: &'a str,
}

#[derive(Debug, Serialize)]
struct Attachment<'a> {
    url: &'a str,
    mime: &'a str,
}

impl<'a> CreateBody<'a> {
    pub(crate) fn from_ticket(t: &'a ForwardTicket) -> Self {
        let location = (t.location.is_some() || t.address.is_some()).then(|| Location {
            lat: t.location.map(|(lat, _)| lat),
            lon: t.location.map(|(_, lon)| lon),
            address: t.address.as_deref(),
        });
        // An anonymous ticket never carries reporter data, whatever the worker put in `reporter`.
        let reporter = t.reporter.as_ref().filter(|_| !t.anonymous).map(|r| Reporter {
            name: r.name.as_deref(),
            phone: r.phone.as_deref(),
            channel: &r.channel,
        });
        CreateBody {
            idempotency_key: t.id,
            tracking_id: &t.tracking_id,
            report_type: &t.report_type,
            title: &t.title,
            description: &t.description,
            occurred_at: t.occurred_on,
            location,
            opd_code: t.opd_code.as_deref(),
            privacy: Privacy { anonymous: t.anonymous, confidential: t.confidential },
            reporter,
            attachments: t.attachments.iter().map(|a| Attachment { url: &a.url, mime: &a.mime }).collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct StatusBody {
    status: String,
    #[serde(default)]
    response_text: Option<String>,
    #[serde(default)]
    agency: Option<String>,
    #[serde(default)]
    updated_at: Option<DateTime<Utc>>,
}

/// `central_id` as a string, whether the server sent a string or a number.
fn id_field(body: &Value, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn parse_created(status: StatusCode, body: &str) -> Result<Created, ForwardError> {
    const OP: &str = "json create";
    let value: Value = serde_json::from_str(body).map_err(|_| unparseable(OP, status, "not JSON"))?;
    let central_id = id_field(&value, "central_id").ok_or_else(|| unparseable(OP, status, "no central_id"))?;
    let tracking_url = value.get("tracking_url").and_then(Value::as_str).map(str::to_string);
    Ok(Created::Done { central_id, tracking_url })
}

#[async_trait]
impl CentralApi for JsonApi {
    fn name(&self) -> &'static str {
        "json"
    }

    async fn create(&self, ticket: &ForwardTicket) -> Result<Created, ForwardError> {
        const OP: &str = "json create";
        let resp = self
            .request(reqwest::Method::POST, endpoint(&self.base, &["tickets"]))
            .header("Idempotency-Key", ticket.id.to_string())
            .json(&CreateBody::from_ticket(ticket))
            .send()
            .await
            .map_err(|e| transport_error(OP, e))?;
        let (status, retry_after, body) = read_body(OP, resp).await?;
        // 409 with the existing ticket's ID is how some centrals answer a repeated idempotency key.
        if status.is_success() || (status == StatusCode::CONFLICT && parse_created(status, &body).is_ok()) {
            return parse_created(status, &body);
        }
        Err(status_error(OP, status, retry_after, &body))
    }

    /// The JSON contract answers with the ID at once and never issues a token: asking is a caller bug.
    async fn resolve_token(&self, _token: &str) -> Result<Option<String>, ForwardError> {
        Err(ForwardError::permanent("json resolve_token: the json contract issues no tokens"))
    }

    async fn status(&self, central_id: &str) -> Result<CentralStatus, ForwardError> {
        const OP: &str = "json status";
        let url = endpoint(&self.base, &["tickets", central_id]);
        let resp = self.request(reqwest::Method::GET, url).send().await.map_err(|e| transport_error(OP, e))?;
        let (status, retry_after, body) = read_body(OP, resp).await?;
        if !status.is_success() {
            return Err(status_error(OP, status, retry_after, &body));
        }
        let parsed: StatusBody =
            serde_json::from_str(&body).map_err(|_| unparseable(OP, status, "not a status object"))?;
        Ok(CentralStatus {
            status: parsed.status,
            response_text: parsed.response_text,
            agency: parsed.agency.filter(|a| !a.trim().is_empty()),
            updated_at: parsed.updated_at,
        })
    }
}
