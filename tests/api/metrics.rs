//! `/metrics` of a fresh process: every metric is there before the first event, and counting works. Each
//! test starts its own `kentongan serve`, because the recorder is global: in this test binary every other
//! test's traffic would show up too, and a check on the shared recorder could not fail.

use std::collections::BTreeSet;

use crate::binary::{Served, kentongan};
use crate::helpers::*;

/// Every `kentongan_*` metric name the README documents.
fn documented() -> BTreeSet<String> {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let names = regex::Regex::new(r"\bkentongan_[a-z_]+[a-z]\b").unwrap();
    names.find_iter(&readme).map(|m| m.as_str().to_string()).collect()
}

/// Every metric name the code records (`counter!("…"`, `gauge!(`, `histogram!(`), from the sources.
fn recorded() -> BTreeSet<String> {
    let call = regex::Regex::new(r#"(?:counter|gauge|histogram)!\(\s*"(kentongan_[a-z_]+)""#).unwrap();
    let mut names = BTreeSet::new();
    let mut dirs = vec![repo_path("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                names.extend(call.captures_iter(&text).map(|c| c[1].to_string()));
            }
        }
    }
    names
}

/// `serve` in `dir` with Telegram (webhook, fake Bot API) and the android SMS provider on, central none.
async fn serve(dir: &std::path::Path, bot_api: &wiremock::MockServer) -> Served {
    let mut cmd = kentongan(dir);
    cmd.env("KENTONGAN_SERVER__LISTEN", "127.0.0.1:0")
        .env("KENTONGAN_DIALOGS__DIR", repo_path("dialogs"))
        .env("KENTONGAN_CLASSIFY__CATALOGUE", repo_path("deploy/pekalongan/opd.toml"))
        .env("KENTONGAN_TELEGRAM__TOKEN", TOKEN)
        .env("KENTONGAN_TELEGRAM__WEBHOOK_SECRET", SECRET)
        .env("KENTONGAN_TELEGRAM__API_URL", bot_api.uri())
        .env("KENTONGAN_SMS__ANDROID__ENABLED", "true")
        .env("KENTONGAN_SMS__ANDROID__SIGNING_KEY", "android-signing-key")
        .env("KENTONGAN_SMS__ANDROID__API_URL", "http://127.0.0.1:9/")
        .arg("serve");
    Served::start(cmd).await
}

async fn scrape(served: &Served) -> String {
    reqwest::get(format!("{}/metrics", served.base)).await.unwrap().text().await.unwrap()
}

/// The value of the series `series` (name with labels, as rendered), if listed.
fn value(metrics: &str, series: &str) -> Option<f64> {
    metrics.lines().find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.trim().parse().ok())
}

#[test]
fn every_metric_the_code_records_is_documented_in_the_readme() {
    let missing: Vec<_> = recorded().difference(&documented()).cloned().collect();
    assert!(missing.is_empty(), "recorded but not in README.md: {missing:?}");
    assert!(recorded().len() >= 16, "the source scan found too little: {:?}", recorded());
}

#[tokio::test]
async fn a_fresh_gateway_lists_every_documented_metric_at_zero_before_any_traffic() {
    let dir = tempfile::tempdir().unwrap();
    let bot_api = fake_bot_api().await;
    let served = serve(dir.path(), &bot_api).await;
    let metrics = scrape(&served).await;
    for name in documented() {
        assert!(metrics.contains(&format!("# HELP {name} ")), "{name} is not described:\n{metrics}");
        assert!(metrics.lines().any(|l| l.starts_with(&name)), "{name} has no series:\n{metrics}");
    }
    for series in [
        r#"kentongan_inbound_total{channel="telegram"}"#,
        r#"kentongan_tickets_created_total{channel="sms"}"#,
        r#"kentongan_handling_seconds_count{channel="telegram"}"#,
        r#"kentongan_forward_total{result="dead"}"#,
        "kentongan_forward_dead",
        "kentongan_central_up",
        r#"kentongan_send_queue{kind="send.telegram",class="DialogReply"}"#,
        r#"kentongan_sms_ignored_total{provider="android",reason="flood"}"#,
    ] {
        assert_eq!(value(&metrics, series), Some(0.0), "{series} is not 0:\n{metrics}");
    }
    let (status, log) = served.stop().await;
    assert!(status.success(), "{status}:\n{log}");
}

#[tokio::test]
async fn one_message_in_a_fresh_process_moves_the_inbound_reply_and_handling_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let bot_api = fake_bot_api().await;
    let served = serve(dir.path(), &bot_api).await;
    let update = text_update(1, 42, "/start", None);
    let posted = reqwest::Client::new()
        .post(format!("{}/telegram/webhook", served.base))
        .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 200);
    let replied = r#"kentongan_replies_sent_total{channel="telegram"}"#;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let metrics = loop {
        let metrics = scrape(&served).await;
        if value(&metrics, replied).unwrap_or(0.0) >= 1.0 || std::time::Instant::now() > deadline {
            break metrics;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(value(&metrics, r#"kentongan_inbound_total{channel="telegram"}"#), Some(1.0), "{metrics}");
    assert_eq!(value(&metrics, r#"kentongan_handling_seconds_count{channel="telegram"}"#), Some(1.0));
    assert!(value(&metrics, replied).unwrap_or(0.0) >= 1.0, "no reply counted:\n{metrics}");
    assert_eq!(value(&metrics, r#"kentongan_inbound_total{channel="sms"}"#), Some(0.0));
    served.stop().await;
}
