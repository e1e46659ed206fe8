//! The shipped dialogs load cleanly.

#[test]
fn the_shipped_dialogs_load_without_problems() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dialogs");
    let problems = kentongan_dialog::check_dir(&dir);
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
}
