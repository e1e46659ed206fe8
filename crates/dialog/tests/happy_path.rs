//! The happy path in each language, texts and buttons straight from the dialog files, in at most 7 turns.
//!
//!   citizen: /start         bot: Data laporan Anda (…) disimpan … Rincian dan hapus data: /privasi
//!                           bot: Selamat datang … Ada yang bisa kami bantu? … [Buat laporan] [Cek status] …
//!   citizen: jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh
//!                           bot: Kami catat sebagai laporan baru. …
//!                           bot: Di mana lokasinya? Kirim lokasi 📍 atau ketik alamatnya.   [Kirim lokasi]
//!   citizen: (location)     bot: Ada foto? Kirim sampai 3 foto, atau pilih Lewati.  [Lewati]
//!   citizen: (photo)        bot: Foto ke-1 diterima. …                       [Selesai]
//!   citizen: Selesai        bot: Bagaimana laporan ini diteruskan? …         [Biasa] [Anonim] [Rahasia]
//!   citizen: Anonim         bot: Ringkasan laporan Anda: … Tanggal: 28/11/2026 (hari ini) … Jenis: Pengaduan
//!                                                                            [Kirim] [Ubah] [Batal]
//!   citizen: Kirim          → SubmitReport                                   (7 turns; 6 without a photo)

mod common;

use common::{Chat, DESCRIPTION, today};
use kentongan_dialog::{Answer, Effect, Lang};

