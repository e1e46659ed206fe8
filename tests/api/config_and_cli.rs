//! Settings, start-up and the operator's commands, through the real binary where a user would use it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::binary::kentongan;
use crate::helpers::*;

#[test]
fn zero_config_defaults_are_an_sqlite_file_and_localhost_8080() {
    let s = kentongan::config::Settings::default();
    assert_eq!(s.database.url, "sqlite://kentongan.db");
    assert_eq!(s.server.listen.to_string(), "127.0.0.1:8080");
    assert!(s.telegram.token.is_none());
    s.validate().expect("defaults are valid");
    s.validate_serve().expect("defaults are enough to serve");
}

/// Runs `cmd` to its end, or kills it after `secs` (a command that should have refused to start but
/// did not); returns its output and whether it ended by itself.
fn run_at_most(mut cmd: Command, secs: u64) -> (std::process::Output, bool) {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(secs);
    let ended = loop {
        if child.try_wait().unwrap().is_some() {
            break true;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            break false;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (child.wait_with_output().unwrap(), ended)
}

#[test]
fn an_invalid_value_in_the_config_file_stops_every_command_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("[server]\nlisten = \"not-an-address\"\n", "server.listen"),
        ("[server]\nlistne = \"127.0.0.1:1\"\n", "listne"),
        ("[tickets]\nprefix = \"P1\"\n", "tickets.prefix"),
        ("[server]\ntimezone = \"Mars/Olympus\"\n", "server.timezone"),
        ("[telegram]\nmode = \"carrier-pigeon\"\n", "telegram.mode"),
        ("[telegram]\nwebhook_secret = \"no spaces allowed\"\n", "telegram.webhook_secret"),
        ("[sms]\ndefault_region = \"XX\"\n", "sms.default_region"),
        ("[sms.android]\nper_minute = 0\n", "sms.android.per_minute"),
        ("[log]\nlevel = \"verbose\"\n", "log.level"),
    ];
    for (toml, key) in cases {
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, toml).unwrap();
        for command in [&["migrate"][..], &["tickets", "list"], &["classify", "check"]] {
            let out = kentongan(dir.path()).args(["--config", path.to_str().unwrap()]).args(command).output().unwrap();
            assert!(!out.status.success(), "{command:?} accepted {toml}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(key), "{command:?}: error for {toml:?} does not name {key}: {err}");
        }
    }
}

#[test]
fn what_only_a_running_gateway_needs_stops_serve_naming_the_key_and_no_other_command() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("[telegram]\ntoken = \"1:x\"\nmode = \"webhook\"\n", "telegram.webhook_secret"),
        ("[central]\nadapter = \"json\"\n", "central.base_url"),
        ("[sms.kannel]\nenabled = true\n", "sms.kannel.secret"),
        ("[sms.kannel]\nenabled = true\nsecret = \"\"\n", "sms.kannel.secret"),
        ("[sms.gammu]\nenabled = true\nsecret = \"short\"\n", "sms.gammu.secret"),
        ("[sms.android]\nenabled = true\nsigning_key = \"k3y-k3y-k3y\"\n", "sms.android.api_url"),
        ("[sms.twilio]\nenabled = true\naccount_sid = \"AC1\"\n", "sms.twilio.auth_token"),
        ("[sms]\ndefault_provider = \"kannel\"\n", "sms.default_provider"),
    ];
    for (toml, key) in cases {
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, toml).unwrap();
        let mut serve = kentongan(dir.path());
        serve.env("KENTONGAN_SERVER__LISTEN", "127.0.0.1:0").args(["--config", path.to_str().unwrap(), "serve"]);
        let (out, ended) = run_at_most(serve, 30);
        assert!(ended && !out.status.success(), "serve started with {toml}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(key), "error for {toml:?} does not name {key}: {err}");
        let out = kentongan(dir.path()).args(["--config", path.to_str().unwrap(), "migrate"]).output().unwrap();
        assert!(out.status.success(), "migrate refused {toml}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn config_errors_say_the_file_the_key_and_what_is_allowed_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kentongan-bad.toml");
    let file = path.display().to_string();
    // (file contents, words the error must contain)
    let cases: [(&str, &[&str]); 7] = [
        ("[server]\nbody_limit_bytes = \"big\"\n", &["server.body_limit_bytes", "whole number", "\"big\""]),
        ("[server]\nlistne = 1\n", &["server.listne", "not a setting", "listen, body_limit_bytes, timezone"]),
        ("[server]\nlisten = \"here\"\n", &["server.listen", "IP address and a port", "127.0.0.1:8080"]),
        ("[telegram]\nmode = \"pigeon\"\n", &["telegram.mode", "webhook or polling", "\"pigeon\""]),
        ("[database]\nmax_connections = -1\n", &["database.max_connections", "0 or more", "-1"]),
        ("[sms.android]\nenabled = \"yes\"\n", &["sms.android.enabled", "true or false"]),
        ("[log]\nlevel = \"verbose\"\n", &["log.level", "\"verbose\"", "info", "kentongan=debug"]),
    ];
    for (toml, words) in cases {
        std::fs::write(&path, toml).unwrap();
        let out = kentongan(dir.path()).args(["--config", &file, "migrate"]).output().unwrap();
        assert!(!out.status.success(), "{toml} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&file), "{toml:?}: the error does not say the file: {err}");
        for word in words {
            assert!(err.contains(word), "{toml:?}: the error does not say {word:?}: {err}");
        }
        for jargon in ["usize", "u32", "``", "from TOML file", "unknown field", "variant", "invalid type"] {
            assert!(!err.contains(jargon), "{toml:?}: jargon {jargon:?} in {err}");
        }
    }
    let out = kentongan(dir.path()).env("KENTONGAN_SERVER__BODY_LIMIT_BYTES", "lots").arg("migrate").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("KENTONGAN_SERVER__BODY_LIMIT_BYTES") && err.contains("whole number"), "{err}");
    let out = kentongan(dir.path()).env("KENTONGAN_TELEGRAM__TOKEN", "7").arg("migrate").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("telegram.token") && !err.contains('7'), "a secret's value is not echoed: {err}");
}

