//! The shipped dialogs load cleanly.

#[test]
fn the_shipped_dialogs_load_without_problems() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dialogs");
    let problems = kentongan_dialog::check_dir(&dir);
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
}

#[test]
fn every_shipped_button_label_fits_whatsapps_limits_in_every_language() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dialogs");
    let whatsapp: Vec<String> =
        kentongan_dialog::check_dir(&dir).iter().map(|p| p.to_string()).filter(|p| p.contains("WhatsApp")).collect();
    assert!(whatsapp.is_empty(), "{}", whatsapp.join("\n"));
}

#[test]
fn a_short_label_loads_and_is_found_by_its_full_label() {
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dialogs");
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("short_label");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(shipped.join("messages.toml"), dir.join("messages.toml")).unwrap();
    let complaint = std::fs::read_to_string(shipped.join("complaint.toml")).unwrap();
    let label = r#"label = { id = "Anonim", jv = "Anonim", en = "Anonymous" }"#;
    assert!(complaint.contains(label), "the fixture edit needs the shipped anonim option");
    let with_short =
        complaint.replace(label, &format!("{label}\nshort = {{ id = \"Anon\", jv = \"Anon\", en = \"Anon.\" }}"));
    std::fs::write(dir.join("complaint.toml"), with_short).unwrap();
    let d = kentongan_dialog::Dialogs::load_dir(&dir).expect("a short label is part of the format");
    assert_eq!(d.short_label("Anonymous", kentongan_dialog::Lang::En), Some("Anon."));
    assert_eq!(d.short_label("Anonim", kentongan_dialog::Lang::Id), Some("Anon"));
    assert_eq!(d.short_label("Biasa", kentongan_dialog::Lang::Id), None);
}
