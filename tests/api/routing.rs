//! The bot says where a report will go (in the summary, by name, with [Ganti instansi]); a citizen's
//! correction is stored and teaches the classifier.

use crate::dialog_file::DialogFile;
use crate::helpers::*;

const AMBIGUOUS: &str = "pohon besar tumbang di taman dekat alun-alun, dahannya menutup jalan";

fn catalogue() -> kentongan_classify::Catalogue {
    kentongan_classify::Catalogue::load(&repo_path("deploy/pekalongan/opd.toml")).unwrap()
}

fn code_of(name_in_text: &str) -> String {
    let cat = catalogue();
    let opd = cat
        .opds()
        .iter()
        .find(|o| name_in_text.contains(&o.name))
        .unwrap_or_else(|| panic!("no OPD in {name_in_text:?}"));
    opd.code.clone()
}

/// Walks to the summary; returns it (it names the suggested agency).
async fn to_opd_step(app: &TestApp, chat: i64, text: &str) -> Sent {
    let f = DialogFile::load();
    app.say(chat, "/start").await;
    app.say(chat, &f.message("menu_report", "id")).await;
    app.say(chat, text).await;
    app.say(chat, "Jl. Merdeka No. 5, Podosugih").await;
    app.say(chat, &f.message("btn_skip", "id")).await;
    let summary = app.say(chat, &f.option_labels("privacy", "id")[0]).await.pop().unwrap();
    assert_eq!(summary.buttons[1], f.message("btn_opd_change", "id"), "the agency is in the summary: {summary:?}");
    summary
}

/// At the summary, picks [Ganti instansi] and then the option at `index`; files the report.
async fn correct_to(app: &TestApp, chat: i64, index: usize) -> (String, String) {
    let f = DialogFile::load();
    let other = app.say(chat, &f.message("btn_opd_change", "id")).await.pop().unwrap();
    assert_eq!(other.text, f.message("opd_pick", "id"));
    assert_eq!(other.buttons.last().unwrap(), &f.message("btn_opd_unknown", "id"), "'Tidak tahu' is offered");
    let picked = other.buttons[index].clone();
    let summary = app.say(chat, &picked).await.pop().unwrap();
    let done = app.say(chat, &summary.buttons[0]).await.pop().unwrap();
    (crate::telegram_dialog::tracking_id_in(&done.text).unwrap(), code_of(&picked))
}

#[tokio::test]
async fn a_citizens_correction_of_the_suggested_opd_is_stored_as_a_labelled_example() {
    let app = spawn_app().await;
    let suggestion = to_opd_step(&app, 81, AMBIGUOUS).await;
    let suggested = code_of(&suggestion.text);
    let (tracking, corrected) = correct_to(&app, 81, 1).await;
    let t = app.store().ticket_record(&tracking).await.unwrap().unwrap().ticket;
    assert_eq!(t.opd_code.as_deref(), Some(corrected.as_str()));
    assert_eq!(t.opd_suggested.as_deref(), Some(suggested.as_str()));
    assert_eq!(t.opd_corrected, corrected != suggested);
    let examples = app.store().routing_corrections().await.unwrap();
    assert_eq!(examples, vec![(AMBIGUOUS.to_string(), corrected)]);
}

#[tokio::test]
async fn corrections_retrain_the_classifier_at_the_next_start() {
    let mut app = spawn_app().await;
    let before = code_of(&to_opd_step(&app, 82, AMBIGUOUS).await.text);
    let (_, target) = correct_to(&app, 82, 1).await;
    assert_ne!(before, target, "the second choice differs from the first");
    for chat in 83..86 {
        to_opd_step(&app, chat, AMBIGUOUS).await;
        let other = app.say(chat, &DialogFile::load().message("btn_opd_change", "id")).await.pop().unwrap();
        let index = other.buttons.iter().position(|b| code_of_opt(b).as_deref() == Some(target.as_str())).unwrap();
        correct_to_index_after_other(&app, chat, &other, index).await;
    }
    app.restart().await;
    let after = to_opd_step(&app, 90, AMBIGUOUS).await;
    assert_eq!(code_of(&after.text), target, "after four corrections the bot suggests what citizens chose");
}

fn code_of_opt(name: &str) -> Option<String> {
    catalogue().opds().iter().find(|o| name.contains(&o.name)).map(|o| o.code.clone())
}

async fn correct_to_index_after_other(app: &TestApp, chat: i64, other: &Sent, index: usize) {
    let summary = app.say(chat, &other.buttons[index]).await.pop().unwrap();
    app.say(chat, &summary.buttons[0]).await;
}
