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
fn an_option_label_over_whatsapps_button_limit_is_reported_unless_its_short_label_fits() {
    assert_eq!(
        problems("whatsapp_label_too_long"),
        [
            "whatsapp_label_too_long/complaint.toml:11: privacy: option label in 'en' is 26 characters, over \
             WhatsApp's reply-button title limit of 20; shorten it or add `short`",
            "whatsapp_label_too_long/complaint.toml:18: privacy: short label in 'en' is 29 characters, over \
             WhatsApp's reply-button title limit of 20",
        ]
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
    let without_cancelled = real.replace("[messages.cancelled]", "[messages.unused_cancelled]");
    std::fs::write(dir.join("messages.toml"), without_cancelled).unwrap();
    std::fs::copy(common::dialogs_dir().join("complaint.toml"), dir.join("complaint.toml")).unwrap();
    let got: Vec<String> = check_dir(&dir).iter().map(|p| p.message.clone()).collect();
    assert_eq!(got, ["[messages] is missing 'cancelled'"]);
}

#[test]
fn an_sms_prompt_speaking_of_buttons_or_slash_commands_and_a_telegram_prompt_naming_an_sms_keyword_are_refused() {
    assert_eq!(
        problems("wrong_channel_words"),
        [
            "wrong_channel_words/complaint.toml:9: describe: SMS prompt in 'id' speaks of buttons ('tombol'), which \
             SMS has not; add an `sms` prompt without it",
            "wrong_channel_words/complaint.toml:9: describe: SMS prompt in 'en' names the slash command '/batal', \
             which SMS has not (use its keyword); add an `sms` prompt without it",
            "wrong_channel_words/complaint.toml:20: location: Telegram prompt in 'jv' names the SMS keyword \
             'KEMBALI' (Telegram has buttons and /commands); keep SMS keywords to the `sms` prompt",
        ]
    );
}

/// The checker's problems for the shipped files with `messages.toml` passed through `edit`.
fn catalogue_problems(name: &str, edit: impl Fn(&str) -> String) -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("broken").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let real = std::fs::read_to_string(common::dialogs_dir().join("messages.toml")).unwrap();
    let edited = edit(&real);
    assert_ne!(edited, real, "the edit applies to the shipped catalogue");
    std::fs::write(dir.join("messages.toml"), edited).unwrap();
    std::fs::copy(common::dialogs_dir().join("complaint.toml"), dir.join("complaint.toml")).unwrap();
    let prefix = format!("{}/", dir.display());
    check_dir(&dir).iter().map(|p| p.to_string().replace(&prefix, "")).collect()
}

#[test]
fn a_telegram_message_telling_the_citizen_to_type_an_sms_keyword_is_refused() {
    let got = catalogue_problems("telegram_keyword", |real| {
        real.replace("Perintah: /status <nomor> cek laporan", "Ketik CEK <nomor> untuk cek laporan")
    });
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].ends_with(
            ": help: Telegram text in 'id' names the SMS keyword 'CEK' (Telegram has buttons and /commands)"
        ),
        "{got:?}"
    );
}

#[test]
fn a_message_sent_by_sms_that_speaks_of_buttons_is_refused_and_told_to_get_an_sms_wording() {
    let got = catalogue_problems("sms_buttons", |real| {
        real.replace(
            "id = \"Silakan pilih instansi yang tepat:\"",
            "id = \"Silakan pilih instansi yang tepat dengan tombol:\"",
        )
    });
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains(": opd_pick: SMS text in 'id' speaks of buttons ('tombol')"), "{got:?}");
    assert!(got[0].ends_with("; word it for SMS in [sms.opd_pick]"), "{got:?}");
}

#[test]
fn an_sms_wording_with_a_slash_command_is_refused_at_its_own_line() {
    let got = catalogue_problems("sms_slash", |real| real.replace("(BATAL bila bukan)", "(/batal bila bukan)"));
    assert_eq!(got.len(), 1, "{got:?}");
    let (place, problem) = got[0].split_once(": ").unwrap();
    assert_eq!(
        problem,
        "report_opened: SMS text in 'id' names the slash command '/batal', which SMS has not (use its keyword)"
    );
    let line: usize = place.rsplit(':').next().unwrap().parse().unwrap();
    let text = std::fs::read_to_string(common::dialogs_dir().join("messages.toml")).unwrap();
    assert_eq!(text.lines().nth(line - 1), Some("[sms.report_opened]"), "line {line}");
}

#[test]
fn the_shipped_catalogues_lapor_with_its_exclamation_mark_is_a_name_not_a_keyword() {
    let got = catalogue_problems("lapor_name", |real| {
        real.replace("id = \"Buat laporan baru\"", "id = \"Buat laporan baru untuk SP4N-LAPOR!\"")
    });
    assert_eq!(got, Vec::<String>::new());
}

#[test]
fn a_default_must_be_today_on_a_date_step_and_is_refused_on_a_text_step() {
    assert_eq!(
        problems("bad_default"),
        [
            "bad_default/complaint.toml:6: when: a date step's `default` can only be \"today\", not 'yesterday'",
            "bad_default/complaint.toml:15: describe: `default` works on `date` and `choice` steps only",
        ]
    );
}

#[test]
fn a_choice_default_must_be_an_option_and_open_with_text_needs_a_text_first_step() {
    assert_eq!(
        problems("bad_choice_default"),
        [
            "bad_choice_default/complaint.toml:8: kind: default 'keluhan' is not an option value (known: pengaduan)",
            "bad_choice_default/complaint.toml:2: kind: open_with_text needs a `text` first step, and 'kind' is not one",
        ]
    );
}
