//! Reading `dialogs/*.toml`: the only I/O in this crate. Parses, compiles and hands over to `validate`.

use std::path::Path;

use crate::compile::{compile_catalog, compile_dialog};
use crate::dialogs::Dialogs;
use crate::problem::{Problem, Sink};
use crate::validate;

/// The catalogue file name inside a dialogs directory; every other `*.toml` is a dialog.
pub const CATALOG_FILE: &str = "messages.toml";

/// Every problem in a dialogs directory (empty when it loads cleanly).
pub fn check_dir(path: &Path) -> Vec<Problem> {
    match Dialogs::load_dir(path) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    }
}

/// Loads one directory: each file read once, all problems collected before giving up.
pub(crate) fn load(dir: &Path) -> Result<Dialogs, Vec<Problem>> {
    let files = read_files(dir)?;
    let mut problems = Vec::new();
    let mut catalog = None;
    let mut dialogs = Vec::new();
    for (name, display, text) in &files {
        let mut sink = Sink::new(display.clone(), text);
        if name == CATALOG_FILE {
            catalog = compile_catalog(&mut sink);
        } else if let Some(dialog) = compile_dialog(&mut sink) {
            dialogs.push(dialog);
        }
        problems.append(&mut sink.problems);
    }
    let dir_name = dir.display().to_string();
    let Some(catalog) = catalog else {
        if !files.iter().any(|(n, ..)| n == CATALOG_FILE) {
            problems.push(dir_problem(&dir_name, format!("no {CATALOG_FILE} in the directory")));
        }
        return Err(problems);
    };
    if dialogs.is_empty() && problems.is_empty() {
        problems.push(dir_problem(&dir_name, "no dialog files (*.toml) in the directory".into()));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let version = fingerprint(&files);
    let loaded = Dialogs::from_parts(dialogs, catalog, version);
    let problems = validate::all(&loaded);
    if problems.is_empty() { Ok(loaded) } else { Err(problems) }
}

fn dir_problem(dir: &str, message: String) -> Problem {
    Problem { file: dir.to_owned(), line: None, step: None, message }
}

/// `(file name, displayed path, contents)` of every `*.toml`, sorted by name.
fn read_files(dir: &Path) -> Result<Vec<(String, String, String)>, Vec<Problem>> {
    let shown = dir.display().to_string();
    let entries =
        std::fs::read_dir(dir).map_err(|e| vec![dir_problem(&shown, format!("cannot read directory: {e}"))])?;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let display = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push((name, display, text)),
            Err(e) => problems.push(dir_problem(&display, format!("cannot read file: {e}"))),
        }
    }
    files.sort();
    if problems.is_empty() { Ok(files) } else { Err(problems) }
}

/// FNV-1a 64 over names and bytes: the same files give the same version on every machine.
fn fingerprint(files: &[(String, String, String)]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, _, text) in files {
        for byte in name.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
