//! `kentongan chat`: the same engine and store in a terminal, with pseudo-commands for location and photo.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::dialog_file::DialogFile;
use crate::helpers::repo_path;

#[test]
fn a_complaint_can_be_filed_from_the_terminal_and_a_short_number_is_not_kept_as_a_phone() {
    let f = DialogFile::load();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chat.db");
    let input = [
        // Not an Indonesian mobile number: refused, not "saved".
        "/kontak 0812345".to_string(),
        "jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh".into(),
        "/lokasi -6.8886 109.6753".into(),
        "/foto".into(),
        f.message("btn_done", "id"),
        "2".into(),
        // A confident agency is in the summary ("1" sends); an unsure one is a list ("1" picks, "1" sends).
        "1".into(),
        "1".into(),
        "/keluar".into(),
    ]
    .join("\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kentongan"))
        .current_dir(dir.path())
        .env("KENTONGAN_DATABASE__URL", format!("sqlite://{}", db.display()))
        .env("KENTONGAN_DIALOGS__DIR", repo_path("dialogs"))
        .env("KENTONGAN_CLASSIFY__CATALOGUE", repo_path("deploy/pekalongan/opd.toml"))
        .args(["chat", "--user", "tester"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains(&f.message("welcome", "id")), "{stdout}");
    assert!(stdout.contains(&f.message("contact_invalid", "id")), "{stdout}");
    assert!(!stdout.contains(&f.message("phone_saved", "id")), "{stdout}");
    assert!(stdout.contains(&f.prompt("location", "id")), "{stdout}");
    assert!(crate::telegram_dialog::tracking_id_in(&stdout).is_some(), "no tracking ID in:\n{stdout}");
}

#[test]
fn pseudo_commands_turn_into_the_inputs_a_phone_would_send() {
    use kentongan::chat::parse_line;
    use kentongan::store::InboundBody;
    let mut photos = 0;
    assert_eq!(
        parse_line("/lokasi -6.9 109.6", &mut photos),
        Ok(Some(InboundBody::Location { lat: -6.9, lon: 109.6 }))
    );
    assert!(parse_line("/lokasi nowhere", &mut photos).is_err());
    assert!(parse_line("/lokasi 200 500", &mut photos).is_err());
    assert_eq!(parse_line("/foto", &mut photos), Ok(Some(InboundBody::Photo { file_id: "cli-photo-1".into() })));
    assert_eq!(parse_line("halo", &mut photos), Ok(Some(InboundBody::Text { text: "halo".into() })));
    assert_eq!(parse_line("/keluar", &mut photos), Ok(None));
}
