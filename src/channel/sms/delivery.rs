//! Delivery reports from any provider, mapped to one status and stored against the send job.

use chrono::Utc;

use super::{Provider, SmsState};
use crate::http::ApiError;
use crate::store::{DeliveryReport, DeliveryStatus};

/// The reference we give a provider for one part: `"{job id}.{part}"`, echoed in its reports.
pub fn reference(job_id: i64, part: usize) -> String {
    format!("{job_id}.{part}")
}

/// Parses a reference back; `None` for anything we did not issue: a job id below 1, or a part
/// outside `0..MAX_SMS_PARTS`.
pub fn parse_reference(s: &str) -> Option<(i64, i64)> {
    let (job, part) = s.trim().split_once('.')?;
    let (job, part): (i64, i64) = (job.parse().ok()?, part.parse().ok()?);
    let parts = i64::try_from(super::MAX_SMS_PARTS).unwrap_or(i64::MAX);
    (job >= 1 && (0..parts).contains(&part)).then_some((job, part))
}

/// Stores one report; a reference we did not issue is a 400 and changes nothing.
pub async fn record(
    state: &SmsState,
    provider: Provider,
    reference: &str,
    status: DeliveryStatus,
    detail: Option<String>,
) -> Result<(), ApiError> {
    let Some((job_id, part)) = parse_reference(reference) else {
        return Err(ApiError::BadRequest("unknown message reference".into()));
    };
    let report = DeliveryReport { job_id, part, provider: provider.as_str().into(), status, detail, at: Utc::now() };
    if !state.store.record_delivery(&report, &provider.job_kind()).await? {
        return Err(ApiError::BadRequest("unknown message reference".into()));
    }
    metrics::counter!("kentongan_sms_delivery_total", "provider" => provider.as_str(), "status" => status.as_str())
        .increment(1);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_references_we_could_have_issued_parse() {
        assert_eq!(parse_reference(&reference(42, 0)), Some((42, 0)));
        assert_eq!(parse_reference("42.2"), Some((42, 2)));
        for bad in ["42.-9223372036854775808", "42.3", "42.-1", "0.0", "-5.0", "42", "42.x"] {
            assert_eq!(parse_reference(bad), None, "{bad}");
        }
    }
}
