//! The `open311` adapter: a GeoReport v2 client (`requests.json`, `tokens/{token}.json`,
//! `requests/{id}.json`) that tolerates the ways real servers deviate from the spec, and finds a request
//! it already created through the public listing, since GeoReport v2 has no idempotency.

mod wire;

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use reqwest::StatusCode;
use url::Url;

use crate::http::{self, endpoint, read_body, status_error, transport_error};
use crate::{CentralApi, CentralStatus, Created, ForwardError, ForwardTicket};

/// Settings of one Open311 endpoint. `Debug` never prints the API key.
#[derive(Clone, PartialEq)]
pub struct Open311Config {
    /// Base URL, e.g. `https://311.example.go.id/open311/v2`.
    pub base_url: String,
    /// Sent as `api_key` in every create.
    pub api_key: Option<String>,
    /// Sent as `jurisdiction_id` (form field on create, query on reads) when the server hosts several.
    pub jurisdiction_id: Option<String>,
    /// Form field carrying the address text: `address_string` in the spec, some servers use their own.
    pub address_field: String,
    /// Bound on each request.
    pub timeout: Duration,
}

impl std::fmt::Debug for Open311Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Open311Config")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("jurisdiction_id", &self.jurisdiction_id)
            .field("address_field", &self.address_field)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl Default for Open311Config {
    fn default() -> Self {
        Open311Config {
            base_url: String::new(),
            api_key: None,
            jurisdiction_id: None,
            address_field: "address_string".to_string(),
            timeout: Duration::from_secs(10),
        }
    }
}

/// Client for an Open311 GeoReport v2 server.
#[derive(Debug, Clone)]
pub struct Open311Api {
    base: Url,
    config: Open311Config,
    client: reqwest::Client,
}

impl Open311Api {
    pub fn new(config: Open311Config) -> Result<Self, String> {
        if config.address_field.trim().is_empty() {
            return Err("open311 address_field must not be empty".to_string());
        }
        Ok(Open311Api { base: http::base_url(&config.base_url)?, client: http::client(config.timeout)?, config })
    }

    /// `GET {base}/{segments}` with `jurisdiction_id` when configured; returns status and body.
    async fn get(&self, op: &str, segments: &[&str]) -> Result<(StatusCode, Option<Duration>, String), ForwardError> {
        self.get_with(op, segments, &[]).await
    }

    /// `get` with extra query parameters.
    async fn get_with(
        &self,
        op: &str,
        segments: &[&str],
        query: &[(&str, String)],
    ) -> Result<(StatusCode, Option<Duration>, String), ForwardError> {
        let mut url = endpoint(&self.base, segments);
        if let Some(jurisdiction) = &self.config.jurisdiction_id {
            url.query_pairs_mut().append_pair("jurisdiction_id", jurisdiction);
        }
        for (key, value) in query {
            url.query_pairs_mut().append_pair(key, value);
        }
        let resp = self.client.get(url).send().await.map_err(|e| transport_error(op, e))?;
        read_body(op, resp).await
    }
}

#[async_trait]
impl CentralApi for Open311Api {
    fn name(&self) -> &'static str {
        "open311"
    }

    async fn create(&self, ticket: &ForwardTicket) -> Result<Created, ForwardError> {
        const OP: &str = "open311 create";
        let cfg = wire::FormConfig {
            api_key: self.config.api_key.as_deref(),
            jurisdiction_id: self.config.jurisdiction_id.as_deref(),
            address_field: &self.config.address_field,
        };
        let form = wire::create_form(&cfg, ticket)?;
        let resp = self
            .client
            .post(endpoint(&self.base, &["requests.json"]))
            .header("Idempotency-Key", ticket.id.to_string())
            .form(&form)
            .send()
            .await
            .map_err(|e| transport_error(OP, e))?;
        let (status, retry_after, body) = read_body(OP, resp).await?;
        if !status.is_success() {
            return Err(status_error(OP, status, retry_after, &body));
        }
        wire::parse_created(status, &body)
    }

    /// A 404 means the server has no `tokens` endpoint (or does not know the token yet): keep waiting.
    /// The worker decides how long to wait before giving up on the token.
    async fn resolve_token(&self, token: &str) -> Result<Option<String>, ForwardError> {
        const OP: &str = "open311 token";
        let (status, retry_after, body) = self.get(OP, &["tokens", &format!("{token}.json")]).await?;
        if status == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !status.is_success() {
            return Err(status_error(OP, status, retry_after, &body));
        }
        wire::parse_token(status, &body)
    }

    async fn status(&self, central_id: &str) -> Result<CentralStatus, ForwardError> {
        const OP: &str = "open311 status";
        let (status, retry_after, body) = self.get(OP, &["requests", &format!("{central_id}.json")]).await?;
        if !status.is_success() {
            return Err(status_error(OP, status, retry_after, &body));
        }
        wire::parse_status(status, &body)
    }

    /// GeoReport v2 has no idempotency: a server ignores `Idempotency-Key`, so a create whose answer was
    /// lost (a timeout after the server stored it) must be looked up before it is sent again.
    fn idempotent_create(&self) -> bool {
        false
    }

    /// Searches the public listing (`GET requests.json`) of the ticket's service for our tracking ID, which
    /// every create puts in the description footer and in `attribute[tracking_id]`. The window is widened
    /// by an hour each way because the server filters by its own clock, which need not agree with ours.
    /// A 404 means the server publishes no listing: nothing can be found, so none.
    async fn find_existing(&self, ticket: &ForwardTicket, since: DateTime<Utc>) -> Result<Vec<String>, ForwardError> {
        const OP: &str = "open311 find";
        let service_code = ticket.service_code.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let tracking_id = ticket.tracking_id.trim();
        let Some(service_code) = service_code.filter(|_| !tracking_id.is_empty()) else {
            return Ok(Vec::new());
        };
        let slack = TimeDelta::hours(1);
        let time = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
        let query = [
            ("service_code", service_code.to_string()),
            ("start_date", time(since - slack)),
            ("end_date", time(Utc::now() + slack)),
        ];
        let (status, retry_after, body) = self.get_with(OP, &["requests.json"], &query).await?;
        // No listing (404) is a refusal, not an empty answer: the caller must know it could not look.
        if !status.is_success() {
            return Err(status_error(OP, status, retry_after, &body));
        }
        wire::parse_existing(status, &body, tracking_id)
    }
}