#[test]
fn a_log_level_that_is_not_a_filter_is_refused_naming_log_level() {
    let dir = tempfile::tempdir().unwrap();
    for level in ["verbose", "kentongan=loud", ""] {
        let out = kentongan(dir.path()).env("KENTONGAN_LOG__LEVEL", level).arg("migrate").output().unwrap();
        assert!(!out.status.success(), "log.level {level:?} was accepted");
        assert!(String::from_utf8_lossy(&out.stderr).contains("log.level"), "{level:?}");
    }
    let out =
        kentongan(dir.path()).env("KENTONGAN_LOG__LEVEL", "kentongan=debug,warn").arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test]
async fn commands_that_do_not_run_the_gateway_need_no_webhook_secret_with_a_token_set() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(repo_path("deploy"), dir.path().join("deploy")).unwrap();
    let bot_api = fake_bot_api().await;
    let commands: [&[&str]; 5] = [
        &["migrate"],
        &["tickets", "list"],
        &["classify", "check"],
        &["classify", "lampu jalan mati"],
        &["telegram", "delete-webhook"],
    ];
    for args in commands {
        let out = kentongan(dir.path())
            .env("KENTONGAN_TELEGRAM__TOKEN", TOKEN)
            .env("KENTONGAN_TELEGRAM__API_URL", bot_api.uri())
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn an_environment_variable_overrides_the_file_and_is_validated_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = kentongan(dir.path()).env("KENTONGAN_TICKETS__PREFIX", "X").arg("migrate").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("tickets.prefix"));
    let db = dir.path().join("env.db");
    let out = kentongan(dir.path())
        .env("KENTONGAN_DATABASE__URL", format!("sqlite://{}", db.display()))
        .arg("migrate")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(db.exists(), "the env-configured database file was created");
}

