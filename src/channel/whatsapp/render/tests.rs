//! Which body each shape of reply becomes, and how labels and texts beyond the limits are shortened.

use super::*;

const TO: &str = "6281234567890";

fn reply(text: &str, options: &[&str]) -> NeutralReply {
    NeutralReply { text: text.into(), options: options.iter().map(|o| Label::from(*o)).collect(), ask_location: false }
}

fn kind(body: &Value) -> String {
    match body["type"].as_str().unwrap() {
        "interactive" => format!("interactive/{}", body["interactive"]["type"].as_str().unwrap()),
        other => other.to_owned(),
    }
}

#[test]
fn no_options_become_a_text() {
    let body = render(TO, &reply("Terima kasih.", &[]), "Pilih").unwrap();
    assert_eq!(kind(&body), "text");
    assert_eq!(body["text"]["body"], "Terima kasih.");
}

#[test]
fn one_to_three_options_become_reply_buttons_whose_ids_are_the_labels() {
    for n in 1..=3 {
        let labels: Vec<String> = (1..=n).map(|i| format!("Pilihan {i}")).collect();
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        let body = render(TO, &reply("Pilih satu", &labels), "Pilih").unwrap();
        assert_eq!(kind(&body), "interactive/button", "{n}");
        let buttons = body["interactive"]["action"]["buttons"].as_array().unwrap();
        assert_eq!(buttons.len(), n);
        assert_eq!(buttons[0]["reply"]["id"], "Pilihan 1");
    }
}

#[test]
fn four_to_ten_options_become_a_list_behind_the_given_button() {
    for n in [4, 10] {
        let labels: Vec<String> = (1..=n).map(|i| format!("Kategori {i}")).collect();
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        let body = render(TO, &reply("Kategori?", &labels), "Pilih").unwrap();
        assert_eq!(kind(&body), "interactive/list", "{n}");
        assert_eq!(body["interactive"]["action"]["button"], "Pilih");
        assert_eq!(body["interactive"]["action"]["sections"][0]["rows"].as_array().unwrap().len(), n);
    }
}

#[test]
fn more_than_ten_options_become_numbered_lines_in_a_text() {
    let labels: Vec<String> = (1..=11).map(|i| format!("Dinas {i}")).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let body = render(TO, &reply("Instansi?", &labels), "Pilih").unwrap();
    assert_eq!(kind(&body), "text");
    let text = body["text"]["body"].as_str().unwrap();
    assert!(text.starts_with("Instansi?\n\n1. Dinas 1\n2. Dinas 2\n"), "{text}");
    assert!(text.ends_with("11. Dinas 11"));
}

#[test]
fn the_location_step_becomes_a_location_request_with_any_options_as_numbered_lines() {
    let mut r = reply("Di mana lokasinya? Kirim lokasi atau ketik alamat.", &[]);
    r.ask_location = true;
    let body = render(TO, &r, "Pilih").unwrap();
    assert_eq!(kind(&body), "interactive/location_request_message");
    r.options = vec![Label::from("Lewati")];
    let body = render(TO, &r, "Pilih").unwrap();
    assert!(body["interactive"]["body"]["text"].as_str().unwrap().ends_with("\n\n1. Lewati"));
}

#[test]
fn a_long_button_label_uses_the_dialogs_short_label_or_is_shortened_by_characters() {
    let mut r = reply("Instansinya benar?", &["Benar", "Choose another agency"]);
    let body = render(TO, &r, "Pilih").unwrap();
    let title = body["interactive"]["action"]["buttons"][1]["reply"]["title"].as_str().unwrap().to_owned();
    assert_eq!(title, "Choose another…");
    assert_eq!(body["interactive"]["action"]["buttons"][1]["reply"]["id"], "Choose another agency");
    r.options[1].short = Some("Another agency".into());
    let body = render(TO, &r, "Pilih").unwrap();
    assert_eq!(body["interactive"]["action"]["buttons"][1]["reply"]["title"], "Another agency");
}

