//! Photos reach the central API as URLs: the forward worker downloads each photo from the Bot API, stores it
//! under an unguessable token, and serves it at `GET /media/{token}`; any other token is a 404.

use kentongan::config::CentralAdapter;
use kentongan_central::fake::FakeCentral;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path_regex};
use wiremock::{Mock, ResponseTemplate};

use crate::dialog_file::DialogFile;
use crate::helpers::*;

const LAMP: &str = "lampu jalan di depan pasar Banjarsari mati sudah seminggu, gelap sekali";
/// A tiny stand-in for a JPEG: start-of-image marker, some bytes, end-of-image marker.
const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00kentongan-photo\xFF\xD9";

async fn media_app(fake: &FakeCentral) -> TestApp {
    let uri = fake.uri();
    spawn_app_with(move |s| {
        s.central.adapter = CentralAdapter::Json;
        s.central.base_url = Some(uri);
        s.central.retry_initial_secs = 0.05;
        s.media.public_base_url = "https://lapor.example.test/".into();
    })
    .await
}

/// The Bot API knows `pic-large` and hands out its bytes.
async fn serve_photo(app: &TestApp) {
    let file = json!({"ok": true, "result": {"file_id": "pic-large", "file_unique_id": "u",
        "file_size": JPEG.len(), "file_path": "photos/file_1.jpg"}});
    Mock::given(method("POST"))
        .and(path_regex(r"(?i)^/bot[^/]+/getfile$"))
        .and(body_partial_json(json!({"file_id": "pic-large"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(file))
        .mount(&app.bot_api)
        .await;
    // teloxide pushes the file path as one URL segment, so its `/` arrives encoded as `%2F`.
    Mock::given(method("GET"))
        .and(path_regex(r"(?i)^/file/bot[^/]+/photos(/|%2F)file_1\.jpg$"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(JPEG).insert_header("content-type", "image/jpeg"))
        .mount(&app.bot_api)
        .await;
}

fn one(replies: Vec<Sent>) -> Sent {
    assert_eq!(replies.len(), 1, "expected exactly one reply: {replies:?}");
    replies.into_iter().next().unwrap()
}

/// Files a complaint with one photo (Biasa privacy, suggested OPD); returns the tracking ID.
async fn file_ticket_with_photo(app: &TestApp, chat: i64) -> String {
    let f = DialogFile::load();
    app.say(chat, "/start").await;
    app.say(chat, LAMP).await;
    app.exchange(chat, &location_update(app.next_update_id(), chat, -6.8886, 109.6753)).await;
    let received = one(app.exchange(chat, &photo_update(app.next_update_id(), chat, "pic")).await);
    assert_eq!(received.text, f.fill("photo_received", "id", &[("n", "1"), ("max", "3")]));
    app.say(chat, &f.message("btn_done", "id")).await;
    let mut summary = one(app.say(chat, &f.option_labels("privacy", "id")[0]).await);
    if summary.buttons[0] != f.message("btn_send", "id") {
        // An unsure agency is asked first: the first choice is taken.
        summary = one(app.say(chat, &summary.buttons[0]).await);
    }
    let done = one(app.say(chat, &summary.buttons[0]).await);
    crate::telegram_dialog::tracking_id_in(&done.text).expect("ticket filed")
}

/// Waits until the fake central holds a ticket for `tracking` and returns the create body.
async fn forwarded_body(app: &TestApp, fake: &FakeCentral, tracking: &str) -> Value {
    let find = || fake.tickets().into_iter().find(|t| t.body["tracking_id"] == json!(tracking));
    app.eventually(10, "ticket forwarded", || async { find().is_some() }).await;
    find().unwrap().body
}

#[tokio::test]
async fn a_photo_reaches_the_central_as_a_url_that_serves_exactly_its_bytes() {
    let fake = FakeCentral::start().await;
    let app = media_app(&fake).await;
    serve_photo(&app).await;
    let tracking = file_ticket_with_photo(&app, 81).await;
    let body = forwarded_body(&app, &fake, &tracking).await;

    let attachments = body["attachments"].as_array().expect("attachments is a list");
    assert_eq!(attachments.len(), 1, "one photo, one attachment: {body}");
    assert_eq!(attachments[0]["mime"], json!("image/jpeg"));
    let url = attachments[0]["url"].as_str().unwrap();
    let re = regex::Regex::new(r"^https://lapor\.example\.test/media/([0-9a-f]{32})$").unwrap();
    let token = re.captures(url).unwrap_or_else(|| panic!("not a public /media/<token> URL: {url}"))[1].to_string();

    let resp = app.client.get(format!("{}/media/{token}", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "image/jpeg");
    assert_eq!(resp.bytes().await.unwrap().as_ref(), JPEG, "the served bytes are the downloaded photo");
}

#[tokio::test]
async fn an_unknown_or_malformed_media_token_is_a_404() {
    let fake = FakeCentral::start().await;
    let app = media_app(&fake).await;
    serve_photo(&app).await;
    let tracking = file_ticket_with_photo(&app, 82).await;
    let body = forwarded_body(&app, &fake, &tracking).await;
    let url = body["attachments"][0]["url"].as_str().unwrap().to_string();
    let real = url.rsplit('/').next().unwrap().to_string();

    let unknown = "0123456789abcdef0123456789abcdef".to_string();
    for token in [unknown, real.to_uppercase(), format!("{real}0"), real[..31].to_string(), "not-a-token".into()] {
        let resp = app.client.get(format!("{}/media/{token}", app.base)).send().await.unwrap();
        assert_eq!(resp.status(), 404, "GET /media/{token} was not refused");
    }
    let resp = app.client.get(format!("{}/media/{real}", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), 200, "the real token still works");
}

#[tokio::test]
async fn a_ticket_without_photos_sends_an_empty_attachment_list_and_asks_the_bot_api_for_no_file() {
    let fake = FakeCentral::start().await;
    let app = media_app(&fake).await;
    serve_photo(&app).await;
    let tracking = app.file_ticket(83, LAMP, 0).await;
    let body = forwarded_body(&app, &fake, &tracking).await;
    // The contract (docs/central-api.openapi.yaml, CreateTicket) requires `attachments`: present, empty.
    assert_eq!(body["attachments"], json!([]), "{body}");
    let requests = app.bot_api.received_requests().await.unwrap_or_default();
    assert!(!requests.iter().any(|r| r.url.path().to_lowercase().ends_with("/getfile")), "no photo, no getFile");
}

#[tokio::test]
async fn a_photo_telegram_refuses_for_good_is_left_out_and_the_ticket_is_forwarded_without_it() {
    let fake = FakeCentral::start().await;
    let app = media_app(&fake).await;
    // getFile answers 400 "wrong file_id" (the photo was deleted, or the id belongs to another bot).
    Mock::given(method("POST"))
        .and(path_regex(r"(?i)^/bot[^/]+/getfile$"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"ok": false, "error_code": 400, "description": "Bad Request: wrong file_id"})),
        )
        .mount(&app.bot_api)
        .await;
    let tracking = file_ticket_with_photo(&app, 84).await;
    let body = forwarded_body(&app, &fake, &tracking).await;
    assert_eq!(body["attachments"], json!([]), "forwarded without the photo: {body}");
    let record = app.store().ticket_record(&tracking).await.unwrap().unwrap();
    let media = app.store().ticket_media(record.ticket.id).await.unwrap();
    assert_eq!(media.len(), 1);
    assert!(media[0].unavailable.as_deref().is_some_and(|r| r.contains("getFile")), "noted: {media:?}");
    let asked = app.bot_api.received_requests().await.unwrap_or_default();
    let get_files = asked.iter().filter(|r| r.url.path().to_lowercase().ends_with("/getfile")).count();
    assert_eq!(get_files, 1, "a refused photo is not asked for again");
}
