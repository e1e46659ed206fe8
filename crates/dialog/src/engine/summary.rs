//! The summary shown before [Kirim]: one "- Title: answer" line each on chat apps; on SMS the bare
//! answers, the long ones cut until the whole summary with its options fits one SMS. Answers read as a
//! citizen would say them: the agency by name (its short name on SMS), a shared location as "titik
//! lokasi dari peta", today's date marked as today.

use super::fit::cut;
use super::{Cx, prompt};
use crate::model::Step;
use crate::types::{Answer, Reply};

/// On chat apps the citizen should read back what they wrote, within one message.
const CHAT_SHOWN_CHARS: usize = 1000;
/// The cuts tried for typed answers (description, address) on SMS, longest first.
const SMS_CUTS: [usize; 8] = [60, 50, 42, 35, 28, 22, 16, 10];

pub(crate) fn show_summary(cx: &mut Cx, step: &Step) {
    let header = prompt::prompt_text(step, cx.lang(), cx.ev.caps).to_owned();
    let options = cx.step_options(step);
    if !cx.ev.caps.is_sms() {
        let lines = answers(cx, CHAT_SHOWN_CHARS).into_iter().map(|(title, value)| format!("\n- {title}: {value}"));
        let text = format!("{header}{}", lines.collect::<String>());
        return cx.reply(text, options);
    }
    let mut reply = Reply { text: String::new(), options, ask_location: false };
    for max in SMS_CUTS {
        let values = answers(cx, max).into_iter().filter(|(_, v)| v != "-").map(|(_, value)| format!("\n{value}"));
        reply.text = format!("{header}{}", values.collect::<String>());
        if cx.fits(&reply) {
            break;
        }
    }
    cx.replies.push(reply);
}

/// `(title, shown answer)` for every answered step, in dialog order; typed text cut at `max` characters.
fn answers(cx: &Cx, max: usize) -> Vec<(String, String)> {
    let Some(dialog) = cx.dialog() else {
        return Vec::new();
    };
    let lang = cx.lang();
    dialog
        .steps
        .iter()
        .filter_map(|step| {
            let answer = cx.st.answers.get(step.field.as_ref()?)?;
            Some((step.title.get(lang).to_owned(), shown(cx, step, answer, max)))
        })
        .collect()
}

fn shown(cx: &Cx, step: &Step, answer: &Answer, max: usize) -> String {
    let lang = cx.lang();
    match answer {
        Answer::Text(t) | Answer::Place(t) => cut(t, max),
        Answer::Location { .. } => cx.msg("summary_location_pin", &[]),
        Answer::Date(d) if *d == cx.ev.today => {
            cx.msg("summary_date_today", &[("date", &d.format("%d/%m/%Y").to_string())])
        }
        Answer::Date(d) => d.format("%d/%m/%Y").to_string(),
        Answer::Photos(list) => cx.msg("summary_photos", &[("n", &list.len().to_string())]),
        Answer::Choice(value) => step
            .options
            .iter()
            .find(|o| &o.value == value)
            .map_or_else(|| value.clone(), |o| o.label.get(lang).to_owned()),
        Answer::YesNo(yes) => cx.msg(if *yes { "btn_yes" } else { "btn_no" }, &[]),
        Answer::Opd { code: Some(code), .. } => {
            let agency = step.field.as_ref().and_then(|f| cx.st.agencies.get(f)).filter(|a| &a.code == code);
            match agency {
                // The external note ("Ditangani PLN, di luar Pemkot …") only where the summary has room.
                Some(a) if !cx.ev.caps.is_sms() => match &a.note {
                    Some(note) => format!("{}. {note}", a.name),
                    None => a.name.clone(),
                },
                // A short name is shown whole; a full name (no short one) is cut between words to fit.
                Some(a) if a.short_name.is_some() => a.shown(cx.ev.caps).to_owned(),
                Some(a) => cut(&a.name, max),
                None => code.clone(),
            }
        }
        Answer::Opd { code: None, .. } => cx.msg("btn_opd_unknown", &[]),
        Answer::Skipped => "-".to_owned(),
    }
}
