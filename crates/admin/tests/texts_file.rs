//! dialogs/admin/admin.toml loads; a broken copy is refused naming file, line and key.

mod common;

use kentongan_admin::{BUTTON_MAX, Lang, Texts};

fn shipped() -> String {
    std::fs::read_to_string(common::admin_file()).unwrap()
}

/// The problems for the shipped file with `from` replaced by `to`, as `file:line: key: message`.
fn problems_after(from: &str, to: &str) -> Vec<String> {
    let source = shipped();
    assert!(source.contains(from), "fixture text {from:?} not in admin.toml");
    let broken = source.replacen(from, to, 1);
    match Texts::parse("admin.toml", &broken) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

fn line_of(needle: &str) -> usize {
    shipped().lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn the_shipped_admin_texts_load_without_problems() {
    let texts = common::texts();
    assert_eq!(
        texts.reject_reasons().collect::<Vec<_>>(),
        ["bukan_pengaduan", "data_kurang", "duplikat", "di_luar_kota"]
    );
    assert_eq!(texts.button(Lang::Id, "accept"), "Terima");
}

#[test]
fn a_missing_language_names_the_file_the_key_and_the_line() {
    // The line of the table header `[messages.question_sent]`, just above its `id`.
    let line = line_of("Pertanyaan diteruskan ke pelapor laporan");
    let got = problems_after("en = \"The question was passed", "xx = \"The question was passed");
    assert!(
        got.contains(&format!("admin.toml:{}: messages.question_sent: missing language 'en'", line - 1)),
        "{got:?}"
    );
    assert!(got.iter().any(|p| p.contains("messages.question_sent: unknown language 'xx'")), "{got:?}");
}

#[test]
fn an_unknown_placeholder_names_the_key_the_language_and_its_line() {
    let got = problems_after("Laporan {id} Anda terima.", "Laporan {nomor} Anda terima.");
    let line = line_of("Laporan {id} Anda terima.");
    assert_eq!(got, [format!("admin.toml:{line}: messages.accepted: id: unknown placeholder {{nomor}}")]);
}

#[test]
fn a_button_label_over_24_characters_is_refused_with_its_line() {
    let got = problems_after("en = \"Send without photo\"", "en = \"Send the response without a photo\"");
    let line = line_of("en = \"Send without photo\"");
    assert_eq!(
        got,
        [format!("admin.toml:{line}: buttons.send_without_photo: en: label of 33 characters, at most {BUTTON_MAX}")]
    );
}

#[test]
fn a_reject_reason_label_must_fit_a_button_too() {
    let got = problems_after("en = \"Duplicate\"", "en = \"Duplicate of an earlier report\"");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("reject_reasons.duplikat: en: label of 30 characters"), "{got:?}");
}

#[test]
fn a_key_the_code_needs_is_missing_and_a_key_it_does_not_know_are_both_named() {
    let got = problems_after("[messages.cancelled]", "[messages.canceled]");
    assert!(got.contains(&"admin.toml: messages.cancelled: missing".to_owned()), "{got:?}");
    let line = line_of("[messages.cancelled]");
    assert!(
        got.contains(&format!("admin.toml:{line}: messages.canceled: unknown key (not used by the code)")),
        "{got:?}"
    );
}

#[test]
fn a_toml_syntax_error_names_the_line() {
    let line = line_of("[messages.ping_due]");
    let got = problems_after("[messages.ping_due]", "[messages.ping_due");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with(&format!("admin.toml:{line}: (file): invalid TOML")), "{got:?}");
}

#[test]
fn placeholders_in_values_are_not_expanded_twice() {
    let texts = common::texts();
    let out = texts.message(Lang::Id, "relay", &[("id", "{text}"), ("text", "{id}")]);
    assert_eq!(out, "Balasan pelapor untuk {text}: {id}");
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn offending(lang: Lang, forbidden: &[&str]) -> Option<(String, String)> {
    common::texts().all(lang).into_iter().find_map(|t| {
        let w = words(&t).into_iter().find(|w| forbidden.contains(&w.as_str()))?;
        Some((w, t))
    })
}

#[test]
fn indonesian_admin_texts_say_anda_and_kami_never_kamu_or_the_mu_suffix() {
    let blunt = ["kamu", "kau", "engkau", "namamu", "laporanmu", "nomormu", "lu", "gue", "mau"];
    assert_eq!(offending(Lang::Id, &blunt), None);
    let all = words(&common::texts().all(Lang::Id).join(" "));
    for polite in ["anda", "kami", "mohon"] {
        assert!(all.contains(&polite.to_owned()), "{polite}");
    }
}

#[test]
fn javanese_admin_texts_are_krama_in_the_offices_own_voice() {
    // The same ngoko list as the citizen texts' test (crates/dialog/tests/register.rs).
    let ngoko = [
        "kowe",
        "arep",
        "sing",
        "ora",
        "iki",
        "kuwi",
        "wis",
        "durung",
        "nang",
        "menyang",
        "saka",
        "apa",
        "piye",
        "jenengmu",
        "laporanmu",
        "critakna",
        "dhewe",
        "maneh",
        "tulung",
        "bisa",
        "kanggo",
        "yen",
        "lagi",
        "isih",
    ];
    assert_eq!(offending(Lang::Jv, &ngoko), None);
    let all = words(&common::texts().all(Lang::Jv).join(" "));
    for krama in ["panjenengan", "kula", "mangga", "wonten", "punapa", "sampun", "mboten"] {
        assert!(all.contains(&krama.to_owned()), "{krama}");
    }
}

#[test]
fn english_admin_texts_stay_plain_and_polite() {
    assert_eq!(offending(Lang::En, &["u", "ur", "wanna", "gonna"]), None);
}

#[test]
fn the_sms_rating_prompts_fit_one_sms_and_number_their_answers() {
    let texts = common::texts();
    for lang in Lang::ALL {
        for key in ["rating_prompt_sms", "rating_reminder_sms"] {
            let text = texts.citizen(lang, key, &[("id", "PKL-7Q3K9XW")]);
            assert!(text.chars().count() <= 160, "{lang:?} {key}: {} chars", text.chars().count());
            assert!(text.contains(" 1 ") && text.contains(" 2 "), "{lang:?} {key}: {text}");
            assert!(text.is_ascii(), "{lang:?} {key}: GSM-7 safe");
        }
    }
}
