//! Ubah on the summary, stale states after a dialog change, and the state surviving serde.
//!
//!   bot: Ringkasan laporanmu: … [Kirim] [Ubah] [Batal]   citizen: Ubah
//!   bot: Bagian mana yang mau diubah? [Isi laporan] [Lokasi] …   citizen: Kerahasiaan
//!   bot: Kerahasiaan? …            citizen: Rahasia
//!   bot: Ringkasan laporanmu: … - Kerahasiaan: Rahasia

mod common;

use common::Chat;
use kentongan_dialog::{Answer, Dialogs, Effect, State};

#[test]
fn ubah_picks_an_answer_changes_it_and_returns_to_the_summary() {
    let mut chat = Chat::telegram();
    chat.up_to_summary();
    assert!(chat.text().contains("- Kerahasiaan: Anonim"), "{}", chat.text());
    chat.say("Ubah");
    assert_eq!(chat.text(), chat.msg("edit_pick", &[]));
    assert_eq!(chat.options(), ["Isi laporan", "Lokasi", "Tanggal", "Foto", "Jenis", "Kerahasiaan"]);
    chat.say("kerahasiaan");
    assert_eq!(chat.state.step(), Some("privacy"));
    chat.say("Rahasia");
    assert_eq!(chat.state.step(), Some("summary"));
    assert!(chat.text().contains("- Kerahasiaan: Rahasia"), "{}", chat.text());
    chat.say("Kirim");
    let Effect::SubmitReport(report) = &chat.effects()[0] else { panic!("no report") };
    assert_eq!(report.answers["privacy"], Answer::Choice("rahasia".into()));
    assert_eq!(report.answers["report_type"], Answer::Choice("pengaduan".into()));
}

#[test]
fn ubah_by_number_on_the_description_returns_to_the_summary_after_it() {
    let mut chat = Chat::telegram();
    chat.up_to_summary();
    chat.say("2");
    chat.say("1");
    chat.say("banjir rob di Jl. Pantai Sari sudah setinggi lutut");
    assert_eq!(chat.state.step(), Some("summary"));
    assert!(chat.text().contains("banjir rob"));
}

#[test]
fn a_state_survives_json_round_trip_mid_draft() {
    let mut chat = Chat::telegram();
    chat.up_to_photos();
    let json = serde_json::to_string(&chat.state).unwrap();
    let back: State = serde_json::from_str(&json).unwrap();
    assert_eq!(back, chat.state);
}

/// The shipped dialogs with the `photos` step removed (describe → location → when → report_type …).
fn dialogs_without_photos() -> Dialogs {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("stale");
    std::fs::create_dir_all(&dir).unwrap();
    let real = std::fs::read_to_string(common::dialogs_dir().join("complaint.toml")).unwrap();
    let start = real.find("[[steps]]\nid = \"photos\"").unwrap();
    let end = start + real[start..].find("# A complaint").unwrap();
    let edited = format!("{}{}", &real[..start], &real[end..]).replace("next = \"photos\"", "next = \"report_type\"");
    std::fs::write(dir.join("complaint.toml"), edited).unwrap();
    std::fs::copy(common::dialogs_dir().join("messages.toml"), dir.join("messages.toml")).unwrap();
    Dialogs::load_dir(&dir).expect("edited dialogs load")
}

#[test]
fn a_stale_state_whose_step_was_removed_resumes_at_the_first_unanswered_step() {
    let mut chat = Chat::telegram();
    chat.say("/start");
    chat.say("1");
    chat.say(common::DESCRIPTION);
    chat.location();
    assert_eq!(chat.state.step(), Some("photos"));
    let old_version = chat.d.version().to_owned();
    chat.d = dialogs_without_photos();
    assert_ne!(chat.d.version(), old_version);
    let out = chat.say("Lewati").clone();
    assert_eq!(out.replies[0].text, chat.msg("dialog_updated", &[]));
    assert_eq!(chat.state.step(), Some("privacy"), "the type (by default) is passed over, as in the flow");
    assert_eq!(out.replies[1].text, chat.prompt("privacy"));
}

#[test]
fn the_version_is_stable_for_the_same_files() {
    assert_eq!(common::dialogs().version(), common::dialogs().version());
    assert_eq!(common::dialogs().version().len(), 16);
}

#[test]
fn app_messages_and_status_labels_exist_in_every_language() {
    let d = common::dialogs();
    for lang in kentongan_dialog::Lang::ALL {
        let reply = d.menu_reply("ticket_created", lang, &[("id", "PKL-7Q3K9X"), ("days", "5")]);
        assert!(reply.text.contains("PKL-7Q3K9X") && !reply.text.contains('{'), "{}", reply.text);
        assert_eq!(reply.options.len(), 4);
        for status in ["diterima", "ditindaklanjuti", "bukan_wewenang", "diarsipkan"] {
            assert_ne!(d.status_label(status, lang), status);
        }
    }
    assert_eq!(d.status_label("selesai", kentongan_dialog::Lang::Jv), "Rampung");
}
