//! Acceptance: walks every dialog × language and asserts each SMS rendering is GSM-7 and ≤ 160 septets,
//! measured uncut (`render::sms_full`), so nothing relies on `render::sms` cutting it, and speaks no
//! word of buttons or slash commands.
//!
//!   SMS, in id, jv and en: halo (the data notice) → /start → /bantuan → /bahasa (wrong, right) → /status →
//!   PRIVASI → batal → LAPOR → /kembali → too short → too long → description → (sticker) → short address →
//!   address → (photo note) privacy (wrong, /bantuan, 3) → summary with the longest real agency short names
//!   (wrong, Ganti instansi, wrong, 2) → /start (wrong, continue) → Ubah (wrong, Tanggal: bad, future, old,
//!   kemarin sore) → Ubah (Jenis: wrong, /bantuan, 3) → Ubah (address) → /bahasa → Kirim → the app's
//!   confirmation; a one-shot report; the triage receipts; a one-shot without its place (bantuan, short
//!   place, /start, continue, place); an unsure OPD list; cancel; with `{central}` a long name.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use common::Chat;
use kentongan_dialog::{Answer, Caps, Dialogs, Effect, Input, Lang, Reply, Suggester, Suggestion, gsm7, render};

/// The longest names, short names and note in deploy/pekalongan/opd.toml.
const LONGEST: [(&str, &str, &str); 3] = [
    ("EXT-PLN", "PLN (di luar Pemerintah Kota)", "PLN"),
    ("DP3AP2KB", "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan KB", "DP3AP2KB"),
    ("KECAMATAN", "Kecamatan dan Kelurahan", "Kecamatan/Kelurahan"),
];
const PLN_NOTE: &str = "Ditangani PLN (di luar Pemkot); laporan tetap kami teruskan. Gangguan darurat juga bisa lewat \
                        aplikasi PLN Mobile atau 123.";
const LONG_TEXT: &str = "Lampu penerangan jalan umum di sepanjang Jl. Dr. Wahidin mati total sejak seminggu lalu, \
                         jalan jadi gelap gulita dan sudah ada dua pengendara motor yang jatuh karena lubang yang \
                         tidak terlihat. Mohon segera diperbaiki sebelum ada korban lagi. Terima kasih 🙏";
const LONG_CENTRAL: &str = "Sistem Pengaduan Kota Pekalongan";
const LONG_PLACE: &str = "Jl. Dr. Wahidin No. 123, RT 04/RW 07, Kelurahan Podosugih, Kecamatan Pekalongan Barat";

struct Longest(f32);

impl Suggester for Longest {
    fn suggest(&self, _text: &str) -> Vec<Suggestion> {
        LONGEST
            .iter()
            .enumerate()
            .map(|(i, (code, name, short))| Suggestion {
                code: (*code).into(),
                name: (*name).into(),
                confidence: if i == 0 { self.0 } else { 0.05 },
                external_note: (i == 0).then(|| PLN_NOTE.into()),
                short_name: Some((*short).into()),
            })
            .collect()
    }
}

/// An SMS conversation that measures every reply it gets.
struct Walk {
    chat: Chat,
    lang: Lang,
    steps: BTreeSet<String>,
    measured: usize,
}

impl Walk {
    fn new(confidence: f32, lang: Lang) -> Walk {
        let d = common::dialogs().with_suggester(Arc::new(Longest(confidence))).with_central_name(LONG_CENTRAL);
        Walk { chat: Chat::new(d, Caps::SMS).in_lang(lang), lang, steps: BTreeSet::new(), measured: 0 }
    }

    fn send(&mut self, input: Input) -> Vec<Effect> {
        let out = self.chat.send(input).clone();
        let what = format!("{:?} at {:?}", self.lang, self.chat.state.step());
        for reply in &out.replies {
            self.check(reply, &what);
        }
        self.steps.extend(self.chat.state.step().map(str::to_owned));
        out.effects
    }

    fn say(&mut self, text: &str) -> Vec<Effect> {
        self.send(Input::Text(text.to_owned()))
    }

