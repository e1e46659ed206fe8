//! The happy path in each language, texts and buttons straight from the dialog files.
//!
//!   citizen: /start         bot: Selamat datang … [Buat laporan] [Cek status] [Bantuan] [Bahasa]
//!   citizen: Buat laporan   bot: Ceritakan apa yang terjadi (min. 15 huruf).
//!   citizen: jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh
//!                           bot: Di mana lokasinya? …                                 [Kirim lokasi]
//!   citizen: (location)     bot: Kapan terjadi? …          [Hari ini] [Kemarin] [Lewati]
//!   citizen: Hari ini       bot: Ada foto? …               [Lewati]
//!   citizen: (photo), Selesai  bot: Jenis laporan?         [Pengaduan] [Aspirasi] [Permintaan informasi]
//!   citizen: Pengaduan      bot: Kerahasiaan? …            [Biasa] [Anonim] [Rahasia]
//!   citizen: Anonim         bot: Ringkasan laporanmu: …    [Kirim] [Ubah] [Batal]
//!   citizen: Kirim          → SubmitReport

mod common;

use common::{Chat, DESCRIPTION, today};
use kentongan_dialog::{Answer, Effect, Lang};

struct Script {
    lang: Lang,
    welcome: &'static str,
    menu: [&'static str; 4],
    describe: &'static str,
    location: &'static str,
    date_buttons: [&'static str; 3],
    types: [&'static str; 3],
    privacy: [&'static str; 3],
    summary: &'static str,
    confirm: [&'static str; 3],
}

const SCRIPTS: [Script; 3] = [
    Script {
        lang: Lang::Id,
        welcome: "Selamat datang di Kentongan",
        menu: ["Buat laporan", "Cek status", "Bantuan", "Bahasa"],
        describe: "Ceritakan apa yang terjadi (min. 15 huruf).",
        location: "Di mana lokasinya? Kirim lokasi 📍 atau ketik alamat.",
        date_buttons: ["Hari ini", "Kemarin", "Lewati"],
        types: ["Pengaduan", "Aspirasi", "Permintaan informasi"],
        privacy: ["Biasa", "Anonim", "Rahasia"],
        summary: "Ringkasan laporanmu:",
        confirm: ["Kirim", "Ubah", "Batal"],
    },
    Script {
        lang: Lang::Jv,
        welcome: "Sugeng rawuh nang Kentongan",
        menu: ["Gawe laporan", "Cek status", "Pitulungan", "Basa"],
        describe: "Critakna apa sing kedadean (paling ora 15 huruf).",
        location: "Nang ngendi panggonane? Kirim lokasi 📍 utawa ketik alamate.",
        date_buttons: ["Dina iki", "Wingi", "Liwati"],
        types: ["Pengaduan", "Aspirasi", "Njaluk informasi"],
        privacy: ["Biasa", "Anonim", "Rahasia"],
        summary: "Ringkesan laporanmu:",
        confirm: ["Kirim", "Owahi", "Batal"],
    },
    Script {
        lang: Lang::En,
        welcome: "Welcome to Kentongan",
        menu: ["Make a report", "Check status", "Help", "Language"],
        describe: "Tell us what happened (at least 15 letters).",
        location: "Where is it? Send a location 📍 or type the address.",
        date_buttons: ["Today", "Yesterday", "Skip"],
        types: ["Complaint", "Suggestion", "Information request"],
        privacy: ["Normal", "Anonymous", "Confidential"],
        summary: "Your report:",
        confirm: ["Send", "Edit", "Cancel"],
    },
];

fn walk(s: &Script) {
    let mut chat = Chat::telegram().in_lang(s.lang);
    chat.say("/start");
    assert!(chat.text().starts_with(s.welcome), "{}", chat.text());
    assert_eq!(chat.options(), s.menu);
    chat.say(s.menu[0]);
    assert_eq!(chat.text(), s.describe);
    chat.say(DESCRIPTION);
    assert_eq!(chat.text(), s.location);
    assert!(chat.reply().ask_location);
    chat.location();
    assert_eq!(chat.options(), s.date_buttons);
    chat.say(s.date_buttons[0]);
    assert_eq!(chat.options(), [s.date_buttons[2]]);
    chat.photo("photo-1");
    chat.say(&chat.msg("btn_done", &[]));
    assert_eq!(chat.options(), s.types);
    chat.say(s.types[0]);
    assert_eq!(chat.options(), s.privacy);
    chat.say(s.privacy[1]);
    assert!(chat.text().starts_with(s.summary), "{}", chat.text());
    assert!(chat.text().contains("jalan di depan SD Medono"));
    assert_eq!(chat.options(), s.confirm);
    chat.say(s.confirm[0]);
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
fn the_happy_path_in_indonesian_files_a_report() {
    walk(&SCRIPTS[0]);
}

#[test]
fn the_happy_path_in_javanese_files_a_report() {
    walk(&SCRIPTS[1]);
}

#[test]
fn the_happy_path_in_english_files_a_report() {
    walk(&SCRIPTS[2]);
}

#[test]
fn a_typed_address_is_recorded_as_a_place() {
    let mut chat = Chat::telegram();
    chat.say("/start");
    chat.say("Buat laporan");
    chat.say(DESCRIPTION);
    chat.say("Jl. Merdeka 12, RT 03/RW 05, Medono");
    chat.say("Kemarin");
    chat.say("lewati");
    chat.say("pengaduan");
    chat.say("biasa");
    chat.say("kirim");
    let Effect::SubmitReport(report) = &chat.effects()[0] else { panic!("no report") };
    assert_eq!(report.answers["location"], Answer::Place("Jl. Merdeka 12, RT 03/RW 05, Medono".into()));
    assert_eq!(report.answers["occurred_on"], Answer::Date(today().pred_opt().unwrap()));
    assert_eq!(report.answers["photos"], Answer::Skipped);
}
