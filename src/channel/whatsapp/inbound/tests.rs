//! Webhook payloads shaped like Meta's examples and courier's `testdata/wac/` (files under
//! `tests/data/whatsapp/`), each parsed into what the gateway acts on.

use super::*;

macro_rules! payload {
    ($name:literal) => {
        include_bytes!(concat!("../../../../tests/data/whatsapp/", $name, ".json")).as_slice()
    };
}

fn one(body: &[u8]) -> InboundMessage {
    let parsed = parse(body).unwrap();
    assert_eq!(parsed.messages.len(), 1, "{parsed:?}");
    parsed.messages.into_iter().next().unwrap()
}

#[test]
fn a_text_message_carries_its_wamid_the_sender_in_e164_the_profile_name_and_the_time() {
    let m = one(payload!("text"));
    assert!(m.wamid.starts_with("wamid.HBgN"));
    assert_eq!(m.phone_number_id, "106540352242922");
    assert_eq!(m.from.as_str(), "+6281234567890");
    assert_eq!(m.profile_name.as_deref(), Some("Siti Aminah"));
    assert_eq!(m.at, DateTime::from_timestamp(1_764_837_000, 0).unwrap());
    assert_eq!(m.content, MessageContent::Text("Jalan di depan SD Negeri 3 berlubang besar".into()));
}

#[test]
fn a_tapped_reply_button_gives_its_id_title_and_the_message_it_was_on() {
    let m = one(payload!("button_reply"));
    assert_eq!(m.content, MessageContent::ButtonReply { id: "1".into(), title: "Anonim".into() });
    assert!(m.reply_to.unwrap().starts_with("wamid."));
}

#[test]
fn a_chosen_list_row_gives_its_id_and_title() {
    let m = one(payload!("list_reply"));
    assert_eq!(m.content, MessageContent::ListReply { id: "4".into(), title: "Jalan & jembatan".into() });
}

#[test]
fn a_shared_location_keeps_coordinates_name_and_address() {
    let m = one(payload!("location"));
    let MessageContent::Location { lat, lon, name, address } = m.content else { panic!("{:?}", m.content) };
    assert_eq!((lat, lon), (-6.990112, 110.422905));
    assert_eq!(name.as_deref(), Some("Simpang Lima"));
    assert_eq!(address.as_deref(), Some("Jl. Pahlawan, Semarang"));
}

#[test]
fn a_location_outside_the_globe_is_malformed() {
    let err = parse(payload!("bad_location")).unwrap_err();
    assert_eq!(err, ParseError::Message { index: 0, reason: "location latitude outside -90..90" });
}

#[test]
fn a_photo_gives_the_media_id_to_download_its_type_and_caption() {
    let m = one(payload!("image"));
    let expected = MessageContent::Image {
        media_id: "1003383421387256".into(),
        mime: Some("image/jpeg".into()),
        caption: Some("Lubangnya sedalam lutut".into()),
    };
    assert_eq!(m.content, expected);
}

#[test]
fn shared_contacts_give_each_card_its_e164_number_and_say_which_is_the_senders_own() {
    let MessageContent::Contacts(cards) = one(payload!("contacts")).content else { panic!("not contacts") };
    assert_eq!(cards.len(), 2);
    assert_eq!(cards[0].phone.as_ref().unwrap().as_str(), "+6281234567890");
    assert!(cards[0].own);
    assert_eq!(cards[1].name.as_deref(), Some("Pak RT"));
    assert_eq!(cards[1].phone.as_ref().unwrap().as_str(), "+6281322223333");
    assert!(!cards[1].own);
}

#[test]
fn stickers_unknown_types_and_reactions_arrive_as_unsupported_with_their_type_and_codes() {
    let parsed = parse(payload!("unsupported")).unwrap();
    let kinds: Vec<_> = parsed.messages.into_iter().map(|m| m.content).collect();
    assert_eq!(
        kinds,
        [
            MessageContent::Unsupported { kind: "sticker".into(), error_codes: vec![] },
            MessageContent::Unsupported { kind: "unsupported".into(), error_codes: vec![131051] },
            MessageContent::Unsupported { kind: "reaction".into(), error_codes: vec![] },
        ]
    );
}

