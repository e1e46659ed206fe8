//! The operator's commands through the real binary: webhook management, classification, and the
//! forwarding queue (list dead letters, put them back, show one ticket).

use std::path::Path;
use std::process::Output;

use kentongan::config::CentralAdapter;
use kentongan_central::fake::FakeCentral;
use serde_json::{Value, json};
use wiremock::MockServer;

use crate::helpers::*;

/// The binary in `dir`, with no `KENTONGAN_*` or `RUST_LOG` leaking in from the test's environment.
fn kentongan(dir: &Path) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_kentongan"));
    cmd.current_dir(dir).env_remove("RUST_LOG");
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("KENTONGAN_")) {
        cmd.env_remove(key);
    }
    cmd
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `kentongan telegram ARGS` against `bot_api` with the test token and secret.
async fn telegram(dir: &Path, bot_api: &MockServer, args: &[&str]) -> Output {
    kentongan(dir)
        .env("KENTONGAN_TELEGRAM__TOKEN", TOKEN)
        .env("KENTONGAN_TELEGRAM__WEBHOOK_SECRET", SECRET)
        .env("KENTONGAN_TELEGRAM__API_URL", bot_api.uri())
        .arg("telegram")
        .args(args)
        .output()
        .await
        .unwrap()
}

/// The fields of each Bot API call to `method_name` (case-insensitive), as JSON: teloxide sends most calls as
/// JSON and some (setWebhook, which may carry a certificate) as multipart forms.
async fn calls(bot_api: &MockServer, method_name: &str) -> Vec<Value> {
    let suffix = format!("/{}", method_name.to_lowercase());
    let requests = bot_api.received_requests().await.unwrap_or_default();
    requests.iter().filter(|r| r.url.path().to_lowercase().ends_with(&suffix)).map(fields).collect()
}

fn fields(request: &wiremock::Request) -> Value {
    let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let Some((_, boundary)) = content_type.split_once("boundary=") else {
        return serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    };
    let body = String::from_utf8_lossy(&request.body);
    let mut form = serde_json::Map::new();
    for part in body.split(&format!("--{}", boundary.trim_matches('"'))) {
        let Some((head, value)) = part.split_once("\r\n\r\n") else { continue };
        let Some(name) = head.split("name=\"").nth(1).and_then(|n| n.split('"').next()) else { continue };
        form.insert(name.to_string(), Value::String(value.trim_end_matches("\r\n").to_string()));
    }
    Value::Object(form)
}

#[tokio::test]
async fn set_webhook_registers_the_url_with_the_configured_secret() {
    let dir = tempfile::tempdir().unwrap();
    let bot_api = fake_bot_api().await;
    let out = telegram(dir.path(), &bot_api, &["set-webhook", "--url", "https://example.test/telegram/webhook"]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("webhook set"), "{}", stdout(&out));
    let sets = calls(&bot_api, "setWebhook").await;
    assert_eq!(sets.len(), 1, "one setWebhook call: {sets:?}");
    assert_eq!(sets[0]["url"], json!("https://example.test/telegram/webhook"));
    assert_eq!(sets[0]["secret_token"], json!(SECRET));
}

#[tokio::test]
async fn delete_webhook_calls_the_bot_api_once() {
    let dir = tempfile::tempdir().unwrap();
    let bot_api = fake_bot_api().await;
    let out = telegram(dir.path(), &bot_api, &["delete-webhook"]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("webhook deleted"), "{}", stdout(&out));
    assert_eq!(calls(&bot_api, "deleteWebhook").await.len(), 1);
}

#[tokio::test]
async fn telegram_commands_without_a_token_fail_naming_telegram_token_and_call_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let bot_api = fake_bot_api().await;
    for args in [&["set-webhook", "--url", "https://example.test/telegram/webhook"][..], &["delete-webhook"][..]] {
        let out = kentongan(dir.path())
            .env("KENTONGAN_TELEGRAM__API_URL", bot_api.uri())
            .arg("telegram")
            .args(args)
            .output()
            .await
            .unwrap();
        assert!(!out.status.success(), "{args:?} succeeded without a token");
        assert!(stderr(&out).contains("telegram.token"), "{args:?}: {}", stderr(&out));
    }
    assert!(bot_api.received_requests().await.unwrap_or_default().is_empty());
}

/// `kentongan classify ARGS` with the shipped catalogue.
async fn classify(dir: &Path, args: &[&str]) -> Output {
    kentongan(dir)
        .env("KENTONGAN_CLASSIFY__CATALOGUE", repo_path("deploy/pekalongan/opd.toml"))
        .arg("classify")
        .args(args)
        .output()
        .await
        .unwrap()
}

