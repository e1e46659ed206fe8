//! The `opd` step: suggest the agency from an earlier answer, let the citizen confirm or pick another.

use std::collections::BTreeMap;

use super::matching::pick;
use super::{Cx, prompt};
use crate::dialogs::Dialogs;
use crate::model::{Kind, Step};
use crate::state::{Agency, Pending};
use crate::suggest::Suggestion;
use crate::types::{Answer, Reply};

/// How many agencies the "pick another" list offers.
const CHOICES: usize = 3;

/// The suggestions for the step's source answer, best first; `None` when there is nothing to classify.
fn ranked(d: &Dialogs, step: &Step, answers: &BTreeMap<String, Answer>) -> Option<(Vec<Suggestion>, f32)> {
    let (Some(suggester), Kind::Opd { source, threshold }) = (&d.suggester, &step.kind) else {
        return None;
    };
    let text = match answers.get(source) {
        Some(Answer::Text(t) | Answer::Place(t)) => t,
        _ => return None,
    };
    let mut list = suggester.suggest(text);
    list.retain(|s| s.confidence.is_finite());
    list.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    Some((list, *threshold))
}

/// The top suggestion is proposed alone (rather than a list) when it reaches the step's threshold.
fn confident(list: &[Suggestion], threshold: f32) -> Option<&Suggestion> {
    list.first().filter(|top| top.confidence >= threshold)
}

/// Asks the OPD question on entering `step`; false when there is nothing to ask (step skipped).
pub(crate) fn ask(cx: &mut Cx, step: &Step) -> bool {
    let Some((list, threshold)) = ranked(cx.d, step, &cx.st.answers) else {
        return false;
    };
    if list.is_empty() {
        return false;
    }
    let confident = confident(&list, threshold).is_some();
    let choices: Vec<Agency> = list
        .iter()
        .take(CHOICES)
        .map(|s| Agency { code: s.code.clone(), name: s.name.clone(), note: s.external_note.clone() })
        .collect();
    let top = choices[0].clone();
    let pending =
        if confident { Pending::OpdConfirm { top, choices } } else { Pending::OpdPick { top: Some(top), choices } };
    cx.ask(pending);
    true
}

/// The answer `step` gets without asking (SMS one-shot): the top agency when the step would propose it
/// alone, else "tidak tahu" (triage) noting the top guess; with the agency's name. `None`: no suggester.
pub(crate) fn unasked(
    d: &Dialogs,
    step: &Step,
    answers: &BTreeMap<String, Answer>,
) -> Option<(Answer, Option<String>)> {
    d.suggester.as_ref()?;
    let (list, threshold) = ranked(d, step, answers).unwrap_or_default();
    let suggested = list.first().map(|s| s.code.clone());
    Some(match confident(&list, threshold) {
        Some(top) => {
            (Answer::Opd { code: Some(top.code.clone()), suggested, corrected: false }, Some(top.name.clone()))
        }
        None => (Answer::Opd { code: None, suggested, corrected: false }, None),
    })
}

/// Shows the open OPD question.
pub(crate) fn show(cx: &mut Cx, pending: &Pending) {
    match pending {
        Pending::OpdConfirm { top, .. } => {
            let Some(step) = cx.current() else { return };
            let prompt = prompt::prompt_text(step, cx.lang(), cx.ev.caps);
            let options = vec![cx.msg("btn_opd_correct", &[]), cx.msg("btn_opd_other", &[])];
            let mut reply =
                Reply { text: crate::dialogs::fill(prompt, &[("name", &top.name)]), options, ..Reply::default() };
            // The note ("PLN berada di luar Pemerintah Kota.") is dropped on SMS when it would need a second message.
            if let Some(note) = &top.note {
                let text = std::mem::take(&mut reply.text);
                reply.text = format!("{text} {note}");
                if !cx.fits(&reply) {
                    reply.text = text;
                }
            }
            cx.fitted_reply(reply.text, reply.options);
        }
        Pending::OpdPick { choices, .. } => {
            let mut options: Vec<String> = choices.iter().map(|a| a.name.clone()).collect();
            options.push(cx.msg("btn_opd_unknown", &[]));
            cx.fitted_reply(cx.msg("opd_pick", &[]), options);
        }
        _ => {}
    }
}

pub(crate) fn answer(cx: &mut Cx, pending: Pending, t: &str) {
    let Some(step) = cx.current() else {
        return cx.show_current();
    };
    match pending {
        Pending::OpdConfirm { top, choices } => {
            match pick(t, &prompt::buttons(cx.d, &["btn_opd_correct", "btn_opd_other"])) {
                Some(0) => cx.accept(step, opd(Some(top.code.clone()), Some(&top)), None),
                Some(_) => cx.ask(Pending::OpdPick { top: Some(top), choices }),
                None => super::menu::reask(cx, &Pending::OpdConfirm { top, choices }),
            }
        }
        Pending::OpdPick { top, choices } => {
            let mut names: Vec<Vec<&str>> = choices.iter().map(|a| vec![a.name.as_str(), a.code.as_str()]).collect();
            names.push(prompt::button_names(cx.d, "btn_opd_unknown"));
            match pick(t, &names) {
                Some(i) if i < choices.len() => cx.accept(step, opd(Some(choices[i].code.clone()), top.as_ref()), None),
                Some(_) => cx.accept(step, opd(None, top.as_ref()), None),
                None => super::menu::reask(cx, &Pending::OpdPick { top, choices }),
            }
        }
        _ => cx.show_current(),
    }
}

/// `corrected` is true when the final code differs from the classifier's top guess.
fn opd(code: Option<String>, top: Option<&Agency>) -> Answer {
    let suggested = top.map(|a| a.code.clone());
    let corrected = code != suggested;
    Answer::Opd { code, suggested, corrected }
}