    fn check(&mut self, reply: &Reply, what: &str) {
        let full = render::sms_full(reply, self.lang, &self.chat.d);
        let n = gsm7::septets(&full).unwrap_or_else(|| panic!("{what}: not GSM-7: {full:?}"));
        assert!(n <= gsm7::ONE_SMS, "{what}: {n} septets:\n{full}");
        let lower = full.to_lowercase();
        assert!(!lower.contains("tombol") && !lower.contains("button"), "{what}: SMS has no buttons:\n{full}");
        let slash = full.split_whitespace().find(|w| w.starts_with('/') && w[1..].starts_with(char::is_alphabetic));
        assert!(slash.is_none(), "{what}: SMS has no slash commands ({slash:?}):\n{full}");
        assert_eq!(render::sms(reply, self.lang, &self.chat.d), full, "{what}: render::sms cut a fitting SMS");
        self.measured += 1;
    }

    fn d(&self) -> &Dialogs {
        &self.chat.d
    }
}

fn walk_everything(lang: Lang) {
    let mut w = Walk::new(0.9, lang);
    let number = (Lang::ALL.iter().position(|l| *l == lang).unwrap() + 1).to_string();
    for text in ["halo", "/start", "/bantuan", "/bahasa", "bahasa klingon", &number, "/status"] {
        w.say(text);
    }
    assert!(matches!(w.say("PKL-7Q3K9XW")[..], [Effect::LookupStatus { .. }]));
    for text in ["PRIVASI", "batal", "LAPOR", "/kembali", "jalan rusak", &"a".repeat(2001), LONG_TEXT] {
        w.say(text);
    }
    w.send(Input::Unsupported);
    w.send(Input::Contact { phone: "+6281234567890".into(), own: true });
    for text in ["Medono", LONG_PLACE, "x", "/bantuan", "3"] {
        w.say(text);
    }
    assert_eq!(w.chat.state.step(), Some("summary"), "{lang:?}: the agency is in the summary");
    for text in ["entahlah", "2", "entahlah", "2", "/start", "x", "1", "Ubah", "x", "3"] {
        w.say(text);
    }
    assert_eq!(w.chat.state.step(), Some("when"), "{lang:?}");
    for text in ["31/02/2026", "30/11/2026", "01/01/2020", "kemarin sore", "Ubah", "4", "9", "/bantuan", "3"] {
        w.say(text);
    }
    for text in ["Ubah", "2", LONG_PLACE, "/bahasa", &number] {
        w.say(text);
    }
    assert_eq!(w.chat.state.step(), Some("summary"), "{lang:?}");
    let [Effect::SubmitReport(report)] = &w.say("1")[..] else { panic!("{lang:?}: no report") };
    let confirmation = w.d().ticket_created(report, "PKL-7Q3K9XW", Caps::SMS);
    w.check(&confirmation, "ticket_created (guided, by SMS)");

    let one_shot = format!("LAPOR {LONG_TEXT} #{LONG_PLACE}");
    let [Effect::SubmitReport(report)] = &w.say(&one_shot)[..] else { panic!("{lang:?}: no one-shot report") };
    assert!(report.oneshot);
    for name in [report.opd_name.clone(), Some(LONGEST[2].2.into()), Some(LONGEST[1].1.into()), None] {
        let report = kentongan_dialog::Report { opd_name: name, ..report.clone() };
        let confirmation = w.d().ticket_created(&report, "PKL-7Q3K9XW", Caps::SMS);
        w.check(&confirmation, "ticket_created_oneshot");
    }
    let mut triage = report.clone();
    triage.answers.insert("opd".into(), Answer::Opd { code: None, suggested: None, corrected: false });
    for caps in [Caps::SMS, Caps::TELEGRAM] {
        w.check(&w.d().ticket_created(&triage, "PKL-7Q3K9XW", caps), "a triage receipt");
    }

    // A one-shot without its place: the question, a too short place, the place.
    assert!(w.say(&format!("LAPOR {LONG_TEXT}")).is_empty());
    assert!(w.chat.state.awaits_oneshot_place(), "{lang:?}");
    for text in ["/bantuan", "Medono", "/start", "1"] {
        assert!(w.say(text).is_empty(), "{lang:?}: {text}");
    }
    let [Effect::SubmitReport(report)] = &w.say(LONG_PLACE)[..] else { panic!("{lang:?}: waiting one-shot not filed") };
    assert!(report.oneshot);
    w.say("LAPOR");
    w.say("batal");

    let expected = ["describe", "location", "when", "report_type", "privacy", "opd", "summary"];
    assert!(expected.iter().all(|s| w.steps.contains(*s)), "{lang:?} visited only {:?}", w.steps);
    assert!(w.measured > 50, "{lang:?}: {} replies", w.measured);
}

