//! One table from Graph API error codes to what the sender does next. It reads the error body of a send
//! (`{"error":{"code",..}}`) and the `errors[]` of a `failed` status alike: branch on `code`, never on
//! Meta's wording (PROTOCOLS.md, courier's `WACThrottlingErrorCodes`).

use std::time::Duration;

use serde::Deserialize;

/// What a failed send means. Maps one-to-one onto the channel `Transport`'s answer classes, plus
/// `OutsideWindow`, which the caller answers with the template or the SMS fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Transient trouble (5xx, a connection error, 131000/131016): retry after about this long.
    RetryAfter(Duration),
    /// Too many messages to this one recipient (131056): only their queue waits.
    RateLimitedRecipient(Duration),
    /// This phone number's or app's throughput is spent (130429, 131048, 4, 80007, HTTP 429): all wait.
    RateLimitedNumber(Duration),
    /// The 24-hour customer-service window is closed (131047).
    OutsideWindow,
    /// Refused for this message only (131026 undeliverable, 131051 unsupported type, bad parameters, …).
    Permanent { code: i64, reason: &'static str },
    /// The channel cannot send at all until an operator acts (190 token, 368 blocked): pause, do not
    /// dead-letter everybody's messages.
    PauseChannel { code: i64, reason: &'static str },
}

/// `{"error": {...}}` as the Graph API answers a refused request.
#[derive(Debug, Clone, Deserialize)]
pub struct GraphErrorBody {
    pub error: GraphError,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct GraphError {
    #[serde(default)]
    pub code: i64,
    #[serde(default)]
    pub error_subcode: Option<i64>,
    /// Meta's wording; may quote the request: never log it.
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub fbtrace_id: Option<String>,
}

/// Throughput resets within seconds; the pair rate allows about one message per 6 s.
const NUMBER_WAIT: Duration = Duration::from_secs(5);
const PAIR_WAIT: Duration = Duration::from_secs(6);
/// Spam-rate and app or account limits last longer.
const ACCOUNT_WAIT: Duration = Duration::from_secs(60);
const RETRY_WAIT: Duration = Duration::from_secs(30);

/// The class of an error code, from a send answer or a failed status.
pub fn classify_code(code: i64) -> Failure {
    use Failure::*;
    match code {
        130429 => RateLimitedNumber(NUMBER_WAIT),
        131048 | 4 | 80007 => RateLimitedNumber(ACCOUNT_WAIT),
        131056 => RateLimitedRecipient(PAIR_WAIT),
        131047 => OutsideWindow,
        131000 | 131016 | 131057 => RetryAfter(RETRY_WAIT),
        190 | 0 => PauseChannel { code, reason: "access token expired or invalid" },
        368 | 131031 => PauseChannel { code, reason: "account temporarily blocked for a policy violation" },
        131026 => Permanent { code, reason: "message undeliverable to this recipient" },
        131051 => Permanent { code, reason: "unsupported message type" },
        131021 => Permanent { code, reason: "recipient is the sender" },
        131008 | 131009 | 100 => Permanent { code, reason: "a parameter is missing or invalid" },
        132000..=132016 => Permanent { code, reason: "template problem: check whatsapp.templates" },
        _ => Permanent { code, reason: "refused by the Graph API" },
    }
}

/// The class of a non-2xx answer: its error code when the body has one, else the HTTP status.
pub fn classify_response(http_status: u16, body: &[u8]) -> Failure {
    let code = serde_json::from_slice::<GraphErrorBody>(body).ok().map(|b| b.error.code);
    match (code, http_status) {
        (Some(code), _) if code != 0 || http_status == 401 => classify_code(code),
        (_, 429) => Failure::RateLimitedNumber(NUMBER_WAIT),
        (_, 500..=599) => Failure::RetryAfter(Duration::from_secs(5)),
        (_, 401) => classify_code(190),
        (_, _) => Failure::Permanent { code: 0, reason: "refused by the Graph API without an error code" },
    }
}

/// A request that never got an answer (connect, timeout, broken body): retry soon.
pub fn transport_failure() -> Failure {
    Failure::RetryAfter(Duration::from_secs(2))
}

#[cfg(test)]
mod tests;
