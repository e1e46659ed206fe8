//! Every command line in README.md's ```sh blocks, run with the real binary in a temp dir, in README order:
//! a README command that fails makes this test fail. `cargo run --release --` stands for the binary
//! (`kentongan` on PATH); `export` lines are evaluated by `sh` and kept for the lines after them. The test
//! stands in for the outside world only: the Bot API is a local fake (`KENTONGAN_TELEGRAM__API_URL`), the
//! server listens on port 0, and the tickets the `tickets …` lines act on are put in the database first.

use std::path::Path;
use std::process::{Command, Stdio};

use chrono::Utc;
use serde_json::json;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::binary::{Served, clean_env};
use crate::helpers::*;

/// README lines this test does not run, with why: it is the command running this test.
const NOT_RUN: [&str; 1] = ["cargo test --workspace"];
/// Commands README names in its text rather than in a ```sh block, run after the blocks' lines.
const IN_THE_TEXT: [&str; 3] = ["kentongan telegram delete-webhook", "kentongan migrate", "kentongan dialogs check"];
/// The ticket README's `tickets …` lines name.
const README_TICKET: &str = "PKL-7Q3K9XW";

/// The lines of every ```sh block, comments and blank lines left out.
fn readme_lines() -> Vec<String> {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let mut lines = Vec::new();
    let mut inside = false;
    for line in readme.lines().map(str::trim) {
        match (inside, line) {
            (false, "```sh") => inside = true,
            (true, "```") => inside = false,
            (true, l) if !l.is_empty() && !l.starts_with('#') => lines.push(l.to_string()),
            _ => {}
        }
    }
    lines
}

/// A fake Bot API: the calls of `fake_bot_api`, getUpdates answering (after a pause, like a long poll) with
/// no updates, and `true` for any other method.
async fn bot_api() -> MockServer {
    let server = fake_bot_api().await;
    Mock::given(method("POST"))
        .and(path_regex(r"(?i)^/bot[^/]+/getupdates$"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"ok": true, "result": []}))
                .set_delay(std::time::Duration::from_millis(300)),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(r"^/bot[^/]+/[A-Za-z]+$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true, "result": true})))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

/// The temp dir a README reader would run in: the repo's dialogs, catalogue and data, the binary on PATH,
/// and the labelled CSV the classify lines train on.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let link = |from: &str, to: &str| std::os::unix::fs::symlink(repo_path(from), dir.path().join(to)).unwrap();
    std::fs::create_dir_all(dir.path().join("crates/classify")).unwrap();
    std::fs::create_dir_all(dir.path().join("bin")).unwrap();
    link("dialogs", "dialogs");
    link("deploy", "deploy");
    link("crates/classify/data", "crates/classify/data");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_kentongan"), dir.path().join("bin/kentongan")).unwrap();
    std::fs::copy(repo_path("crates/classify/data/heldout.csv"), dir.path().join("labels.csv")).unwrap();
    dir
}

