//! `advance` is total: thousands of odd inputs in every state never panic, and every SMS fits (uncut on SMS).
//!
//!   citizen: 🙂 / "" / "0" / "99" / (location) / "/status" / "31/02/2026" … in any order
//!   bot: always answers something sensible; the SMS rendering is GSM-7 and ≤ 160 septets.

mod common;

use std::sync::Arc;

use chrono::NaiveDate;
use kentongan_dialog::{Caps, Event, Input, Lang, State, Suggester, Suggestion, advance, gsm7, render};

struct Weird;

impl Suggester for Weird {
    fn suggest(&self, text: &str) -> Vec<Suggestion> {
        let c = [f32::NAN, 0.99, -1.0, 7.0][text.len() % 4];
        vec![Suggestion {
            code: "X".into(),
            name: "Instansi X".into(),
            confidence: c,
            external_note: None,
            short_name: None,
        }]
    }
}

const INPUTS: &[&str] = &[
    "",
    " ",
    "0",
    "1",
    "2",
    "3",
    "4",
    "99",
    "-1",
    "/start",
    "/batal",
    "/kembali",
    "/bantuan",
    "/bahasa",
    "/status",
    "cek",
    "cek 12",
    "lapor",
    "LAPOR jalan rusak parah sekali",
    "lapor: lampu mati sejak seminggu #Jl. Merdeka 12",
    "halo",
    "Kirim",
    "Ubah",
    "Lewati",
    "Selesai",
    "Hari ini",
    "31/02/2026",
    "2026-13-40",
    "9999999999999/1/1",
    "1/1/1",
    "3 hari lalu",
    "400 hari lalu",
    "jalan di depan SD Medono berlubang besar",
    "🙂🙂🙂",
    "Jl. Merdeka 12, Medono",
    "Lanjutkan",
    "Mulai baru",
    "English",
    "Basa Jawa",
    "Tidak tahu",
    "Benar",
    "Pilih instansi lain",
    "\u{2068}x\u{2069}",
    "/start@bot extra",
    "status PKL-1 extra",
];

/// A tiny deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn input(rng: &mut Lcg) -> Input {
    match rng.next(10) {
        0 => Input::Location { lat: f64::NAN, lon: 200.0 },
        1 => Input::Photo { file_id: format!("f{}", rng.next(100)) },
        2 => Input::Unsupported,
        3 => Input::Contact { phone: "+628123".into(), own: true },
        _ => Input::Text(INPUTS[rng.next(INPUTS.len())].to_owned()),
    }
}

#[test]
fn advance_never_panics_and_every_sms_reply_fits_one_message() {
    let plain = common::dialogs();
    let with_suggester = plain.clone().with_suggester(Arc::new(Weird));
    let caps = [Caps::TELEGRAM, Caps::SMS, Caps::CLI];
    let days = [NaiveDate::MIN, NaiveDate::MAX, common::today()];
    let mut rng = Lcg(42);
    for run in 0..60 {
        let d = if run % 2 == 0 { &plain } else { &with_suggester };
        let mut state = State::default();
        for _ in 0..80 {
            let event = Event {
                caps: caps[rng.next(3)],
                today: days[rng.next(3)],
                input: input(&mut rng),
                lang_hint: [None, Some(Lang::Jv)][rng.next(2)],
            };
            let out = advance(d, state, &event);
            for reply in &out.replies {
                let sms = render::sms(reply, out.state.lang(), d);
                assert!(gsm7::fits_one_sms(&sms), "{sms:?}");
                if event.caps.is_sms() {
                    let full = render::sms_full(reply, out.state.lang(), d);
                    assert!(gsm7::fits_one_sms(&full), "on SMS even uncut: {full:?}");
                }
            }
            state = out.state;
        }
    }
}
