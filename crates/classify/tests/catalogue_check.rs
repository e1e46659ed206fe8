//! Catalogue check: the shipped catalogue is clean, and each kind of problem is caught with file:line.

mod common;

use kentongan_classify::{Catalogue, cli};
use std::path::PathBuf;

fn problems(fixture: &str) -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    Catalogue::check(&path).iter().map(ToString::to_string).collect()
}

fn assert_problem(fixture: &str, line: usize, needle: &str) {
    let found = problems(fixture);
    let at = format!("{fixture}:{line}: ");
    assert!(
        found.iter().any(|p| p.contains(&at) && p.contains(needle)),
        "{fixture}: wanted `{at}…{needle}…` in {found:#?}"
    );
}

#[test]
fn the_shipped_catalogue_is_clean_and_covers_all_24_codes_with_15_examples_each() {
    assert_eq!(Catalogue::check(&common::catalogue_path()), vec![]);
    let catalogue = common::catalogue();
    assert_eq!(catalogue.opds().len(), 24);
    assert!(catalogue.opds().iter().all(|o| o.examples.len() >= 15));
    let pln = catalogue.get("EXT-PLN").expect("EXT-PLN");
    assert!(pln.external && pln.external_note.as_deref().is_some_and(|n| n.contains("PLN")));
}

#[test]
fn an_unknown_code_is_reported_at_its_line() {
    assert_problem("unknown_code.toml", 13, "unknown OPD code `ZZZ`");
}

#[test]
fn a_duplicate_code_is_reported_with_the_first_line() {
    assert_problem("duplicate_code.toml", 13, "duplicate OPD code `AAA` (first at line 6)");
}

#[test]
fn empty_examples_are_reported() {
    assert_problem("empty_examples.toml", 5, "`AAA` has no examples");
    assert_problem("empty_examples.toml", 17, "`BBB` has an empty example");
}

#[test]
fn a_bad_regex_is_reported_at_its_line() {
    assert_problem("bad_regex.toml", 11, "bad regex");
}

#[test]
fn fewer_than_15_examples_are_reported() {
    assert_problem("too_few_examples.toml", 4, "has 3 examples; at least 15 needed");
}

#[test]
fn a_toml_syntax_error_is_reported_at_its_line() {
    assert_eq!(problems("syntax_error.toml").len(), 1);
    assert!(problems("syntax_error.toml")[0].contains("syntax_error.toml:5: "), "{:?}", problems("syntax_error.toml"));
}

#[test]
fn an_external_code_without_a_note_is_reported() {
    assert_problem("external_without_note.toml", 5, "external but has no external_note");
}

#[test]
fn the_check_command_prints_problems_and_fails() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/duplicate_code.toml");
    let mut out = Vec::new();
    assert!(cli::check(&path, &mut out).is_err());
    assert!(String::from_utf8_lossy(&out).contains("duplicate OPD code"));
    let mut out = Vec::new();
    assert!(cli::check(&common::catalogue_path(), &mut out).is_ok());
}
