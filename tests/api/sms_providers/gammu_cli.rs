//! Gammu's RunOnReceive hook, through the real binary.

use super::*;

/// The binary in `dir`, with nothing from the test's environment that it reads.
fn kentongan(dir: &Path) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_kentongan"));
    cmd.current_dir(dir).env_remove("RUST_LOG");
    for (key, _) in
        std::env::vars().filter(|(k, _)| ["KENTONGAN_", "SMS_", "DECODED_"].iter().any(|p| k.starts_with(p)))
    {
        cmd.env_remove(key);
    }
    cmd
}

/// Runs `kentongan sms gammu-receive --url URL ID` as SMSD would for one `LAPOR` from the citizen.
async fn gammu_receive(dir: &Path, url: &str, id: &str) -> (Output, Duration) {
    let config = dir.join("kentongan.toml");
    std::fs::write(&config, format!("[sms.gammu]\nsecret = \"{GAMMU_SECRET}\"\n")).unwrap();
    let started = Instant::now();
    let out = kentongan(dir)
        .args(["--config", config.to_str().unwrap(), "sms", "gammu-receive", "--url", url, id])
        .env("SMS_MESSAGES", "1")
        .env("SMS_1_NUMBER", CITIZEN)
        .env("SMS_1_TEXT", "LAPOR")
        .output()
        .await
        .unwrap();
    (out, started.elapsed())
}

#[tokio::test]
async fn gammu_receive_hands_the_message_to_the_gateway_which_answers_through_the_modem_once() {
    let app = spawn_sms_app(|_| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let id = "IN20261128_100000_00_+6281234567890_00.txt";
    let (out, _) = gammu_receive(dir.path(), &app.app.base, id).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "exit {:?}: {}", out.status, String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("accepted 1"), "{stdout}");
    app.settle().await;
    assert_eq!(app.app.store().inbound_count().await.unwrap(), 1, "the gateway stored the SMS");
    let answers = app.sms_to(Provider::Gammu, CITIZEN).await;
    let answers: Vec<_> = answers.into_iter().filter(|t| !is_data_notice(t)).collect();
    assert_eq!(
        answers.len(),
        1,
        "one answer (after the first-contact data notice) injected into the modem's outbox: {answers:?}"
    );

    // SMSD may run the hook again for the same message (after a timeout): harmless.
    let (out, _) = gammu_receive(dir.path(), &app.app.base, id).await;
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("duplicate 1"));
    app.settle().await;
    assert_eq!(app.app.store().inbound_count().await.unwrap(), 1);
    let answers = app.sms_to(Provider::Gammu, CITIZEN).await;
    assert_eq!(answers.into_iter().filter(|t| !is_data_notice(t)).count(), 1, "still one answer");
}

#[tokio::test]
async fn gammu_receive_fails_within_two_seconds_saying_the_gateway_did_not_answer() {
    let dir = tempfile::tempdir().unwrap();
    // One address refuses the connection; the other accepts it and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("http://{}", silent.local_addr().unwrap());
    for url in [refused_url(), silent_url] {
        let (out, took) = gammu_receive(dir.path(), &url, "IN1_00").await;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{url}: the hook reports the failure to SMSD");
        assert!(stderr.contains("did not answer") && stderr.contains(&url), "{url}: a clear message: {stderr}");
        assert!(took < Duration::from_secs(2), "{url}: gave up after {took:?}");
    }
    drop(silent);
}