#[tokio::test]
async fn classify_puts_a_dead_street_lamp_first_at_dinhub() {
    let dir = tempfile::tempdir().unwrap();
    let out = classify(dir.path(), &["lampu jalan di depan rumah mati sudah seminggu"]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let first = text.lines().next().unwrap_or_default();
    assert!(first.starts_with("1. DINHUB"), "first suggestion is not DINHUB: {text}");
}

#[tokio::test]
async fn classify_check_passes_on_the_shipped_pekalongan_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let out = classify(dir.path(), &["check"]).await;
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("ok"), "{}", stdout(&out));
}

/// A database holding one ticket whose forward job the central refused for good (a dead letter).
/// Returns the tracking ID; the app is shut down, so only the binary touches the database afterwards.
async fn database_with_a_dead_letter(fake: &FakeCentral) -> (TestApp, String) {
    fake.fail_next(vec![400]);
    let uri = fake.uri();
    let mut app = spawn_app_with(move |s| {
        s.central.adapter = CentralAdapter::Json;
        s.central.base_url = Some(uri);
        s.central.retry_initial_secs = 0.05;
    })
    .await;
    let tracking = app.file_ticket(91, "jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh", 0).await;
    app.eventually(10, "dead letter", || async {
        !app.store().list_jobs("forward", Some("dead"), 10).await.unwrap().is_empty()
    })
    .await;
    app.app.take().unwrap().shutdown().await;
    (app, tracking)
}

async fn tickets(app: &TestApp, args: &[&str]) -> Output {
    kentongan(app._dir.path())
        .env("KENTONGAN_DATABASE__URL", &app.settings.database.url)
        .env("KENTONGAN_CLASSIFY__CATALOGUE", repo_path("deploy/pekalongan/opd.toml"))
        .arg("tickets")
        .args(args)
        .output()
        .await
        .unwrap()
}

#[tokio::test]
async fn tickets_list_shows_a_dead_letter_and_retry_dead_puts_it_back_in_the_queue() {
    let fake = FakeCentral::start().await;
    let (app, tracking) = database_with_a_dead_letter(&fake).await;

    let list = tickets(&app, &["list", "--state", "dead"]).await;
    assert!(list.status.success(), "{}", stderr(&list));
    let listed = stdout(&list);
    let row =
        listed.lines().find(|l| l.contains(&tracking)).unwrap_or_else(|| panic!("{tracking} not listed: {listed}"));
    assert!(row.split_whitespace().any(|w| w == "dead"), "row does not say dead: {row}");
    assert!(listed.contains("1 job(s)"), "{listed}");

    let retry = tickets(&app, &["retry", "--dead"]).await;
    assert!(retry.status.success(), "{}", stderr(&retry));
    assert!(stdout(&retry).contains("1 dead letter(s) back in the queue"), "{}", stdout(&retry));

    let store = kentongan::store::connect(&app.settings.database.url, 1).await.unwrap();
    assert!(store.list_jobs("forward", Some("dead"), 10).await.unwrap().is_empty(), "no dead letter left");
    let pending = store.list_jobs("forward", Some("pending"), 10).await.unwrap();
    assert_eq!(pending.len(), 1, "the job is pending again: {pending:?}");
    let record = store.ticket_record(&tracking).await.unwrap().unwrap();
    assert_eq!(pending[0].dedupe_key, format!("forward:{}", record.ticket.id));

    let again = tickets(&app, &["retry", "--dead"]).await;
    assert!(!again.status.success(), "retrying with no dead letters reports failure");
    assert!(stdout(&again).contains("0 dead letter(s)"), "{}", stdout(&again));
}