#[test]
fn serve_without_a_telegram_token_runs_and_says_telegram_is_off() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("deploy")).unwrap();
    let mut child = kentongan(dir.path())
        .env("KENTONGAN_SERVER__LISTEN", "127.0.0.1:0")
        .env("KENTONGAN_DIALOGS__DIR", repo_path("dialogs"))
        .args(["serve"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        seen.push(line.clone());
        if line.contains("telegram is off") || Instant::now() > deadline {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let said = seen.iter().find(|l| l.contains("telegram is off")).expect("logged that telegram is off");
    assert!(said.starts_with('{'), "serve logs JSON by default: {said}");
    assert!(dir.path().join("kentongan.db").exists(), "default SQLite file created");
}

#[test]
fn dialogs_check_passes_on_the_shipped_dialogs_and_fails_with_file_and_step_on_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = repo_path("dialogs");
    let ok = kentongan(dir.path()).args(["dialogs", "check", shipped.to_str().unwrap()]).output().unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stdout));
    let files = std::fs::read_dir(&shipped)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "toml"))
        .count();
    let said = String::from_utf8_lossy(&ok.stdout);
    assert_eq!(said.trim(), format!("{files} dialog files in {}/: valid", shipped.display()));

    let broken = dir.path().join("dialogs");
    copy_dir(&repo_path("dialogs"), &broken);
    let complaint = broken.join("complaint.toml");
    let text = std::fs::read_to_string(&complaint).unwrap();
    let (first_next, _) = text.match_indices("next = \"").next().expect("a next key");
    let end = text[first_next + 8..].find('"').unwrap() + first_next + 8;
    let broken_text = format!("{}next = \"nowhere\"{}", &text[..first_next], &text[end + 1..]);
    std::fs::write(&complaint, broken_text).unwrap();
    let out = kentongan(dir.path()).args(["dialogs", "check", broken.to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("complaint.toml:") && stdout.contains("nowhere"), "{stdout}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[tokio::test]
async fn health_and_readiness_answer_over_http() {
    // What /metrics says is tested in `metrics`, each on a process of its own.
    let app = spawn_app().await;
    let get = |p: &str| app.client.get(format!("{}{p}", app.base)).send();
    assert_eq!(get("/healthz").await.unwrap().status(), 200);
    assert_eq!(get("/readyz").await.unwrap().status(), 200);
    assert_eq!(get("/metrics").await.unwrap().status(), 200);
}

#[test]
fn every_ticket_status_has_a_citizen_facing_label_in_every_language() {
    // The lifecycle lives in the domain; its labels live in dialogs/messages.toml. A status added to one
    // and not the other would show citizens a raw internal word.
    let dialogs = kentongan_dialog::Dialogs::load_dir(&repo_path("dialogs")).unwrap();
    for status in kentongan::domain::TicketStatus::ALL {
        for lang in kentongan_dialog::Lang::ALL {
            let label = dialogs.status_label(status.as_str(), lang);
            assert!(!label.is_empty() && label != status.as_str(), "{status} has no {lang:?} label");
        }
    }
}

#[test]
fn the_start_line_says_address_database_version_channels_and_central_with_no_colour_in_a_file() {
    let dir = tempfile::tempdir().unwrap();
    for pretty in [true, false] {
        let mut cmd = kentongan(dir.path());
        cmd.env("KENTONGAN_SERVER__LISTEN", "127.0.0.1:0")
            .env("KENTONGAN_DIALOGS__DIR", repo_path("dialogs"))
            .env("KENTONGAN_TELEGRAM__TOKEN", TOKEN)
            .env("KENTONGAN_TELEGRAM__WEBHOOK_SECRET", SECRET)
            .args(if pretty { &["serve", "--pretty"][..] } else { &["serve"][..] })
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let mut log = String::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        for line in BufReader::new(child.stderr.take().unwrap()).lines() {
            let line = line.unwrap();
            log.push_str(&line);
            log.push('\n');
            if line.contains("kentongan listening") || Instant::now() > deadline {
                break;
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        let start = log.lines().find(|l| l.contains("kentongan listening")).unwrap_or_else(|| panic!("{log}"));
        for part in ["127.0.0.1:", "sqlite://kentongan.db", env!("CARGO_PKG_VERSION"), "webhook", "sms", "central"] {
            assert!(start.contains(part), "the start line does not say {part:?}: {start}");
        }
        assert!(!start.contains("127.0.0.1:0"), "the start line says the bound port: {start}");
        assert!(!log.contains('\u{1b}'), "colour codes in a log that is not a terminal: {log:?}");
        assert!(!log.contains(TOKEN) && !log.contains(SECRET), "a secret in the log: {log}");
    }
}

#[test]
fn every_command_and_every_argument_has_help_text() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} <{}>", arg.get_id()));
            }
        }
        for sub in cmd.get_subcommands() {
            let path = format!("{path} {}", sub.get_name());
            if sub.get_about().is_none() {
                missing.push(path.clone());
            }
            walk(sub, &path, missing);
        }
    }
    let mut cli = kentongan::cli::Cli::command();
    cli.build();
    let mut missing = Vec::new();
    walk(&cli, "kentongan", &mut missing);
    assert!(missing.is_empty(), "no help text: {missing:?}");
}
