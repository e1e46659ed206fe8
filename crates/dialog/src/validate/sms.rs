//! One SMS each: every step prompt and catalogue message, measured as sent (filled, with its buttons).

use super::problem;
use crate::dialogs::{Dialogs, MENU};
use crate::engine::prompt;
use crate::gsm7;
use crate::model::{Dialog, Kind, Step};
use crate::problem::Problem;
use crate::render;
use crate::types::{Caps, Lang, Reply};

/// A long agency name, to measure the `opd` prompt and the one-shot confirmation.
pub(crate) const SAMPLE_AGENCY: &str = "Dinas Pekerjaan Umum dan Penataan Ruang";
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
    sample("ticket_created", &[("id", SAMPLE_ID)], &MENU),
    // Sent only where the menu is buttons (SMS gets `ticket_created_oneshot_triage`): measured alone.
    sample("ticket_created_triage", &[("id", SAMPLE_ID)], &[]),
    sample("ticket_created_oneshot", &[("id", SAMPLE_ID), ("opd", SAMPLE_AGENCY)], &[]),
    sample("ticket_created_oneshot_triage", &[("id", SAMPLE_ID)], &[]),
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
    for lang in Lang::ALL {
        let mut reply = prompt::step_reply(d, step, lang, Caps::SMS);
        if matches!(step.kind, Kind::Opd { .. }) {
            reply.text = crate::dialogs::fill(&reply.text, &[("name", SAMPLE_AGENCY)]);
            reply.options = vec![d.message("btn_opd_correct", lang, &[]), d.message("btn_opd_other", lang, &[])];
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

/// Every catalogue message, filled and with its buttons as in `SAMPLES`, fits one SMS; so does every status
/// label in the status messages (`status_header` with the menu, `status_changed`). `{central}` is filled
/// with a long name.
pub(super) fn catalog(d: &Dialogs, out: &mut Vec<Problem>) {
    let d = &d.clone().with_central_name(SAMPLE_CENTRAL);
    let catalog = &d.catalog;
    for key in catalog.messages.keys() {
        let sample = SAMPLES.iter().find(|s| s.key == key);
        for lang in Lang::ALL {
            let reply = match sample {
                Some(s) => Reply {
                    text: d.message(key, lang, s.params),
                    options: s.buttons.iter().map(|b| d.message(b, lang, &[])).collect(),
                    ask_location: false,
                },
                None => Reply { text: d.message(key, lang, &[]), ..Default::default() },
            };
            if let Some(msg) = too_long(&render::sms_full(&reply, lang, d), lang) {
                let line = catalog.lines.get(&format!("messages.{key}")).copied();
                out.push(Problem { file: catalog.file.clone(), line, step: Some(key.clone()), message: msg });
            }
        }
    }
    for status in catalog.status.keys() {
        for lang in Lang::ALL {
            let label = d.status_label(status, lang);
            let params = [("id", SAMPLE_ID), ("status", label.as_str())];
            let header = d.menu_reply("status_header", lang, &params);
            let changed = Reply { text: d.message("status_changed", lang, &params), ..Default::default() };
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
