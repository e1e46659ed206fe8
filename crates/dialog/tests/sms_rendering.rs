//! Every step × language renders, with numbered options, to one GSM-7 SMS; gsm7 counting is right.
//!
//!   bot (SMS): "Kerahasiaan?\nBiasa: …\nBalas 1 Biasa, 2 Anonim, 3 Rahasia"   (≤ 160 septets)

mod common;

use common::Chat;
use kentongan_dialog::{Caps, Lang, gsm7, render};

#[test]
fn every_step_in_every_language_fits_one_sms() {
    for lang in Lang::ALL {
        let mut chat = Chat::new(common::dialogs(), Caps::SMS).in_lang(lang);
        chat.say("/start");
        let mut seen = Vec::new();
        for answer in ["1", common::DESCRIPTION, "Jl. Merdeka 12, Medono", "1", "1", "1", "x"] {
            let step = chat.state.step().map(str::to_owned);
            for reply in &chat.last.as_ref().unwrap().replies {
                let sms = render::sms(reply, lang, &chat.d);
                let n = gsm7::septets(&sms).unwrap_or_else(|| panic!("not GSM-7: {sms:?}"));
                assert!(n <= 160, "{lang:?} {step:?}: {n} septets: {sms}");
            }
            seen.push(step);
            chat.say(answer);
        }
        assert!(seen.contains(&Some("summary".into())), "{lang:?}: {seen:?}");
    }
}

#[test]
fn normalize_turns_smart_punctuation_into_ascii_and_drops_emoji() {
    let s = "Ada foto? Kirim 1–3 foto … “ya” \u{2068}PKL\u{2069}\u{a0}📍 ok";
    assert_eq!(gsm7::normalize(s), "Ada foto? Kirim 1-3 foto ... \"ya\" PKL ok");
}

#[test]
fn extension_characters_cost_two_septets_and_emoji_are_not_gsm7() {
    assert_eq!(gsm7::septets("abc"), Some(3));
    assert_eq!(gsm7::septets("[€]"), Some(6));
    assert_eq!(gsm7::septets("é"), Some(1));
    assert_eq!(gsm7::septets("🙂"), None);
    assert!(gsm7::fits_one_sms(&"a".repeat(160)));
    assert!(!gsm7::fits_one_sms(&"a".repeat(161)));
    assert!(!gsm7::fits_one_sms(&"{".repeat(81)));
}

#[test]
fn a_long_summary_is_cut_but_keeps_its_options_line() {
    let d = common::dialogs();
    let reply = kentongan_dialog::Reply {
        text: "x".repeat(400),
        options: vec!["Kirim".into(), "Ubah".into(), "Batal".into()],
        ask_location: false,
    };
    let sms = render::sms(&reply, Lang::Id, &d);
    assert!(sms.ends_with("\nBalas 1 Kirim, 2 Ubah, 3 Batal"), "{sms}");
    assert!(gsm7::fits_one_sms(&sms));
}

#[test]
fn the_photo_note_and_the_next_question_travel_as_one_sms() {
    for lang in Lang::ALL {
        let mut chat = Chat::sms().in_lang(lang).met();
        chat.say("LAPOR");
        chat.say(common::DESCRIPTION);
        let replies = chat.say("Jl. Merdeka 12, Medono").replies.clone();
        assert_eq!(replies.len(), 2, "the engine says two things: the photo note, then the next question");
        let joined = render::sms_joined(replies.clone(), lang, &chat.d);
        assert_eq!(joined.len(), 1, "{lang:?}: {joined:?}");
        let sms = render::sms_full(&joined[0], lang, &chat.d);
        assert!(gsm7::fits_one_sms(&sms), "{sms}");
        assert!(sms.starts_with(&gsm7::normalize(&replies[0].text)), "the note comes first: {sms}");
        assert!(sms.ends_with(&render::sms_full(&replies[1], lang, &chat.d)), "then the question with its options");
    }
}

#[test]
fn replies_are_joined_only_while_they_fit_and_never_after_numbered_options() {
    let d = common::dialogs();
    let reply = |text: &str, options: &[&str]| kentongan_dialog::Reply {
        text: text.into(),
        options: options.iter().map(|o| o.to_string()).collect(),
        ask_location: false,
    };
    let long = "x".repeat(156);
    let replies = vec![reply("Satu.", &[]), reply("Dua?", &["Ya", "Tidak"]), reply("Tiga.", &[]), reply(&long, &[])];
    let joined = render::sms_joined(replies, Lang::Id, &d);
    let texts: Vec<&str> = joined.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Satu.\nDua?", "Tiga.", long.as_str()],
        "options end an SMS; 'Tiga.' and 156 more letters would not fit: {texts:?}"
    );
}
