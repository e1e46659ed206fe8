//! No input panics: hostile texts, random event sequences on random tickets and states, truncated files,
//! forged callback data. A seeded loop stands in for proptest (not in the workspace).

mod common;

use common::{Chat, koordinator, penghubung, ticket};
use kentongan_admin::{
    Action, AdminEvent, AdminState, BUTTON_MAX, CallbackToken, Channel, Command, PhotoRef, Reporter, Status, Texts,
    excerpt, rating_outcome,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const HOSTILE: &[&str] = &[
    "",
    " ",
    "/",
    "//",
    "/ daftar",
    "/daftar",
    "/daftar@",
    "/@",
    "/antrian -1",
    "/antrian 99999999999999999999",
    "/antrian 0",
    "/laporan",
    "/laporan {id}",
    "{id}{text}",
    "{",
    "}",
    "{{}}",
    "\u{0}",
    "\u{202e}gnirts",
    "🙂🙂🙂",
    "a\u{301}\u{301}\u{301}",
    "\r\n\t",
    "1",
    "2",
    "belum",
    "puas",
    "PUAS!!!",
    "/start@x y z",
    "/BATAL",
    "/batal@bot",
];

const STATUSES: [Status; 10] = [
    Status::Diterima,
    Status::Diteruskan,
    Status::Diverifikasi,
    Status::Didisposisikan,
    Status::Ditindaklanjuti,
    Status::Selesai,
    Status::Ditunda,
    Status::BukanWewenang,
    Status::Ditolak,
    Status::Diarsipkan,
];

fn random_text(rng: &mut StdRng) -> String {
    if rng.random_bool(0.5) {
        return HOSTILE[rng.random_range(0..HOSTILE.len())].to_owned();
    }
    let len = rng.random_range(0..400);
    (0..len).map(|_| char::from_u32(rng.random_range(0..0x1_0000)).unwrap_or('?')).collect()
}

fn random_action(rng: &mut StdRng) -> Action {
    match rng.random_range(0..14) {
        0 => Action::Accept,
        1 => Action::NotOurs,
        2 => Action::RerouteList { page: rng.random() },
        3 => Action::RerouteTo { opd: ["DINHUB", "DPUPR", "", "X"][rng.random_range(0..4)].into() },
        4 => Action::ToTriage,
        5 => Action::RequestInfo,
        6 => Action::Respond,
        7 => Action::SendWithoutPhoto,
        8 => Action::Postpone,
        9 => Action::Reject,
        10 => Action::RejectWith { reason: ["duplikat", "", "x"][rng.random_range(0..3)].into() },
        11 => Action::QueuePage { page: rng.random() },
        12 => Action::Open { id: "PKL-1".into() },
        _ => Action::SwitchToCitizen,
    }
}

fn random_event(rng: &mut StdRng) -> AdminEvent {
    let mut t = ticket(STATUSES[rng.random_range(0..STATUSES.len())]);
    if rng.random_bool(0.3) {
        t.opd = None;
    }
    if rng.random_bool(0.5) {
        t.reporter = Reporter::Anonymous { channel: Channel::Whatsapp };
    }
    t.text = random_text(rng);
    match rng.random_range(0..5) {
        0 | 1 => AdminEvent::Text(random_text(rng)),
        2 => AdminEvent::Photo { photo: PhotoRef("p".into()), caption: rng.random_bool(0.5).then(|| random_text(rng)) },
        3 => AdminEvent::Tap { action: random_action(rng), ticket: rng.random_bool(0.9).then_some(t) },
        _ => AdminEvent::TicketLoaded { id: random_text(rng), ticket: rng.random_bool(0.8).then_some(t) },
    }
}

#[test]
fn thousands_of_random_events_never_panic_and_every_button_fits() {
    let mut rng = StdRng::seed_from_u64(20261204);
    for round in 0..40 {
        let admin = if round % 3 == 0 { koordinator() } else { penghubung("DPUPR") };
        let mut chat = Chat::new(admin);
        for _ in 0..150 {
            let out = chat.send(random_event(&mut rng));
            for reply in &out.replies {
                assert!(!reply.text.is_empty());
                assert!(reply.buttons.iter().all(|b| b.label.chars().count() <= BUTTON_MAX), "{:?}", reply.buttons);
                assert!(reply.buttons.len() <= 12, "{}", reply.buttons.len());
            }
            assert!(out.effects.len() <= 1);
        }
        let out = chat.say("/batal");
        assert_eq!(out.state, AdminState::Idle);
        assert!(out.effects.is_empty());
    }
}

#[test]
fn hostile_strings_never_panic_the_parsers() {
    let mut rng = StdRng::seed_from_u64(7);
    let mut inputs: Vec<String> = HOSTILE.iter().map(|s| (*s).to_owned()).collect();
    inputs.extend((0..2000).map(|_| random_text(&mut rng)));
    for input in &inputs {
        let _ = Command::parse(input);
        let _ = rating_outcome(input);
        let _ = CallbackToken::parse(input);
        let _ = CallbackToken::parse(&format!("a:{input}"));
        let _ = kentongan_admin::hash_code(input);
        for max in [0, 1, 5, 300] {
            assert!(excerpt(input, max).chars().count() <= max + 1);
        }
    }
}

#[test]
fn a_truncated_or_mangled_texts_file_is_refused_without_panicking() {
    let source = std::fs::read_to_string(common::admin_file()).unwrap();
    let cuts: Vec<usize> = source.char_indices().map(|(i, _)| i).step_by(97).collect();
    for cut in cuts {
        let _ = Texts::parse("admin.toml", &source[..cut]);
        let _ = Texts::parse("admin.toml", &source[cut..]);
    }
    for junk in ["", "[[reject_reasons]]\nkey = \"\"\n", "messages = 3", "[buttons.accept]\nid = 1"] {
        assert!(Texts::parse("admin.toml", junk).is_err(), "{junk:?}");
    }
}