#[test]
fn a_long_row_title_is_shortened_and_the_full_label_shown_as_its_description() {
    let labels = ["Jalan dan jembatan rusak parah", "Sampah", "Banjir", "Lampu jalan"];
    let body = render(TO, &reply("Kategori?", &labels), "Pilih").unwrap();
    let row = &body["interactive"]["action"]["sections"][0]["rows"][0];
    assert_eq!(row["title"], "Jalan dan jembatan…");
    assert_eq!(row["description"], "Jalan dan jembatan rusak parah");
    assert!(body["interactive"]["action"]["sections"][0]["rows"][1].get("description").is_none());
}

#[test]
fn labels_that_collide_once_shortened_fall_back_to_numbered_lines() {
    let labels = ["Perbaikan jalan kampung A", "Perbaikan jalan kampung B"];
    let body = render(TO, &reply("Yang mana?", &labels), "Pilih").unwrap();
    assert_eq!(kind(&body), "text");
}

#[test]
fn a_text_too_long_for_buttons_goes_as_text_and_one_too_long_for_whatsapp_is_cut_to_4096() {
    let body = render(TO, &reply(&"a".repeat(1500), &["Ya", "Tidak"]), "Pilih").unwrap();
    assert_eq!(kind(&body), "text");
    let body = render(TO, &reply(&"ü".repeat(5000), &[]), "Pilih").unwrap();
    assert_eq!(body["text"]["body"].as_str().unwrap().chars().count(), 4096);
}

#[test]
fn shortening_counts_characters_cuts_between_words_and_never_splits_a_character() {
    assert_eq!(shorten("Pilih instansi lain", 20), "Pilih instansi lain");
    assert_eq!(shorten("Pilih instansi sanes sanget", 20), "Pilih instansi…");
    assert_eq!(shorten("ꦧꦱꦗꦮꦧꦱꦗꦮꦧꦱꦗꦮꦧꦱꦗꦮꦧꦱꦗꦮ", 20).chars().count(), 20);
    assert_eq!(shorten("Supercalifragilisticexpialidocious", 10), "Supercali…");
    assert_eq!(shorten("🚧🚧🚧", 2), "🚧…");
}

#[test]
fn an_engine_reply_maps_field_for_field() {
    let r = kentongan_dialog::Reply { text: "t".into(), options: vec!["a".into()], ask_location: true };
    let n = NeutralReply::from(&r);
    assert_eq!((n.text.as_str(), n.options[0].text.as_str(), n.ask_location), ("t", "a", true));
}

#[test]
fn an_engine_reply_takes_each_options_short_label_from_the_dialog_files() {
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dialogs");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(shipped.join("messages.toml"), dir.path().join("messages.toml")).unwrap();
    let label = r#"label = { id = "Anonim", jv = "Anonim", en = "Anonymous" }"#;
    let complaint = std::fs::read_to_string(shipped.join("complaint.toml")).unwrap();
    let short = format!("{label}\nshort = {{ id = \"Anon\", jv = \"Anon\", en = \"Anon.\" }}");
    std::fs::write(dir.path().join("complaint.toml"), complaint.replace(label, &short)).unwrap();
    let d = kentongan_dialog::Dialogs::load_dir(dir.path()).unwrap();
    let r = kentongan_dialog::Reply {
        text: "t".into(),
        options: vec!["Biasa".into(), "Anonim".into()],
        ask_location: false,
    };
    let n = NeutralReply::from_dialog(&r, &d, kentongan_dialog::Lang::Id);
    assert_eq!(n.options, [Label::from("Biasa"), Label { text: "Anonim".into(), short: Some("Anon".into()) }]);
}

#[test]
fn an_empty_reply_is_refused_rather_than_sent_empty() {
    assert_eq!(render(TO, &reply("  ", &[]), "Pilih"), Err(BodyError::Empty("text.body")));
}
