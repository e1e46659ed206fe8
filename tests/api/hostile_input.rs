//! Hostile input found from outside (issue 17): each defect's regression test, on the routes it reached.

use chrono::Utc;
use kentongan::channel::sms::Provider;

use crate::dialog_file::DialogFile;
use crate::helpers::{location_update, spawn_app};
use crate::sms_support::{android_body, android_signed, spawn_sms_app};

#[tokio::test]
async fn a_telegram_location_off_the_globe_is_reasked_and_never_taken_as_the_place() {
    let app = spawn_app().await;
    let f = DialogFile::load();
    let chat = 1701;
    app.say(chat, "/start").await;
    let opened = app.say(chat, crate::telegram_dialog::COMPLAINT).await;
    assert_eq!(opened.last().unwrap().text, f.prompt("location", "id"));
    for (lat, lon) in [(999.0, -999.0), (1e308, 0.0), (0.0, 1e308), (-90.5, 10.0), (10.0, 180.5)] {
        let replies = app.exchange(chat, &location_update(app.next_update_id(), chat, lat, lon)).await;
        let last = replies.last().expect("an answer");
        assert_ne!(last.text, f.prompt("photos", "id"), "({lat}, {lon}) was taken as the place");
        assert!(last.location_button, "the re-ask offers the location button again: {last:?}");
    }
    let photos = app.exchange(chat, &location_update(app.next_update_id(), chat, -90.0, 180.0)).await;
    assert_eq!(photos.last().unwrap().text, f.prompt("photos", "id"), "the edge of the range is a place");
}

#[tokio::test]
async fn an_android_envelope_with_an_empty_id_is_a_bad_request_and_nothing_is_stored() {
    let app = spawn_sms_app(|_| {}).await;
    for from in ["+6281200000101", "+6281200000102"] {
        let body = android_body("", from, "LAPOR jalan rusak").to_string();
        let request = app.app.client.post(format!("{}/sms/android/webhook", app.app.base));
        let response = android_signed(request, &body, Utc::now().timestamp()).send().await.unwrap();
        assert_eq!(response.status(), 400, "from the {from}");
        assert_eq!(response.text().await.unwrap(), "envelope without id");
    }
    app.settle().await;
    assert!(app.app.store().pending_inbound(10).await.unwrap().is_empty(), "nothing stored");
    for from in ["+6281200000101", "+6281200000102"] {
        assert!(app.sms_to(Provider::Android, from).await.is_empty(), "nothing answered");
    }
}