#[test]
fn statuses_are_delivery_reports_with_errors_and_untracked_ones_are_counted() {
    let parsed = parse(payload!("statuses")).unwrap();
    let s: Vec<_> = parsed.statuses.iter().map(|s| (s.status, s.errors.iter().map(|e| e.code).collect())).collect();
    let expected: Vec<(DeliveryStatus, Vec<i64>)> =
        vec![(DeliveryStatus::Sent, vec![]), (DeliveryStatus::Read, vec![]), (DeliveryStatus::Failed, vec![131047])];
    assert_eq!(s, expected);
    assert_eq!(parsed.statuses[2].errors[0].title, "Re-engagement message");
    assert_eq!(parsed.statuses[0].recipient.as_ref().unwrap().as_str(), "+6281234567890");
    assert_eq!(parsed.ignored, [Ignored::OtherStatus]);
}

#[test]
fn one_body_returns_all_its_messages_and_statuses_once_each_and_reads_millisecond_timestamps() {
    let parsed = parse(payload!("batch")).unwrap();
    let ids: Vec<_> = parsed.messages.iter().map(|m| m.wamid.as_str()).collect();
    assert_eq!(ids, ["wamid.BATCH-1", "wamid.BATCH-2"]);
    assert_eq!(parsed.messages[1].at, DateTime::from_timestamp(1_764_837_501, 0).unwrap());
    assert_eq!(parsed.statuses.len(), 1);
}

#[test]
fn group_messages_and_users_without_a_number_are_ignored_and_counted() {
    let parsed = parse(payload!("group_and_username")).unwrap();
    assert!(parsed.messages.is_empty());
    assert_eq!(parsed.ignored, [Ignored::Group, Ignored::NoPhoneNumber]);
}

#[test]
fn malformed_bodies_are_typed_errors_that_name_no_personal_data() {
    let cases: [(&[u8], &str); 6] = [
        (payload!("bad_timestamp"), "message 0: timestamp is not Unix seconds"),
        (payload!("bad_from"), "message 0: from is not a WhatsApp number"),
        (b"{\"object\":\"page\",\"entry\":[]}", "object is not whatsapp_business_account"),
        (b"not json", "body is not the webhook JSON"),
        (b"{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{}}]}]}",
         "entry[0].changes[0].value: missing field `metadata`"),
        (b"{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"1\"},\"messages\":[{\"from\":\"6281234567890\",\"id\":\"wamid.X\",\"timestamp\":\"1\",\"type\":\"text\"}]}}]}]}",
         "message 0: text without text.body"),
    ];
    for (body, expected) in cases {
        let shown = parse(body).unwrap_err().to_string();
        assert!(shown.starts_with(expected), "{shown}");
        assert!(!shown.contains("6281234567890") && !shown.contains("asdf"), "{shown}");
    }
}

#[test]
fn a_wrongly_typed_field_is_refused_without_quoting_its_value() {
    let body = br#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1"},"messages":[{"from":6281234567890,"id":"wamid.X","timestamp":"1","type":"text","text":{"body":"Siti di Jl. Mawar 3"}}]}}]}]}"#;
    let shown = parse(body).unwrap_err().to_string();
    assert!(shown.starts_with("entry[0].changes[0].value: invalid type (line"), "{shown}");
    assert!(!shown.contains("6281234567890") && !shown.contains("Mawar"), "{shown}");
}

#[test]
fn account_and_template_updates_are_not_messages_and_are_counted() {
    let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"message_template_status_update","value":{"event":"APPROVED","message_template_name":"status_laporan"}}]}]}"#;
    let parsed = parse(body).unwrap();
    assert!(parsed.messages.is_empty() && parsed.statuses.is_empty());
    assert_eq!(parsed.ignored, [Ignored::OtherField]);
}

#[test]
fn arbitrary_bytes_never_panic() {
    for body in
        [&b""[..], b"{}", b"[]", b"null", b"{\"object\":\"whatsapp_business_account\",\"entry\":null}", &[0xff, 0xfe]]
    {
        let _ = parse(body);
    }
}
