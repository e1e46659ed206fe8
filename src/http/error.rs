//! One error type for every HTTP handler, mapped to a status code in one place.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tracing::error;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("unauthorized")]
    Unauthorized,
    #[error("{0}")]
    BadRequest(String),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        ApiError::Internal(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Internal(e) => {
                // Logged once, here; the client sees an opaque message.
                error!(error = %e, "request failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        (status, self.to_string()).into_response()
    }
}

/// A short reason for a body that is not the JSON we expect — without echoing any of its content
/// (serde quotes offending values, which may be a citizen's text or number).
pub fn json_reason(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Io => "unreadable body".into(),
        Category::Syntax => "malformed JSON".into(),
        Category::Eof => "truncated JSON".into(),
        Category::Data => {
            let msg = e.to_string();
            match msg.split(" at line").next() {
                // "missing field `sender`" names our field, not their data.
                Some(m) if m.starts_with("missing field") => m.to_owned(),
                _ => "unexpected fields".into(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_reasons_name_missing_fields_but_never_echo_values() {
        #[derive(Debug, serde::Deserialize)]
        #[expect(dead_code, reason = "only parsed")]
        struct Msg {
            sender: String,
            n: u32,
        }
        let missing = serde_json::from_str::<Msg>(r#"{"n": 1}"#).unwrap_err();
        assert_eq!(json_reason(&missing), "missing field `sender`");
        let wrong = serde_json::from_str::<Msg>(r#"{"sender": "+6281234567890", "n": "LAPOR rahasia"}"#).unwrap_err();
        let reason = json_reason(&wrong);
        assert!(!reason.contains("LAPOR") && !reason.contains("+62"), "{reason}");
    }
}
