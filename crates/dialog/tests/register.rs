//! The bot speaks for the city government: Indonesian with "Anda" and "kami", Javanese in krama, plain and
//! polite English — in every message and prompt of the shipped files — and a Telegram walk never tells the
//! citizen to type an SMS keyword.
//!
//!   id: "Ada yang bisa kami bantu?"  (never "Mau apa?", "namamu", "Kamu masih punya …")
//!   jv: "Wonten ingkang saged kula bantu?"  (never "Arep apa?", "kowe", "jenengmu")
//!   en: "How can we help you?"

mod common;

use common::Chat;
use kentongan_dialog::Input;

/// Every text the bot says, per language: catalogue messages, `[sms]` wordings, status labels, prompts.
fn texts(lang: &str) -> Vec<String> {
    let read = |name: &str| -> toml::Value {
        toml::from_str(&std::fs::read_to_string(common::dialogs_dir().join(name)).unwrap()).unwrap()
    };
    let (catalogue, dialog) = (read("messages.toml"), read("complaint.toml"));
    let mut out = Vec::new();
    for table in ["messages", "sms", "status"] {
        for (_, text) in catalogue[table].as_table().unwrap() {
            out.push(text[lang].as_str().unwrap().to_owned());
        }
    }
    for step in dialog["steps"].as_array().unwrap() {
        for key in ["prompt", "sms"] {
            if let Some(text) = step.get(key).and_then(|t| t.get(lang)).and_then(|t| t.as_str()) {
                out.push(text.to_owned());
            }
        }
    }
    out
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// The first text of `lang` holding one of `forbidden` (whole words), with the word.
fn offending(lang: &str, forbidden: &[&str]) -> Option<(String, String)> {
    texts(lang).into_iter().find_map(|t| {
        let w = words(&t).into_iter().find(|w| forbidden.contains(&w.as_str()))?;
        Some((w, t))
    })
}

#[test]
fn indonesian_texts_say_anda_and_kami_never_kamu_or_the_mu_suffix() {
    let blunt = ["kamu", "kau", "engkau", "namamu", "laporanmu", "nomormu", "lu", "gue", "mau"];
    assert_eq!(offending("id", &blunt), None);
    let all = texts("id").join(" ");
    assert!(all.contains("Ada yang bisa kami bantu?"), "the welcome asks politely");
    assert!(words(&all).contains(&"anda".to_owned()));
}

#[test]
fn javanese_texts_are_krama_in_the_bots_own_voice() {
    // Ngoko words a government office does not address citizens with (answers in ngoko still work).
    let ngoko = [
        "kowe",
        "arep",
        "sing",
        "ora",
        "iki",
        "kuwi",
        "wis",
        "durung",
        "nang",
        "menyang",
        "saka",
        "apa",
        "piye",
        "jenengmu",
        "laporanmu",
        "critakna",
        "dhewe",
        "maneh",
        "tulung",
        "bisa",
        "kanggo",
        "yen",
        "lagi",
        "isih",
    ];
    assert_eq!(offending("jv", &ngoko), None);
    let all = texts("jv").join(" ");
    for krama in ["panjenengan", "kula", "mangga", "wonten", "punapa"] {
        assert!(words(&all).contains(&krama.to_owned()), "{krama}");
    }
}

#[test]
fn english_texts_stay_plain_and_polite() {
    assert_eq!(offending("en", &["u", "ur", "wanna", "gonna"]), None);
    let all = texts("en").join(" ");
    assert!(all.contains("How can we help you?"));
    assert!(!all.contains("What do you want"));
}

#[test]
fn ngoko_answers_are_still_understood_where_the_buttons_speak_krama() {
    let mut chat = Chat::telegram().in_lang(kentongan_dialog::Lang::Jv);
    chat.up_to_photos();
    chat.say("liwati");
    assert_eq!(chat.state.step(), Some("privacy"), "ngoko 'liwati' for krama 'Langkungi'");
    chat.say("anonim");
    chat.say("owahi");
    assert_eq!(chat.text(), chat.msg("edit_pick", &[]), "ngoko 'owahi' for krama 'Ewahi'");
    chat.say("tanggal");
    chat.say("dina iki");
    assert_eq!(chat.state.step(), Some("summary"), "ngoko 'dina iki' for krama 'Dinten menika'");
    chat.say("wis batal");
    assert!(!chat.state.has_draft(), "ngoko 'wis batal' cancels");
}

#[test]
fn a_telegram_walk_never_tells_the_citizen_to_type_an_sms_keyword() {
    let keywords = ["LAPOR", "CEK", "KEMBALI", "BATAL", "BANTUAN", "BAHASA", "PRIVASI", "REPORT", "CHECK", "CANCEL"];
    for lang in kentongan_dialog::Lang::ALL {
        let mut chat = Chat::telegram().in_lang(lang);
        let mut seen = Vec::new();
        let inputs = ["/start", "/bantuan", "/privasi", "halo", common::DESCRIPTION, "Medono", "/kembali", "/kembali"];
        for text in inputs {
            seen.extend(chat.say(text).replies.clone());
        }
        seen.extend(chat.location().replies.clone());
        seen.extend(chat.send(Input::Photo { file_id: "p".into() }).replies.clone());
        for text in ["x", "Lewati", "x", "2", "x", "Ubah", "x", "3", "kapan", "1", "/status", "PKL-7Q3K9XW", "batal"] {
            seen.extend(chat.say(text).replies.clone());
        }
        for reply in &seen {
            // "LAPOR!" (the national system's name, `{central}`) is no keyword.
            let text = reply.text.replace("LAPOR!", "");
            let caps = text.split(|c: char| !c.is_alphanumeric()).find(|w| keywords.contains(w));
            assert!(caps.is_none(), "{lang:?}: {caps:?} in {:?}", reply.text);
        }
        assert!(seen.len() > 20, "{lang:?}: {} replies", seen.len());
    }
}
