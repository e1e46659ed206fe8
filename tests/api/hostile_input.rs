//! Hostile input found from outside (issue 17): each defect's regression test, on the routes it reached.

use crate::dialog_file::DialogFile;
use crate::helpers::{location_update, spawn_app};

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
