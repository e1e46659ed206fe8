//! Each body compared whole with the shape in Meta's documentation, and each limit refused.

use serde_json::json;

use super::*;

const TO: &str = "6281234567890";

fn b(id: &str, title: &str) -> Button {
    Button { id: id.into(), title: title.into() }
}

fn row(id: &str, title: &str) -> Row {
    Row { id: id.into(), title: title.into(), description: None }
}

#[test]
fn a_text_body_is_individual_whatsapp_text_without_link_preview() {
    let expected = json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": TO,
        "type": "text", "text": {"preview_url": false, "body": "Laporan diterima"}});
    assert_eq!(text(TO, "Laporan diterima").unwrap(), expected);
}

#[test]
fn a_text_of_4096_characters_passes_and_4097_is_refused_counting_characters_not_bytes() {
    assert!(text(TO, &"é".repeat(4096)).is_ok());
    assert_eq!(text(TO, &"é".repeat(4097)), Err(BodyError::TooLong { what: "text.body", max: 4096 }));
    assert_eq!(text(TO, ""), Err(BodyError::Empty("text.body")));
}

#[test]
fn reply_buttons_have_the_documented_shape() {
    let body = buttons(TO, "Identitas pelapor?", &[b("Biasa", "Biasa"), b("Anonim", "Anonim")]).unwrap();
    let expected = json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": TO,
        "type": "interactive", "interactive": {"type": "button", "body": {"text": "Identitas pelapor?"},
        "action": {"buttons": [
            {"type": "reply", "reply": {"id": "Biasa", "title": "Biasa"}},
            {"type": "reply", "reply": {"id": "Anonim", "title": "Anonim"}}]}}});
    assert_eq!(body, expected);
}

#[test]
fn buttons_beyond_three_titles_beyond_20_characters_or_twice_the_same_are_refused() {
    let four = [b("1", "a"), b("2", "b"), b("3", "c"), b("4", "d")];
    assert!(matches!(buttons(TO, "x", &four), Err(BodyError::Count { count: 4, .. })));
    assert!(matches!(buttons(TO, "x", &[]), Err(BodyError::Count { count: 0, .. })));
    assert!(buttons(TO, "x", &[b("1", &"ä".repeat(20))]).is_ok());
    assert_eq!(buttons(TO, "x", &[b("1", &"ä".repeat(21))]), Err(BodyError::TooLong { what: "button title", max: 20 }));
    assert_eq!(buttons(TO, "x", &[b(&"i".repeat(257), "t")]), Err(BodyError::TooLong { what: "button id", max: 256 }));
    assert_eq!(buttons(TO, "x", &[b("1", "Ya"), b("2", "Ya")]), Err(BodyError::NotUnique("button titles")));
    assert!(matches!(buttons(TO, &"x".repeat(1025), &[b("1", "a")]), Err(BodyError::TooLong { max: 1024, .. })));
}

#[test]
fn a_list_has_the_documented_shape_with_one_untitled_section() {
    let rows = vec![
        row("Jalan", "Jalan"),
        Row { description: Some("Sampah, saluran".into()), ..row("Kebersihan", "Kebersihan") },
    ];
    let body = list(TO, "Kategori?", "Pilih", &[Section { title: None, rows }]).unwrap();
    let expected = json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": TO,
        "type": "interactive", "interactive": {"type": "list", "body": {"text": "Kategori?"},
        "action": {"button": "Pilih", "sections": [{"rows": [
            {"id": "Jalan", "title": "Jalan"},
            {"id": "Kebersihan", "title": "Kebersihan", "description": "Sampah, saluran"}]}]}}});
    assert_eq!(body, expected);
}

#[test]
fn a_list_beyond_ten_rows_long_titles_or_untitled_sections_among_several_is_refused() {
    let rows = |n: usize| (0..n).map(|i| row(&i.to_string(), &format!("r{i}"))).collect::<Vec<_>>();
    assert!(list(TO, "x", "Pilih", &[Section { title: None, rows: rows(10) }]).is_ok());
    assert!(matches!(
        list(TO, "x", "Pilih", &[Section { title: None, rows: rows(11) }]),
        Err(BodyError::Count { count: 11, .. })
    ));
    let split =
        [Section { title: Some("A".into()), rows: rows(6) }, Section { title: Some("B".into()), rows: rows(5) }];
    assert!(
        matches!(list(TO, "x", "Pilih", &split), Err(BodyError::Count { count: 11, .. })),
        "ten rows over all sections"
    );
    let untitled =
        [Section { title: None, rows: rows(1) }, Section { title: Some("B".into()), rows: vec![row("b", "b")] }];
    assert_eq!(list(TO, "x", "Pilih", &untitled), Err(BodyError::Empty("section title")));
    let long = [Section { title: None, rows: vec![row("1", &"x".repeat(25))] }];
    assert_eq!(list(TO, "x", "Pilih", &long), Err(BodyError::TooLong { what: "row title", max: 24 }));
    let rows1 = [Section { title: None, rows: rows(1) }];
    assert_eq!(list(TO, "x", &"x".repeat(21), &rows1), Err(BodyError::TooLong { what: "list button", max: 20 }));
    let long_section = [Section { title: Some("s".repeat(25)), rows: rows(1) }];
    assert_eq!(list(TO, "x", "Pilih", &long_section), Err(BodyError::TooLong { what: "section title", max: 24 }));
}

#[test]
fn a_location_request_has_the_send_location_action() {
    let expected = json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": TO,
        "type": "interactive", "interactive": {"type": "location_request_message",
        "body": {"text": "Di mana lokasinya?"}, "action": {"name": "send_location"}}});
    assert_eq!(location_request(TO, "Di mana lokasinya?").unwrap(), expected);
}

#[test]
fn a_template_carries_name_language_and_body_parameters_in_order() {
    let params = ["LPR-7K3M9Q", "Diproses", "-"].map(String::from);
    let expected = json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": TO,
        "type": "template", "template": {"name": "status_laporan", "language": {"code": "id"},
        "components": [{"type": "body", "parameters": [
            {"type": "text", "text": "LPR-7K3M9Q"}, {"type": "text", "text": "Diproses"}, {"type": "text", "text": "-"}]}]}});
    assert_eq!(template(TO, "status_laporan", "id", &params).unwrap(), expected);
    let bare = template(TO, "halo", "id", &[]).unwrap();
    assert!(bare["template"].get("components").is_none());
}

#[test]
fn mark_as_read_names_the_message_and_may_show_typing() {
    assert_eq!(
        mark_read("wamid.X", false),
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.X"})
    );
    assert_eq!(mark_read("wamid.X", true)["typing_indicator"], json!({"type": "text"}));
}

#[test]
fn an_image_goes_by_media_id_with_its_caption() {
    let expected = json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": TO,
        "type": "image", "image": {"id": "1003383421387256", "caption": "Foto"}});
    assert_eq!(image(TO, "1003383421387256", Some("Foto")).unwrap(), expected);
}

#[test]
fn the_recipient_is_the_e164_number_without_its_plus() {
    let phone = PhoneNumber::parse("0812-3456-7890", "ID").unwrap();
    assert_eq!(to_wa_id(&phone), TO);
}