#[tokio::test]
async fn tickets_show_prints_the_report_the_dead_state_with_its_error_and_local_times() {
    let fake = FakeCentral::start().await;
    let (app, tracking) = database_with_a_dead_letter(&fake).await;
    // Typing is forgiving: lower case and no hyphen find the same ticket.
    let typed = tracking.to_lowercase().replace('-', "");
    let out = tickets(&app, &["show", &typed]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    let head = lines.next().unwrap_or_default();
    assert!(head.starts_with(&tracking) && head.contains("status diterima"), "{text}");
    assert!(text.contains("forward dead") && text.contains("last error: json create: HTTP 400"), "{text}");
    assert!(text.contains("text jalan di depan SD Medono berlubang besar"), "the complaint text: {text}");
    assert!(text.contains("channel telegram") && text.contains("place -6.88860, 109.67530"), "{text}");
    let history: Vec<&str> = lines.filter(|l| l.starts_with("  ")).collect();
    assert_eq!(history.len(), 1, "one history entry: {text}");
    assert!(history[0].contains("diterima") && history[0].contains(" WIB "), "times say their zone: {text}");
}

#[tokio::test]
async fn tickets_show_of_an_unknown_ticket_fails_saying_so() {
    let fake = FakeCentral::start().await;
    let (app, tracking) = database_with_a_dead_letter(&fake).await;
    let other = kentongan::domain::TrackingId::generate("PKL", &mut rand::rng()).to_string();
    assert_ne!(other, tracking);
    let out = tickets(&app, &["show", &other]).await;
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no such ticket"), "{}", stderr(&out));
}

#[tokio::test]
async fn tickets_list_piped_into_head_exits_cleanly_instead_of_panicking() {
    let fake = FakeCentral::start().await;
    let (app, _) = database_with_a_dead_letter(&fake).await;
    // Enough rows that the listing outlives the pipe's buffer once `head` has its line and goes.
    let store = kentongan::store::connect(&app.settings.database.url, 1).await.unwrap();
    let now = chrono::Utc::now();
    let jobs: Vec<_> = (0..3000)
        .map(|i| kentongan::store::NewJob {
            kind: "forward".into(),
            dedupe_key: format!("forward:bulk-{i}"),
            payload: serde_json::json!({}),
            priority: 0,
            run_at: now,
        })
        .collect();
    store.hand_over(None, &jobs, now).await.unwrap();
    drop(store);
    let bin = env!("CARGO_BIN_EXE_kentongan");
    let script = format!("set -o pipefail; '{bin}' tickets list --state all --limit 5000 | head -1");
    let out = tokio::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(app._dir.path())
        .env("KENTONGAN_DATABASE__URL", &app.settings.database.url)
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "exit {:?}: {}", out.status.code(), stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1);
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[tokio::test]
async fn tickets_assign_routes_a_ticket_in_triage_and_list_shows_the_triage_queue() {
    let mut app = spawn_app_with(|s| {
        s.central.adapter = CentralAdapter::Json;
        s.central.base_url = Some("http://127.0.0.1:9".into());
    })
    .await;
    // A report whose agency the citizen did not know.
    let tracking = app.file_ticket(92, "jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh", 0).await;
    let record = app.store().ticket_record(&tracking).await.unwrap().unwrap();
    let pool = sqlx::SqlitePool::connect(&app.settings.database.url).await.unwrap();
    sqlx::query("UPDATE tickets SET opd_code = NULL WHERE id = ?")
        .bind(record.ticket.id.to_string())
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE outbox SET state = 'held', last_error = 'waiting for triage: no OPD chosen' WHERE kind = 'forward'",
    )
    .execute(&pool)
    .await
    .unwrap();
    app.app.take().unwrap().shutdown().await;

    let listed = tickets(&app, &["list", "--state", "triage"]).await;
    assert!(listed.status.success(), "{}", stderr(&listed));
    let row = stdout(&listed).lines().find(|l| l.contains(&tracking)).map(str::to_owned);
    assert!(row.as_deref().is_some_and(|r| r.contains("triage")), "{}", stdout(&listed));

    let wrong = tickets(&app, &["assign", &tracking, "--opd", "NOPE"]).await;
    assert!(!wrong.status.success());
    assert!(stderr(&wrong).contains("not in the catalogue"), "{}", stderr(&wrong));

    let assigned = tickets(&app, &["assign", &tracking, "--opd", "dpupr"]).await;
    assert!(assigned.status.success(), "{}", stderr(&assigned));
    let store = kentongan::store::connect(&app.settings.database.url, 1).await.unwrap();
    let record = store.ticket_record(&tracking).await.unwrap().unwrap();
    assert_eq!(record.ticket.opd_code.as_deref(), Some("DPUPR"));
    assert_eq!(store.list_jobs("forward", Some("pending"), 10).await.unwrap().len(), 1, "released to be forwarded");
    drop(store);

    let again = tickets(&app, &["assign", &tracking, "--opd", "DINHUB"]).await;
    assert!(!again.status.success(), "a routed ticket is not re-assigned here");
    assert!(stderr(&again).contains("not waiting for triage"), "{}", stderr(&again));
}

#[tokio::test]
async fn tickets_retry_of_a_ticket_that_is_not_dead_says_why_and_fails() {
    let fake = FakeCentral::start().await;
    let (app, tracking) = database_with_a_dead_letter(&fake).await;
    assert!(tickets(&app, &["retry", &tracking]).await.status.success());
    let again = tickets(&app, &["retry", &tracking]).await;
    assert!(!again.status.success());
    assert!(stderr(&again).contains("not a dead letter (forward state: pending)"), "{}", stderr(&again));
}