#[test]
fn the_loaded_set_is_the_complaint_dialog_this_walk_covers() {
    assert_eq!(common::dialogs().dialog_ids(), ["complaint"], "walk any new dialog here too");
}

#[test]
fn walking_every_step_in_indonesian_every_sms_fits_uncut() {
    walk_everything(Lang::Id);
}

#[test]
fn walking_every_step_in_javanese_every_sms_fits_uncut() {
    walk_everything(Lang::Jv);
}

#[test]
fn walking_every_step_in_english_every_sms_fits_uncut() {
    walk_everything(Lang::En);
}

#[test]
fn an_unsure_agency_list_with_the_longest_names_fits_in_every_language() {
    for lang in Lang::ALL {
        let mut w = Walk::new(0.3, lang);
        for text in ["LAPOR", LONG_TEXT, LONG_PLACE, "1", "x", "4", "Ubah", "6", "x", "1"] {
            w.say(text);
        }
        assert_eq!(w.chat.state.step(), Some("summary"), "{lang:?}");
        assert!(w.steps.contains("opd"));
    }
}

#[test]
fn the_apps_own_sms_messages_fit_with_realistic_fills() {
    let d = common::dialogs().with_central_name(LONG_CENTRAL);
    let items = "PKL-7Q3K9XW Selesai; PKL-ABCDEFG Dialihkan ke instansi lain";
    for lang in Lang::ALL {
        let replies = [
            d.menu_reply("status_not_found", lang, &[("id", "PKL-7Q3K9XW")]),
            d.menu_reply("status_invalid_id", lang, &[]),
            d.menu_reply("status_header", lang, &[("id", "PKL-7Q3K9XW"), ("status", "Ditindaklanjuti")]),
            Reply { text: d.message("sms_flooded", lang, &[("minutes", "60")]), ..Reply::default() },
            Reply { text: d.message("sms_digest", lang, &[("items", items)]), ..Reply::default() },
            Reply { text: d.message("sms_digest_more", lang, &[("items", items), ("more", "12")]), ..Reply::default() },
            Reply { text: d.message("sms_help", lang, &[]), ..Reply::default() },
            Reply {
                text: d.message("ticket_created_oneshot_triage", lang, &[("id", "PKL-7Q3K9XW"), ("days", "14")]),
                ..Reply::default()
            },
            Reply { text: d.message("oneshot_ask_location", lang, &[]), ..Reply::default() },
        ];
        let sms_wordings = ["privacy_notice", "privacy_info", "report_opened", "help", "welcome", "address_too_short"];
        let replies = replies.into_iter().chain(
            sms_wordings
                .iter()
                .map(|k| Reply { text: d.message_on(k, lang, Caps::SMS, &[("min", "10")]), ..Reply::default() }),
        );
        for status in ["diterima", "diteruskan", "bukan_wewenang"] {
            let label = d.status_label(status, lang);
            let header = d.menu_reply("status_header", lang, &[("id", "PKL-7Q3K9XW"), ("status", &label)]);
            assert!(gsm7::fits_one_sms(&render::sms_full(&header, lang, &d)), "{lang:?}: {}", header.text);
            assert!(!label.contains('{'), "{lang:?}: {label}");
        }
        for reply in replies {
            let full = render::sms_full(&reply, lang, &d);
            assert!(gsm7::fits_one_sms(&full), "{lang:?}: {full}");
            assert!(!full.contains('{'), "{lang:?}: a placeholder left: {full}");
        }
    }
}
