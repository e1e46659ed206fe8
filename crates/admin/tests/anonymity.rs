//! An anonymous reporter's identity cannot reach an admin: built from a stored row that holds a name, a
//! phone number and a chat id, every message kind for the ticket, in every language, is scanned for them.

mod common;

use common::{Chat, at, koordinator, penghubung, ticket};
use kentongan_admin::{
    Action, AdminEvent, AdminMessage, Channel, Lang, LastMove, MoveKind, PhotoRef, Reporter, Status, TicketView,
    render_ping, render_relay,
};

/// The ticket row as the store holds it: the identity is there, next to the privacy flag.
struct StoredRow {
    anonim: bool,
    name: &'static str,
    phone: &'static str,
    chat_id: &'static str,
}

const ROW: StoredRow = StoredRow { anonim: true, name: "Siti Aminah", phone: "+6281234567890", chat_id: "5550001234" };
const SECRETS: [&str; 5] = ["Siti", "Aminah", "81234567890", "5550001234", "+62"];

/// The one conversion from row to view the gateway is meant to use.
fn view(row: &StoredRow, channel: Channel, status: Status) -> TicketView {
    let mut t = ticket(status);
    let _ = (row.phone, row.chat_id); // present in the row, with no field to go to
    t.reporter = Reporter::for_privacy(row.anonim, Some(row.name.to_owned()), channel);
    t.photo = Some(PhotoRef("AgACAgUAAxkBAAIB".into()));
    t
}

fn every_message(lang: Lang, t: &TicketView) -> Vec<AdminMessage> {
    let texts = common::texts();
    let mut out = vec![render_ping(&texts, lang, t)];
    out.push(render_relay(&texts, lang, t, Some("sisi utara, depan gerbang"), None));
    out.push(render_relay(&texts, lang, t, None, Some(PhotoRef("p".into()))));
    for admin in [penghubung("DPUPR"), koordinator(), penghubung("DINSOS")] {
        let mut chat = Chat::new(admin);
        chat.lang = lang;
        let mut steps = vec![chat.send(AdminEvent::TicketLoaded { id: t.id.clone(), ticket: Some(t.clone()) })];
        for action in [
            Action::Accept,
            Action::NotOurs,
            Action::RerouteList { page: 0 },
            Action::RerouteList { page: 1 },
            Action::RerouteTo { opd: "DINHUB".into() },
            Action::ToTriage,
            Action::Reject,
            Action::RejectWith { reason: "data_kurang".into() },
            Action::RequestInfo,
            Action::Respond,
            Action::Postpone,
        ] {
            steps.push(chat.tap(action, t));
            steps.push(chat.say("Mohon dijelaskan lebih rinci lokasi lubangnya di mana"));
            steps.push(chat.send(AdminEvent::Photo { photo: PhotoRef("x".into()), caption: None }));
        }
        for s in steps {
            assert!(!format!("{:?}", s.effects).contains("Siti"), "an effect carries the name");
            out.extend(s.replies);
        }
    }
    out
}

fn assert_clean(messages: &[AdminMessage]) {
    for m in messages {
        let shown = format!("{} {:?} {:?}", m.text, m.buttons, m.photo);
        for secret in SECRETS {
            assert!(!shown.contains(secret), "{secret:?} in {shown}");
        }
    }
}

#[test]
fn no_admin_message_about_an_anonymous_ticket_holds_the_name_number_or_chat_id() {
    for lang in Lang::ALL {
        for channel in [Channel::Telegram, Channel::Sms, Channel::Whatsapp] {
            for status in [Status::Didisposisikan, Status::Ditindaklanjuti, Status::Ditunda, Status::Selesai] {
                let t = view(&ROW, channel, status);
                let messages = every_message(lang, &t);
                assert!(messages.len() > 30, "{}", messages.len());
                assert_clean(&messages);
            }
        }
    }
}

#[test]
fn a_stale_answer_about_an_anonymous_ticket_names_the_admin_never_the_reporter() {
    let mut t = view(&ROW, Channel::Sms, Status::Ditindaklanjuti);
    t.last_move = Some(LastMove {
        kind: MoveKind::Accepted,
        admin_name: "Budi".into(),
        opd_name: "DPUPR".into(),
        at: at("2026-12-01 09:30"),
    });
    let mut chat = Chat::new(penghubung("DPUPR"));
    let out = chat.tap(Action::Accept, &t);
    assert_clean(&out.replies);
    assert!(out.replies[0].text.contains("Budi"));
}

#[test]
fn the_same_row_without_anonim_shows_the_name_so_the_scan_above_can_fail() {
    let known = StoredRow { anonim: false, ..ROW };
    let ping = render_ping(&common::texts(), Lang::Id, &view(&known, Channel::Sms, Status::Didisposisikan));
    assert!(ping.text.contains("Pelapor: Siti Aminah"));
}

#[test]
fn an_anonymous_reporter_has_no_place_for_an_identity() {
    let r = Reporter::for_privacy(true, Some("Siti Aminah".into()), Channel::Telegram);
    assert_eq!(r, Reporter::Anonymous { channel: Channel::Telegram });
}
