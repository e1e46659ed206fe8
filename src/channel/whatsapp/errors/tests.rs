//! A test per error code the issue names, through the send answer and through a failed status alike.

use super::*;

fn send_answer(code: i64) -> Failure {
    let body = serde_json::json!({"error": {"message": "(#x) text", "type": "OAuthException", "code": code,
        "error_subcode": 2494055, "error_data": {"details": "d"}, "fbtrace_id": "AbCdEf"}});
    classify_response(400, body.to_string().as_bytes())
}

#[test]
fn throughput_130429_slows_the_whole_number_and_retries() {
    assert!(matches!(send_answer(130429), Failure::RateLimitedNumber(d) if d >= Duration::from_secs(1)));
}

#[test]
fn pair_rate_131056_slows_only_that_recipient_by_about_six_seconds() {
    assert_eq!(send_answer(131056), Failure::RateLimitedRecipient(Duration::from_secs(6)));
}

#[test]
fn re_engagement_131047_says_the_window_is_closed() {
    assert_eq!(send_answer(131047), Failure::OutsideWindow);
    assert_eq!(classify_code(131047), Failure::OutsideWindow, "the same from a failed status");
}

#[test]
fn undeliverable_131026_is_permanent_for_that_message() {
    assert!(matches!(send_answer(131026), Failure::Permanent { code: 131026, .. }));
}

#[test]
fn unsupported_type_131051_is_permanent_for_that_message() {
    assert!(matches!(send_answer(131051), Failure::Permanent { code: 131051, .. }));
}

#[test]
fn an_expired_token_190_pauses_the_channel() {
    assert!(matches!(send_answer(190), Failure::PauseChannel { code: 190, .. }));
    let bare_401 = classify_response(401, b"");
    assert!(matches!(bare_401, Failure::PauseChannel { code: 190, .. }), "{bare_401:?}");
}

#[test]
fn a_policy_block_368_pauses_the_channel() {
    assert!(matches!(send_answer(368), Failure::PauseChannel { code: 368, .. }));
}

#[test]
fn spam_and_account_rate_limits_slow_the_whole_number_longer() {
    for code in [131048, 4, 80007] {
        assert_eq!(send_answer(code), Failure::RateLimitedNumber(Duration::from_secs(60)), "{code}");
    }
}

#[test]
fn meta_side_trouble_retries_later() {
    for code in [131000, 131016, 131057] {
        assert!(matches!(send_answer(code), Failure::RetryAfter(_)), "{code}");
    }
}

#[test]
fn http_5xx_and_transport_errors_retry_and_a_bare_429_slows_the_number() {
    assert_eq!(
        classify_response(503, b"<html>Service Unavailable</html>"),
        Failure::RetryAfter(Duration::from_secs(5))
    );
    assert_eq!(classify_response(500, br#"{"error":{"message":"x"}}"#), Failure::RetryAfter(Duration::from_secs(5)));
    assert!(matches!(classify_response(429, b""), Failure::RateLimitedNumber(_)));
    assert!(matches!(transport_failure(), Failure::RetryAfter(_)));
}

#[test]
fn any_other_code_is_permanent_and_its_reason_quotes_nothing_from_meta() {
    for code in [131021, 131008, 131009, 132001, 1, 999_999] {
        let Failure::Permanent { code: got, reason } = send_answer(code) else { panic!("{code}") };
        assert_eq!(got, code);
        assert!(!reason.contains("(#x) text"));
    }
    assert!(matches!(classify_response(404, b"not json"), Failure::Permanent { code: 0, .. }));
}

#[test]
fn the_error_body_parses_with_its_subcode_and_trace_id() {
    let body =
        br#"{"error":{"message":"m","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"AbC"}}"#;
    let parsed: GraphErrorBody = serde_json::from_slice(body).unwrap();
    assert_eq!((parsed.error.code, parsed.error.error_subcode), (190, Some(463)));
    assert_eq!(parsed.error.fbtrace_id.as_deref(), Some("AbC"));
}
