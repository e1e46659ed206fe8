//! Shared HTTP plumbing for the adapters: the client, endpoint URLs, and the one place where a transport
//! error or an HTTP status becomes a `ForwardError`.
//!
//! Reasons name the operation, the status and the server's own description (an HTML page marked as such and
//! reduced to its gist, truncated); they never contain what we sent, so no description text or phone number
//! ends up in a log.

mod describe;

use std::time::{Duration, SystemTime};

use reqwest::{Response, StatusCode, header};
use url::Url;

use crate::ForwardError;

pub(crate) use describe::describe;

/// `User-Agent` sent by every adapter.
pub(crate) const USER_AGENT: &str = concat!("kentongan/", env!("CARGO_PKG_VERSION"));

/// A client with the per-request timeout and our `User-Agent`.
pub(crate) fn client(timeout: Duration) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .timeout(timeout)
        .build()
        .map_err(|e| format!("building the HTTP client: {e}"))
}

/// Parses a base URL that must be http(s) and can carry a path prefix (`https://host/api/v1`).
pub(crate) fn base_url(base: &str) -> Result<Url, String> {
    let url = Url::parse(base.trim()).map_err(|e| format!("invalid base URL {base:?}: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(format!("base URL {base:?} must be an http(s) URL"));
    }
    Ok(url)
}

/// `base` + path segments, each percent-encoded (a central ID can never escape its segment).
pub(crate) fn endpoint(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    url.set_query(None);
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

/// Classifies a failure to get any response: timeouts and connection errors are worth retrying.
pub(crate) fn transport_error(op: &str, err: reqwest::Error) -> ForwardError {
    let err = err.without_url();
    if err.is_builder() {
        return ForwardError::permanent(format!("{op}: cannot build the request: {err}"));
    }
    // A refused connection never reached the server; a timeout or a cut-off answer may have been acted on.
    if err.is_connect() && !err.is_timeout() {
        return ForwardError::retryable(format!("{op}: connection failed: {err}"));
    }
    let kind = if err.is_timeout() { "timed out" } else { "transport error" };
    ForwardError::uncertain(format!("{op}: {kind}: {err}"))
}

/// Reads the body of any response; a body that breaks off is a transport problem, so retryable.
pub(crate) async fn read_body(
    op: &str,
    resp: Response,
) -> Result<(StatusCode, Option<Duration>, String), ForwardError> {
    let status = resp.status();
    let retry_after = resp.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(parse_retry_after);
    let body = resp.text().await.map_err(|e| transport_error(op, e))?;
    Ok((status, retry_after, body))
}

/// Classifies a non-success status: 5xx, 408 and 429 are retryable, other 4xx permanent.
pub(crate) fn status_error(op: &str, status: StatusCode, retry_after: Option<Duration>, body: &str) -> ForwardError {
    let page = if describe::is_html_page(body) { " (HTML page)" } else { "" };
    let described = match describe(body) {
        Some(text) => format!("{op}: HTTP {}{page}: {text}", status.as_u16()),
        None => format!("{op}: HTTP {}{page}", status.as_u16()),
    };
    let retryable = status.is_server_error()
        || status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || !status.is_client_error();
    if retryable {
        // 503, 429 and 408 say the server did not take the request; any other 5xx may come after it did.
        let refused = [StatusCode::SERVICE_UNAVAILABLE, StatusCode::TOO_MANY_REQUESTS, StatusCode::REQUEST_TIMEOUT];
        let maybe_delivered = status.is_server_error() && !refused.contains(&status);
        ForwardError::Retryable { reason: described, retry_after, maybe_delivered }
    } else {
        ForwardError::permanent(described)
    }
}

/// A 2xx whose body we cannot read: the server may be mid-deploy, so try again.
pub(crate) fn unparseable(op: &str, status: StatusCode, what: &str) -> ForwardError {
    // The server answered 2xx: it most likely took the request.
    ForwardError::uncertain(format!("{op}: HTTP {} with an unreadable body: {what}", status.as_u16()))
}

/// `Retry-After` as delta-seconds or an HTTP-date (a date in the past means "now").
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        let got = parse_retry_after(&later).unwrap();
        assert!(got > Duration::from_secs(100) && got <= Duration::from_secs(120), "{got:?}");
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn endpoints_keep_the_base_path_and_escape_ids() {
        let base = base_url("https://lapor.example/api/v1/").unwrap();
        assert_eq!(endpoint(&base, &["tickets", "a/b c"]).as_str(), "https://lapor.example/api/v1/tickets/a%2Fb%20c");
        let bare = base_url("http://h:8080").unwrap();
        assert_eq!(endpoint(&bare, &["requests.json"]).as_str(), "http://h:8080/requests.json");
        assert!(base_url("ftp://x").is_err());
        assert!(base_url("not a url").is_err());
    }
}
