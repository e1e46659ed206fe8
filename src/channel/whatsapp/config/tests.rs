//! The WhatsApp settings: defaults that are safe to run, and refusals that name the key.

use secrecy::SecretString;

use super::*;

fn enabled() -> WhatsAppSettings {
    WhatsAppSettings {
        enabled: true,
        phone_number_id: "106540352242922".into(),
        access_token: Some(SecretString::from("EAAG-test-token")),
        app_secret: Some(SecretString::from("0123456789abcdef0123")),
        verify_token: Some(SecretString::from("verify-token-0123456789")),
        ..WhatsAppSettings::default()
    }
}

fn refusal(s: &WhatsAppSettings) -> String {
    s.validate().expect_err("should be refused").to_string()
}

#[test]
fn the_defaults_are_valid_and_pace_well_under_the_cloud_api_throughput() {
    let s = WhatsAppSettings::default();
    s.validate().unwrap();
    assert!(!s.enabled);
    assert!(s.per_sec <= 40.0, "at most half of the default 80/s");
    assert!(s.graph_base.starts_with("https://graph.facebook.com/v"));
    assert_eq!(s.media_max_bytes, 5 * 1024 * 1024);
    let pace = s.pace();
    pace.check().unwrap();
    assert_eq!(pace.per_chat_interval, std::time::Duration::from_secs(6));
}

#[test]
fn the_pace_never_puts_more_than_per_sec_messages_into_one_second_burst_included() {
    for per_sec in [2.0, 3.0, 20.0, 80.0, 1000.0] {
        let s = WhatsAppSettings { per_sec, ..WhatsAppSettings::default() };
        let pace = s.pace();
        pace.check().unwrap();
        assert!(f64::from(pace.global_burst) + pace.global_per_sec <= per_sec, "{per_sec}: {pace:?}");
        assert!(pace.global_per_sec >= per_sec / 2.0, "{per_sec}: the rate keeps at least half: {pace:?}");
    }
}

#[test]
fn an_enabled_channel_with_every_credential_is_valid() {
    enabled().validate().unwrap();
}

#[test]
fn each_missing_credential_is_refused_naming_its_key() {
    let mut s = enabled();
    s.access_token = None;
    assert!(refusal(&s).starts_with("whatsapp.access_token:"));
    let mut s = enabled();
    s.app_secret = None;
    assert!(refusal(&s).starts_with("whatsapp.app_secret:"));
    let mut s = enabled();
    s.verify_token = Some(SecretString::from("short"));
    assert!(refusal(&s).starts_with("whatsapp.verify_token:"));
    let mut s = enabled();
    s.phone_number_id = "+62 811 000".into();
    assert!(refusal(&s).starts_with("whatsapp.phone_number_id:"));
}

#[test]
fn out_of_range_values_are_refused_naming_their_key_even_when_disabled() {
    type Change = fn(&mut WhatsAppSettings);
    let cases: [(Change, &str); 5] = [
        (|s| s.per_sec = 5000.0, "whatsapp.per_sec:"),
        (|s| s.per_sec = f64::NAN, "whatsapp.per_sec:"),
        (|s| s.per_recipient_secs = 0.0, "whatsapp.per_recipient_secs:"),
        (|s| s.media_max_bytes = 0, "whatsapp.media_max_bytes:"),
        (|s| s.graph_base = "https://graph.facebook.com/v24.0/".into(), "whatsapp.graph_base:"),
    ];
    for (change, key) in cases {
        let mut s = WhatsAppSettings::default();
        change(&mut s);
        assert!(refusal(&s).starts_with(key), "{key}");
    }
}

#[test]
fn a_status_template_reads_from_toml_with_indonesian_and_the_documented_parameter_order() {
    let s: WhatsAppSettings = toml::from_str("[templates.status]\nname = \"status_laporan\"\n").unwrap();
    let t = s.templates.status.clone().unwrap();
    assert_eq!(t.language, "id");
    assert_eq!(t.parameters, [TemplateParam::TrackingId, TemplateParam::StatusLabel, TemplateParam::Note]);
    assert_eq!(t.body_parameters("LPR-7K3M9Q", "Diproses", ""), ["LPR-7K3M9Q", "Diproses", "-"]);
    s.validate().unwrap();
}

#[test]
fn a_template_with_a_bad_name_or_a_repeated_parameter_is_refused() {
    let mut s = WhatsAppSettings::default();
    s.templates.status =
        Some(StatusTemplate { name: "Status Laporan".into(), language: "id".into(), parameters: vec![] });
    assert!(refusal(&s).starts_with("whatsapp.templates.status.name:"));
    let twice = vec![TemplateParam::Note, TemplateParam::Note];
    s.templates.status = Some(StatusTemplate { name: "status".into(), language: "id".into(), parameters: twice });
    assert!(refusal(&s).starts_with("whatsapp.templates.status.parameters:"));
}

#[test]
fn secrets_never_serialise() {
    let shown = serde_json::to_string(&enabled()).unwrap();
    assert!(!shown.contains("EAAG-test-token") && !shown.contains("0123456789abcdef0123"));
    assert!(shown.contains("[redacted]"));
}
