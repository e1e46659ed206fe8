//! One SMS each: every step prompt and catalogue message, measured as sent (filled, with its buttons).

use super::problem;
use crate::dialogs::{Dialogs, MENU};
use crate::engine::prompt;
use crate::gsm7;
use crate::model::{Dialog, Kind, Propose, Step, message_channels};
use crate::problem::Problem;
use crate::render;
use crate::types::{Caps, Lang, Reply};

/// A long agency short name (SMS shows the catalogue's `short_name`), to measure the `opd` prompt and the
/// SMS receipt: the longest of the Pekalongan catalogue.
pub(crate) const SAMPLE_AGENCY: &str = "Kecamatan/Kelurahan";
/// A response target of two digits (`{days}`).
const SAMPLE_DAYS: &str = "14";
/// A tracking ID as the app makes them (11 characters).
const SAMPLE_ID: &str = "PKL-7Q3K9XW";
/// A long name for the central system (`{central}`, `Dialogs::with_central_name`).
pub(crate) const SAMPLE_CENTRAL: &str = "Sistem Pengaduan Kota Pekalongan";
/// Two digest items as the app joins them.
const SAMPLE_ITEMS: &str = "PKL-7Q3K9XW Selesai; PKL-ABCDEFG Diteruskan ke instansi";
const DATE_BUTTONS: &[&str] = &["btn_today", "btn_yesterday", "btn_skip"];

/// A message as the engine or the app sends it: realistic fills, and the buttons that follow it.
struct Sample {
    key: &'static str,
    params: &'static [(&'static str, &'static str)],
    buttons: &'static [&'static str],
}

const fn sample(
    key: &'static str,
    params: &'static [(&'static str, &'static str)],
    buttons: &'static [&'static str],
) -> Sample {
    Sample { key, params, buttons }
}

/// Messages measured with fills and buttons; every other one is measured alone, unfilled.
const SAMPLES: &[Sample] = &[
    sample("welcome", &[], &MENU),
    sample("cancelled", &[], &MENU),
    sample("nothing_to_cancel", &[], &MENU),
    sample("error_try_again", &[], &MENU),
    sample("ticket_created_oneshot", &[("id", SAMPLE_ID), ("opd", SAMPLE_AGENCY), ("days", SAMPLE_DAYS)], &[]),
    sample("ticket_created_oneshot_triage", &[("id", SAMPLE_ID), ("days", SAMPLE_DAYS)], &[]),
    sample("status_not_found", &[("id", SAMPLE_ID)], &MENU),
    sample("status_invalid_id", &[], &MENU),
    sample("status_header", &[("id", SAMPLE_ID), ("status", "Dipindhah menyang instansi liya")], &MENU),
    sample("date_invalid", &[("example", "28/11/2026")], DATE_BUTTONS),
    sample("date_future", &[("example", "28/11/2026")], DATE_BUTTONS),
    sample("date_too_old", &[("example", "28/11/2026")], DATE_BUTTONS),
    sample("sms_flooded", &[("minutes", "60")], &[]),
    sample("sms_digest", &[("items", SAMPLE_ITEMS)], &[]),
    sample("sms_digest_more", &[("items", SAMPLE_ITEMS), ("more", "12")], &[]),
];

/// The prompt with numbered options must fit one GSM-7 SMS in every language.
pub(super) fn step(d: &Dialogs, dialog: &Dialog, step: &Step, out: &mut Vec<Problem>) {
    let agency_in_summary = dialog.steps.iter().any(|s| matches!(s.kind, Kind::Opd { propose: Propose::Summary, .. }));
    for lang in Lang::ALL {
        let mut reply = prompt::step_reply(d, step, lang, Caps::SMS);
        if matches!(step.kind, Kind::Opd { .. }) {
            reply.text = crate::dialogs::fill(&reply.text, &[("name", SAMPLE_AGENCY)]);
            reply.options = vec![d.message("btn_opd_correct", lang, &[]), d.message("btn_opd_other", lang, &[])];
        }
        // The summary may offer [Ganti instansi] too.
        if matches!(step.kind, Kind::Confirm) && agency_in_summary {
            let keys = ["btn_send", "btn_opd_change", "btn_edit", "btn_cancel"];
            reply.options = keys.iter().map(|k| d.message(k, lang, &[])).collect();
        }
        let rendered = render::sms_full(&reply, lang, d);
        let line = step.prompt_line.or(Some(step.line));
        if let Some(msg) = too_long(&rendered, lang) {
            out.push(problem(dialog, line, &step.id, format!("{msg}; shorten it or add an `sms` prompt")));
        }
    }
}

fn too_long(rendered: &str, lang: Lang) -> Option<String> {
    let code = lang.code();
    match gsm7::septets(rendered) {
        None => Some(format!("SMS rendering in '{code}' is not GSM-7")),
        Some(n) if n > gsm7::ONE_SMS => {
            Some(format!("SMS rendering in '{code}' is {n} septets (max {})", gsm7::ONE_SMS))
        }
        Some(_) => None,
    }
}

/// Every catalogue message sent by SMS (its `[sms]` wording where it has one; not the chat-only ones),
/// filled and with its buttons as in `SAMPLES`, fits one SMS; so does every status label in the status
/// messages (`status_header` with the menu, `status_changed`). `{central}` is filled with a long name.
pub(super) fn catalog(d: &Dialogs, out: &mut Vec<Problem>) {
    let d = &d.clone().with_central_name(SAMPLE_CENTRAL);
    let catalog = &d.catalog;
    for key in catalog.messages.keys().filter(|k| message_channels(k).0) {
        let sample = SAMPLES.iter().find(|s| s.key == key);
        let table = if catalog.sms.contains_key(key) { "sms" } else { "messages" };
        for lang in Lang::ALL {
            let reply = match sample {
                Some(s) => Reply {
                    text: d.message_on(key, lang, Caps::SMS, s.params),
                    options: s.buttons.iter().map(|b| d.message(b, lang, &[])).collect(),
                    ask_location: false,
                },
                None => Reply { text: d.message_on(key, lang, Caps::SMS, &[]), ..Default::default() },
            };
            if let Some(msg) = too_long(&render::sms_full(&reply, lang, d), lang) {
                let line = catalog.lines.get(&format!("{table}.{key}")).copied();
                out.push(Problem { file: catalog.file.clone(), line, step: Some(key.clone()), message: msg });
            }
        }
    }
    for status in catalog.status.keys() {
        for lang in Lang::ALL {
            let label = d.status_label(status, lang);
            let params = [("id", SAMPLE_ID), ("status", label.as_str())];
            let header = d.menu_reply_on("status_header", lang, Caps::SMS, &params);
            let changed =
                Reply { text: d.message_on("status_changed", lang, Caps::SMS, &params), ..Default::default() };
            for reply in [header, changed] {
                if let Some(msg) = too_long(&render::sms_full(&reply, lang, d), lang) {
                    let line = catalog.lines.get(&format!("status.{status}")).copied();
                    let step = Some(format!("status.{status}"));
                    out.push(Problem { file: catalog.file.clone(), line, step, message: msg });
                }
            }
        }
    }
}
