//! Each broken dialog under tests/fixtures/broken/<kind>/ is refused with file, line and step named.

mod common;

use std::path::PathBuf;

use kentongan_dialog::check_dir;

/// A directory holding the shipped messages.toml and the fixture's complaint.toml.
fn fixture(kind: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("broken").join(kind);
    std::fs::create_dir_all(&dir).unwrap();
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken").join(kind);
    std::fs::copy(src.join("complaint.toml"), dir.join("complaint.toml")).unwrap();
    std::fs::copy(common::dialogs_dir().join("messages.toml"), dir.join("messages.toml")).unwrap();
    dir
}

/// The problems, as `kentongan dialogs check` prints them, with the temp dir shortened to `<kind>/`.
fn problems(kind: &str) -> Vec<String> {
    let dir = fixture(kind);
    let prefix = format!("{}/", dir.display());
    check_dir(&dir).iter().map(|p| p.to_string().replace(&prefix, &format!("{kind}/"))).collect()
}

#[test]
fn a_toml_syntax_error_names_the_file_and_line() {
    let got = problems("syntax");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("syntax/complaint.toml:5: invalid TOML: "), "{got:?}");
}

#[test]
fn an_unknown_next_target_names_the_step_and_the_line_of_next() {
    assert_eq!(
        problems("unknown_target"),
        [
            "unknown_target/complaint.toml:8: describe: unknown target 'lokasi'",
            "unknown_target/complaint.toml:11: summary: unreachable from 'describe'",
        ]
    );
}

#[test]
fn an_unreachable_step_is_reported_at_its_id() {
    assert_eq!(problems("unreachable"), ["unreachable/complaint.toml:11: orphan: unreachable from 'describe'"]);
}

#[test]
fn a_missing_translation_names_the_language() {
    assert_eq!(
        problems("missing_translation"),
        ["missing_translation/complaint.toml:7: describe: prompt has no 'jv' translation"]
    );
}

#[test]
fn a_prompt_longer_than_one_sms_is_reported_with_its_septet_count() {
    assert_eq!(
        problems("sms_too_long"),
        ["sms_too_long/complaint.toml:8: describe: SMS rendering in 'en' is 180 septets (max 160); \
          shorten it or add an `sms` prompt"]
    );
}

#[test]
fn a_duplicate_option_value_is_reported_at_the_second_option() {
    assert_eq!(
        problems("duplicate_option"),
        ["duplicate_option/complaint.toml:13: privacy: duplicate option value 'biasa'"]
    );
}

#[test]
fn an_option_label_equal_to_a_command_alias_is_reported() {
    assert_eq!(
        problems("command_collision"),
        [
            "command_collision/complaint.toml:13: privacy: option 'Kembali' collides with the alias of global command 'kembali'",
            "command_collision/complaint.toml:13: privacy: option 'Bali' collides with the alias of global command 'kembali'",
            "command_collision/complaint.toml:13: privacy: option 'Back' collides with the alias of global command 'kembali'",
        ]
    );
}

#[test]
fn an_unknown_kind_lists_the_known_kinds() {
    assert_eq!(
        problems("unknown_kind"),
        ["unknown_kind/complaint.toml:5: describe: unknown kind 'txet' (known: text, choice, location_or_text, \
          date, photos, yes_no, confirm, opd)"]
    );
}

#[test]
fn a_oneshot_table_must_name_choice_fields_and_their_option_values() {
    assert_eq!(
        problems("bad_oneshot"),
        [
            "bad_oneshot/complaint.toml:5: oneshot: 'description' is not the field of a choice step (step 'describe')",
            "bad_oneshot/complaint.toml:4: oneshot: 'mood' is not the field of any step",
            "bad_oneshot/complaint.toml:3: oneshot: report_type = 'keluhan' is not an option value (known: \
             pengaduan, aspirasi)",
        ]
    );
}

#[test]
fn a_oneshot_table_needs_a_text_first_step() {
    assert_eq!(
        problems("oneshot_not_text"),
        ["oneshot_not_text/complaint.toml:19: oneshot: the first step 'report_type' must be a `text` step \
          (it takes the SMS text)"]
    );
}

#[test]
fn a_directory_without_a_catalogue_is_refused() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("broken/no_catalog");
    std::fs::create_dir_all(&dir).unwrap();
    let got: Vec<String> = check_dir(&dir).iter().map(|p| p.message.clone()).collect();
    assert_eq!(got, ["no messages.toml in the directory"]);
}

#[test]
fn a_catalogue_missing_a_required_message_is_refused() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("broken/missing_message");
    std::fs::create_dir_all(&dir).unwrap();
    let real = std::fs::read_to_string(common::dialogs_dir().join("messages.toml")).unwrap();
    let without_help = real.replace("[messages.help]", "[messages.unused_help]");
    std::fs::write(dir.join("messages.toml"), without_help).unwrap();
    std::fs::copy(common::dialogs_dir().join("complaint.toml"), dir.join("complaint.toml")).unwrap();
    let got: Vec<String> = check_dir(&dir).iter().map(|p| p.message.clone()).collect();
    assert_eq!(got, ["[messages] is missing 'help'"]);
}
