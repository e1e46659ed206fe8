//! `kentongan admin …` through the real binary: an invite prints a code (and the t.me link when the
//! bot's username is set) and stores only its hash; an unknown OPD is refused naming it; `admin list`
//! shows invites and admins; `admin revoke` takes an admin or an invite back.

use std::path::Path;
use std::process::Output;

use kentongan::domain::{Address, Channel};
use kentongan::store::NewAdmin;
use tempfile::TempDir;

use crate::helpers::repo_path;

/// The binary with a database in `dir`, the shipped catalogue, nothing leaking from the environment.
async fn admin(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_kentongan"));
    cmd.current_dir(dir).env_remove("RUST_LOG");
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("KENTONGAN_")) {
        cmd.env_remove(key);
    }
    cmd.env("KENTONGAN_DATABASE__URL", db_url(dir))
        .env("KENTONGAN_CLASSIFY__CATALOGUE", repo_path("deploy/pekalongan/opd.toml"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.arg("admin").args(args).output().await.unwrap()
}

fn db_url(dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", dir.join("k.db").display())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The code an `admin invite` printed.
fn code_of(out: &Output) -> String {
    let stdout = text(&out.stdout);
    let line = stdout.lines().find_map(|l| l.strip_prefix("code: ")).unwrap_or_else(|| panic!("{stdout}"));
    line.trim().to_owned()
}

#[tokio::test]
async fn admin_invite_prints_a_code_and_the_deep_link_and_stores_only_its_hash() {
    let dir = TempDir::new().unwrap();
    let env = [("KENTONGAN_TELEGRAM__BOT_USERNAME", "LaporPklBot")];
    let out = admin(dir.path(), &env, &["invite", "--opd", "dpupr", "--expires", "48h"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let code = code_of(&out);
    assert_eq!(code.len(), kentongan_admin::CODE_LEN);
    assert!(
        text(&out.stdout).contains(&format!("link: https://t.me/LaporPklBot?start={code}")),
        "{}",
        text(&out.stdout)
    );
    let store = kentongan::store::connect(&db_url(dir.path()), 1).await.unwrap();
    let found = store.find_invite(&kentongan_admin::hash_code(&code)).await.unwrap().expect("stored by its hash");
    assert_eq!((found.stored.opd.as_str(), found.stored.role), ("DPUPR", kentongan_admin::Role::Penghubung));
    let raw = std::fs::read(dir.path().join("k.db")).unwrap();
    assert!(!raw.windows(code.len()).any(|w| w == code.as_bytes()), "the code itself is not in the database file");
}

#[tokio::test]
async fn admin_invite_without_a_bot_username_says_which_setting_prints_the_link() {
    let dir = TempDir::new().unwrap();
    let out = admin(dir.path(), &[], &["invite", "--opd", "DINKOMINFO", "--role", "koordinator"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("telegram.bot_username"), "{}", text(&out.stdout));
    assert!(!text(&out.stdout).contains("t.me/"));
}

#[tokio::test]
async fn admin_invite_for_an_unknown_opd_or_role_or_duration_is_refused_naming_it() {
    let dir = TempDir::new().unwrap();
    let out = admin(dir.path(), &[], &["invite", "--opd", "DINASNGAWUR"]).await;
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("\"DINASNGAWUR\" is not in the catalogue"), "{}", text(&out.stderr));
    let out = admin(dir.path(), &[], &["invite", "--opd", "DPUPR", "--role", "bupati"]).await;
    assert!(!out.status.success() && text(&out.stderr).contains("\"bupati\""), "{}", text(&out.stderr));
    let out = admin(dir.path(), &[], &["invite", "--opd", "DPUPR", "--expires", "soon"]).await;
    assert!(!out.status.success() && text(&out.stderr).contains("\"soon\""), "{}", text(&out.stderr));
    assert!(!dir.path().join("k.db").exists(), "nothing was created for a refused invite");
}

#[tokio::test]
async fn admin_list_shows_open_invites_and_bound_admins_and_revoke_takes_them_back() {
    let dir = TempDir::new().unwrap();
    let first = admin(dir.path(), &[], &["invite", "--opd", "DPUPR"]).await;
    let second = admin(dir.path(), &[], &["invite", "--opd", "DINKES"]).await;
    assert!(first.status.success() && second.status.success());
    let store = kentongan::store::connect(&db_url(dir.path()), 1).await.unwrap();
    let invite = store.find_invite(&kentongan_admin::hash_code(&code_of(&first))).await.unwrap().unwrap();
    let address = Address::new(Channel::Telegram, "5551");
    let new = NewAdmin {
        invite_id: invite.id,
        address: address.clone(),
        name: "Bu Sari".into(),
        lang: "id".into(),
        now: chrono::Utc::now(),
    };
    let bound = store.bind_admin(&new).await.unwrap().expect("bound");
    assert!(store.bind_admin(&new).await.unwrap().is_none(), "an invite binds once");

    let listed = text(&admin(dir.path(), &[], &["list"]).await.stdout);
    assert!(listed.lines().any(|l| l.contains("DPUPR") && l.contains("Bu Sari") && l.contains("live")), "{listed}");
    assert!(listed.lines().any(|l| l.contains("DINKES") && l.contains("open")), "{listed}");

    let revoked = admin(dir.path(), &[], &["revoke", &bound.id.to_string()]).await;
    assert!(revoked.status.success(), "{}", text(&revoked.stderr));
    assert!(store.admin_by_address(&address).await.unwrap().is_none(), "the chat is no admin's any more");
    let again = admin(dir.path(), &[], &["revoke", &bound.id.to_string()]).await;
    assert!(!again.status.success() && text(&again.stderr).contains("no such live admin"));

    let other = store.find_invite(&kentongan_admin::hash_code(&code_of(&second))).await.unwrap().unwrap();
    let out = admin(dir.path(), &[], &["revoke", "--invite", &other.id.to_string()]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let other = store.find_invite(&other.stored.hash).await.unwrap().unwrap();
    assert!(other.stored.revoked);
    let new =
        NewAdmin { invite_id: other.id, address, name: "Pak Budi".into(), lang: "id".into(), now: chrono::Utc::now() };
    assert!(store.bind_admin(&new).await.unwrap().is_none(), "a revoked invite binds nobody");
}
