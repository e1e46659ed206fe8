//! Shared test data: a realistic ticket from Kota Pekalongan and checks that errors leak nothing personal.

use std::time::Duration;

use chrono::NaiveDate;
use kentongan_central::{Attachment, ForwardError, ForwardTicket, Reporter};
use uuid::Uuid;

pub const PHONE: &str = "+6281234567890";
pub const DESCRIPTION: &str = "Jalan di Jl. Sriwijaya depan SD 3 berlubang besar, sudah dua motor jatuh. \
                               Mohon segera diperbaiki sebelum musim hujan.";

/// A complete, non-anonymous ticket with a location, an address and one photo.
pub fn ticket() -> ForwardTicket {
    ForwardTicket {
        id: Uuid::parse_str("0b5e2f4c-6c1e-4a53-9d43-2f1c7a9e8b10").unwrap(),
        tracking_id: "KTG-2611-0042".to_string(),
        report_type: "pengaduan".to_string(),
        title: "Jalan di Jl. Sriwijaya depan SD 3 berlubang besar".to_string(),
        description: DESCRIPTION.to_string(),
        occurred_on: NaiveDate::from_ymd_opt(2026, 11, 20),
        location: Some((-6.8886, 109.6753)),
        address: Some("Jl. Sriwijaya No. 12, Pekalongan Barat".to_string()),
        opd_code: Some("DPUPR".to_string()),
        service_code: Some("DPUPR-JALAN".to_string()),
        anonymous: false,
        confidential: false,
        reporter: Some(Reporter {
            name: Some("Siti Aminah Rahayu".to_string()),
            phone: Some(PHONE.to_string()),
            channel: "telegram".to_string(),
        }),
        attachments: vec![
            Attachment { url: "https://kentongan.example/media/abc123".to_string(), mime: "image/jpeg".to_string() },
            Attachment { url: "https://kentongan.example/media/def456".to_string(), mime: "image/png".to_string() },
        ],
    }
}

/// Anonymous and confidential — with the reporter still filled in, to prove the adapters drop it.
pub fn anonymous_ticket() -> ForwardTicket {
    ForwardTicket { anonymous: true, confidential: true, ..ticket() }
}

/// A ticket with only what is mandatory: no date, place, OPD, reporter or photo.
pub fn bare_ticket() -> ForwardTicket {
    ForwardTicket {
        id: Uuid::parse_str("7d0c9a55-1b7e-4f0e-8a77-3a8c0f6e2d91").unwrap(),
        report_type: "aspirasi".to_string(),
        occurred_on: None,
        location: None,
        address: None,
        opd_code: None,
        reporter: None,
        attachments: vec![],
        ..ticket()
    }
}

pub fn short_timeout() -> Duration {
    Duration::from_millis(400)
}

/// The error is retryable, and its reason holds no personal data.
pub fn expect_retryable(result: Result<impl std::fmt::Debug, ForwardError>) -> (String, Option<Duration>) {
    match result {
        Err(ForwardError::Retryable { reason, retry_after, .. }) => {
            assert_clean(&reason);
            (reason, retry_after)
        }
        other => panic!("expected Retryable, got {other:?}"),
    }
}

/// The error is permanent, and its reason holds no personal data.
pub fn expect_permanent(result: Result<impl std::fmt::Debug, ForwardError>) -> String {
    match result {
        Err(ForwardError::Permanent { reason }) => {
            assert_clean(&reason);
            reason
        }
        other => panic!("expected Permanent, got {other:?}"),
    }
}

fn assert_clean(reason: &str) {
    for secret in [PHONE, "Siti", "berlubang", "Sriwijaya"] {
        assert!(!reason.contains(secret), "reason leaks {secret:?}: {reason}");
    }
}