/// `sh -c "exec env LINE"` in `dir`: `sh` does the quoting, `exec` keeps the pid, so SIGTERM reaches kentongan.
fn shell(dir: &Path, env: &[(String, String)], line: &str) -> Command {
    let mut cmd = Command::new("sh");
    clean_env(&mut cmd).current_dir(dir).arg("-c").arg(format!("exec env {line}"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// The value an `export NAME=…` line gives NAME, as `sh` computes it.
fn exported(dir: &Path, line: &str) -> (String, String) {
    let name = line.trim_start_matches("export ").split('=').next().unwrap().trim().to_string();
    let out = Command::new("sh").current_dir(dir).arg("-c").arg(format!("{line}\nprintf %s \"${name}\"")).output();
    let out = out.unwrap();
    assert!(out.status.success(), "{line}: {}", String::from_utf8_lossy(&out.stderr));
    (name, String::from_utf8(out.stdout).unwrap())
}

#[tokio::test]
async fn every_command_line_in_the_readme_runs_with_the_real_binary() {
    let lines = readme_lines();
    for skipped in NOT_RUN {
        assert!(lines.iter().any(|l| l.starts_with(skipped)), "{skipped:?} is no longer in README.md");
    }
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    for mentioned in IN_THE_TEXT {
        assert!(readme.contains(mentioned.trim_start_matches("kentongan ")), "{mentioned:?} not in README.md");
    }
    assert!(lines.len() >= 15, "found too few README command lines: {lines:?}");

    let dir = workdir();
    let bot = bot_api().await;
    let path = format!("{}:{}", dir.path().join("bin").display(), std::env::var("PATH").unwrap_or_default());
    let mut env = vec![
        ("PATH".to_string(), path),
        ("KENTONGAN_SERVER__LISTEN".to_string(), "127.0.0.1:0".to_string()),
        ("KENTONGAN_TELEGRAM__API_URL".to_string(), bot.uri()),
    ];
    let commands = lines.iter().map(String::as_str).filter(|l| !NOT_RUN.iter().any(|s| l.starts_with(s)));
    let mut ran = 0;
    for line in commands.chain(IN_THE_TEXT) {
        if line.starts_with("export ") {
            let (name, value) = exported(dir.path(), line);
            assert!(!value.is_empty(), "{line} gave {name} no value");
            env.push((name, value));
            continue;
        }
        let line = line.replace("cargo run --release --", "kentongan");
        prepare(dir.path(), &line).await;
        run(dir.path(), &env, &line).await;
        ran += 1;
    }
    assert!(ran >= 15, "ran only {ran} command lines");
}

/// Runs one line to its end (or, for `serve`, until ready, then stops it) and requires success.
async fn run(dir: &Path, env: &[(String, String)], line: &str) {
    let words: Vec<&str> = line.split_whitespace().skip_while(|w| w.contains('=')).collect();
    match words.get(1).copied() {
        Some("serve") => {
            let served = Served::start(shell(dir, env, line)).await;
            let (status, log) = served.stop().await;
            assert!(status.success(), "{line}: exited {status} after SIGTERM:\n{log}");
        }
        Some("chat") => {
            let mut child = shell(dir, env, line)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"/keluar\n").unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{line}: {}", String::from_utf8_lossy(&out.stderr));
            assert!(String::from_utf8_lossy(&out.stdout).contains("bot> "), "{line}: the bot did not greet");
        }
        _ => {
            let out = shell(dir, env, line).output().unwrap();
            assert!(
                out.status.success(),
                "{line}: exit {}\nstdout: {}\nstderr: {}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// The state a `tickets …` line acts on, as an operator would find it: the README's ticket waiting in
/// triage before the first such line, and a dead letter before each `retry`.
async fn prepare(dir: &Path, line: &str) {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.get(1) != Some(&"tickets") {
        return;
    }
    let url = format!("sqlite://{}", dir.join("kentongan.db").display());
    let store = kentongan::store::connect(&url, 1).await.unwrap();
    store.migrate().await.unwrap();
    if store.ticket_record(README_TICKET).await.unwrap().is_none() {
        file_triage_ticket(store.as_ref()).await;
    }
    if words.get(2) == Some(&"retry") {
        let now = Utc::now();
        let jobs = store.claim_jobs("forward", 10, now, now + chrono::Duration::seconds(60)).await.unwrap();
        assert!(!jobs.is_empty(), "no forward job to make a dead letter of");
        for job in jobs {
            store.fail_job(job.id, "HTTP 422: refused by the central API", None).await.unwrap();
        }
    }
}

/// README's ticket, filed by Telegram without an OPD ("Tidak tahu"), with its forward job.
async fn file_triage_ticket(store: &dyn kentongan::store::Store) {
    let address = kentongan::domain::Address::new(kentongan::domain::Channel::Telegram, "4242");
    let event = kentongan::store::InboundEvent {
        address: address.clone(),
        external_id: "readme-1".into(),
        body: kentongan::store::InboundBody::Unsupported,
        lang_hint: None,
        received_at: Utc::now(),
        via: None,
    };
    let kentongan::store::Accepted::New(inbound_id) = store.accept_inbound(&event).await.unwrap() else { panic!() };
    let ticket = kentongan::store::NewTicket {
        id: uuid::Uuid::new_v4(),
        tracking_id: README_TICKET.into(),
        reporter: address.clone(),
        lang: "id".into(),
        dialog: "complaint".into(),
        description: "lampu jalan di depan rumah mati sudah seminggu".into(),
        location: Some((-6.8886, 109.6753)),
        address_text: None,
        occurred_on: None,
        report_type: Some("pengaduan".into()),
        anonymous: false,
        confidential: false,
        opd_code: None,
        opd_suggested: None,
        opd_corrected: false,
        photos: vec![],
        answers: json!({}),
        created_at: Utc::now(),
        via: None,
    };
    let jobs = kentongan::inbox::ticket_jobs(&ticket, Utc::now());
    let commit = kentongan::store::StepCommit {
        inbound_id,
        address,
        state: None,
        tickets: vec![ticket],
        jobs,
        own_phone: None,
        reachable: None,
        now: Utc::now(),
    };
    assert_eq!(store.commit_step(&commit).await.unwrap(), kentongan::store::CommitOutcome::Committed);
}