struct Script {
    lang: Lang,
    welcome: &'static str,
    menu: [&'static str; 4],
    privacy: [&'static str; 3],
    summary: &'static str,
    today: &'static str,
    confirm: [&'static str; 3],
}

const SCRIPTS: [Script; 3] = [
    Script {
        lang: Lang::Id,
        welcome: "Selamat datang di Kentongan",
        menu: ["Buat laporan", "Cek status", "Bantuan", "Bahasa"],
        privacy: ["Biasa", "Anonim", "Rahasia"],
        summary: "Ringkasan laporan Anda:",
        today: "- Tanggal: 28/11/2026 (hari ini)",
        confirm: ["Kirim", "Ubah", "Batal"],
    },
    Script {
        lang: Lang::Jv,
        welcome: "Sugeng rawuh wonten Kentongan",
        menu: ["Damel laporan", "Cek status", "Pitulungan", "Basa"],
        privacy: ["Biasa", "Anonim", "Rahasia"],
        summary: "Ringkesan laporan panjenengan:",
        today: "- Tanggal: 28/11/2026 (dinten menika)",
        confirm: ["Kintun", "Ewahi", "Batal"],
    },
    Script {
        lang: Lang::En,
        welcome: "Welcome to Kentongan",
        menu: ["Make a report", "Check status", "Help", "Language"],
        privacy: ["Normal", "Anonymous", "Confidential"],
        summary: "Your report:",
        today: "- Date: 28/11/2026 (today)",
        confirm: ["Send", "Edit", "Cancel"],
    },
];

fn walk(s: &Script) {
    let mut chat = Chat::telegram().in_lang(s.lang);
    let first = chat.say("/start").clone();
    assert_eq!(first.replies[0].text, chat.msg("privacy_notice", &[]), "the data notice comes first");
    assert!(chat.text().starts_with(s.welcome), "{}", chat.text());
    assert_eq!(chat.options(), s.menu);
    let opened = chat.say(DESCRIPTION).clone();
    assert_eq!(opened.replies[0].text, chat.msg("report_opened", &[]));
    assert_eq!(chat.text(), chat.prompt("location"));
    assert!(chat.reply().ask_location);
    chat.location();
    assert_eq!(chat.text(), chat.prompt("photos"), "no date question: the date is today unless changed");
    assert_eq!(chat.options(), [chat.msg("btn_skip", &[])]);
    chat.photo("photo-1");
    chat.say(&chat.msg("btn_done", &[]));
    assert_eq!(chat.text(), chat.prompt("privacy"), "no type question: a complaint unless changed");
    assert_eq!(chat.options(), s.privacy);
    chat.say(s.privacy[1]);
    assert!(chat.text().starts_with(s.summary), "{}", chat.text());
    assert!(chat.text().contains("jalan di depan SD Medono"));
    assert!(chat.text().contains(s.today), "the default date is shown as today: {}", chat.text());
    assert_eq!(chat.options(), s.confirm);
    chat.say(s.confirm[0]);
    assert_eq!(chat.turns, 7, "turns from /start to the report, with a photo");
    let Effect::SubmitReport(report) = &chat.effects()[0] else { panic!("no report") };
    assert_eq!(report.lang, s.lang);
    assert_eq!(report.dialog, "complaint");
    assert_eq!(report.answers["description"], Answer::Text(DESCRIPTION.into()));
    assert_eq!(report.answers["occurred_on"], Answer::Date(today()));
    assert_eq!(report.answers["photos"], Answer::Photos(vec!["photo-1".into()]));
    assert_eq!(report.answers["report_type"], Answer::Choice("pengaduan".into()));
    assert_eq!(report.answers["privacy"], Answer::Choice("anonim".into()));
    assert!(matches!(report.answers["location"], Answer::Location { .. }));
    assert!(!report.answers.contains_key("opd"), "no suggester: opd skipped");
    assert!(!chat.state.has_draft());
}

#[test]
fn the_happy_path_in_indonesian_files_a_report_in_seven_turns() {
    walk(&SCRIPTS[0]);
}

#[test]
fn the_happy_path_in_javanese_files_a_report_in_seven_turns() {
    walk(&SCRIPTS[1]);
}

#[test]
fn the_happy_path_in_english_files_a_report_in_seven_turns() {
    walk(&SCRIPTS[2]);
}

#[test]
fn the_menu_button_still_opens_a_report_at_the_description() {
    let mut chat = Chat::telegram();
    chat.say("/start");
    chat.say("Buat laporan");
    assert_eq!(chat.state.step(), Some("describe"));
    assert_eq!(chat.text(), chat.prompt("describe"));
    chat.say(DESCRIPTION);
    assert_eq!(chat.state.step(), Some("location"));
    assert_eq!(chat.last.as_ref().unwrap().replies.len(), 1, "no 'new report' note after the button");
}

#[test]
fn a_short_text_at_the_menu_does_not_open_a_report() {
    let mut chat = Chat::telegram();
    chat.say("/start");
    chat.say("halo pak 🙂🙂🙂");
    assert!(!chat.state.has_draft());
    assert_eq!(chat.text(), chat.msg("welcome", &[]));
}

#[test]
fn a_typed_address_is_recorded_as_a_place() {
    let mut chat = Chat::telegram();
    chat.say("/start");
    chat.say("Buat laporan");
    chat.say(DESCRIPTION);
    chat.say("Jl. Merdeka 12, RT 03/RW 05, Medono");
    chat.say("lewati");
    chat.say("biasa");
    chat.say("kirim");
    let Effect::SubmitReport(report) = &chat.effects()[0] else { panic!("no report") };
    assert_eq!(report.answers["location"], Answer::Place("Jl. Merdeka 12, RT 03/RW 05, Medono".into()));
    assert_eq!(report.answers["occurred_on"], Answer::Date(today()));
    assert_eq!(report.answers["photos"], Answer::Skipped);
}

#[test]
fn the_date_and_the_type_are_changed_from_the_summary() {
    let mut chat = Chat::telegram();
    chat.up_to_summary();
    chat.say("Ubah");
    chat.say("Tanggal");
    assert_eq!(chat.state.step(), Some("when"));
    assert_eq!(chat.options(), ["Hari ini", "Kemarin", "Lewati"]);
    chat.say("kemarin");
    assert_eq!(chat.state.step(), Some("summary"));
    assert!(chat.text().contains("- Tanggal: 27/11/2026\n"), "{}", chat.text());
    chat.say("Ubah");
    chat.say("Jenis");
    assert_eq!(chat.options(), ["Pengaduan", "Aspirasi", "Permintaan informasi"]);
    chat.say("Aspirasi");
    assert!(chat.text().contains("- Jenis: Aspirasi"), "{}", chat.text());
    chat.say("Kirim");
    let Effect::SubmitReport(report) = &chat.effects()[0] else { panic!("no report") };
    assert_eq!(report.answers["occurred_on"], Answer::Date(today().pred_opt().unwrap()));
    assert_eq!(report.answers["report_type"], Answer::Choice("aspirasi".into()));
}
