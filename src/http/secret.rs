//! Shared secrets on our routes (Telegram's secret token, Gammu's and Kannel's secrets), compared so
//! that timing does not tell where a guess went wrong.

use axum::http::HeaderMap;
use secrecy::{ExposeSecret, SecretString};

use super::ApiError;

/// Compares secrets without leaking where they differ through timing.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `Ok` when `given` is the configured secret; no secret configured refuses everyone.
pub fn require(expected: Option<&SecretString>, given: Option<&[u8]>) -> Result<(), ApiError> {
    match (expected, given) {
        (Some(expected), Some(given)) if constant_time_eq(given, expected.expose_secret().as_bytes()) => Ok(()),
        _ => Err(ApiError::Unauthorized),
    }
}

/// [`require`] for a secret carried in request header `name`.
pub fn require_header(expected: Option<&SecretString>, headers: &HeaderMap, name: &str) -> Result<(), ApiError> {
    require(expected, headers.get(name).map(|v| v.as_bytes()))
}
