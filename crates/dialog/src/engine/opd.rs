//! The `opd` step: suggest the agency from an earlier answer, let the citizen confirm or pick another —
//! as its own question (`propose = "ask"`) or, when confident, straight in the summary (`"summary"`).

use std::collections::BTreeMap;

use super::matching::pick;
use super::{Cx, prompt};
use crate::dialogs::Dialogs;
use crate::model::{Kind, Propose, Step};
use crate::state::{Agency, Pending};
use crate::suggest::Suggestion;
use crate::types::{Answer, Reply};

/// How many agencies the "pick another" list offers.
const CHOICES: usize = 3;

/// The suggestions for the step's source answer, best first; `None` when there is nothing to classify.
fn ranked(d: &Dialogs, step: &Step, answers: &BTreeMap<String, Answer>) -> Option<(Vec<Suggestion>, f32)> {
    let (Some(suggester), Kind::Opd { source, threshold, .. }) = (&d.suggester, &step.kind) else {
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

fn agency(s: &Suggestion) -> Agency {
    let short_name = s.short_name.clone().filter(|n| !n.trim().is_empty());
    Agency { code: s.code.clone(), name: s.name.clone(), note: s.external_note.clone(), short_name }
}

fn propose(step: &Step) -> Propose {
    match step.kind {
        Kind::Opd { propose, .. } => propose,
        _ => Propose::Ask,
    }
}

/// Asks the OPD question on entering `step`; false when there is nothing to ask (step passed over). With
/// `propose = "summary"`, a confident agency is recorded without a question (false), an answer already
/// given is kept (false), and "Ubah"/[Ganti instansi] (editing) goes straight to the list.
pub(crate) fn ask(cx: &mut Cx, step: &Step) -> bool {
    let summary = propose(step) == Propose::Summary;
    let field = step.field.clone().unwrap_or_default();
    if summary && !cx.st.editing && cx.st.answers.contains_key(&field) {
        return false;
    }
    let Some((list, threshold)) = ranked(cx.d, step, &cx.st.answers) else {
        return false;
    };
    if list.is_empty() {
        return false;
    }
    let confident = confident(&list, threshold).is_some();
    let choices: Vec<Agency> = list.iter().take(CHOICES).map(agency).collect();
    let top = choices[0].clone();
    if summary && cx.st.editing {
        cx.ask(Pending::OpdPick { top: Some(top), choices });
        return true;
    }
    if summary && confident {
        cx.record(step, opd(Some(top.code.clone()), Some(&top)));
        cx.st.agencies.insert(field, top);
        return false;
    }
    let pending =
        if confident { Pending::OpdConfirm { top, choices } } else { Pending::OpdPick { top: Some(top), choices } };
    cx.ask(pending);
    true
}

/// The answer `step` gets without asking (SMS one-shot): the top agency when the step would propose it
/// alone, else "tidak tahu" (triage) noting the top guess; with the agency's name as SMS shows it (its
/// short name). `None`: no suggester.
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
            let name = agency(top).shown(crate::types::Caps::SMS).to_owned();
            (Answer::Opd { code: Some(top.code.clone()), suggested, corrected: false }, Some(name))
        }
        None => (Answer::Opd { code: None, suggested, corrected: false }, None),
    })
}

/// Shows the open OPD question.
pub(crate) fn show(cx: &mut Cx, pending: &Pending) {
    let caps = cx.ev.caps;
    match pending {
        Pending::OpdConfirm { top, .. } => {
            let Some(step) = cx.current() else { return };
            let prompt = prompt::prompt_text(step, cx.lang(), caps);
            let options = vec![cx.msg("btn_opd_correct", &[]), cx.msg("btn_opd_other", &[])];
            let name = top.shown(caps);
            let mut reply =
                Reply { text: crate::dialogs::fill(prompt, &[("name", name)]), options, ..Reply::default() };
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
            let mut options: Vec<String> = choices.iter().map(|a| a.shown(caps).to_owned()).collect();
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
    let field = step.field.clone().unwrap_or_default();
    match pending {
        Pending::OpdConfirm { top, choices } => {
            match pick(t, &prompt::buttons(cx.d, &["btn_opd_correct", "btn_opd_other"])) {
                Some(0) => {
                    cx.st.agencies.insert(field, top.clone());
                    cx.accept(step, opd(Some(top.code.clone()), Some(&top)), None)
                }
                Some(_) => cx.ask(Pending::OpdPick { top: Some(top), choices }),
                None => super::menu::reask(cx, &Pending::OpdConfirm { top, choices }),
            }
        }
        Pending::OpdPick { top, choices } => {
            let mut names: Vec<Vec<&str>> = choices
                .iter()
                .map(|a| {
                    [Some(a.name.as_str()), Some(a.code.as_str()), a.short_name.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect()
                })
                .collect();
            names.push(prompt::button_names(cx.d, "btn_opd_unknown"));
            match pick(t, &names) {
                Some(i) if i < choices.len() => {
                    cx.st.agencies.insert(field, choices[i].clone());
                    cx.accept(step, opd(Some(choices[i].code.clone()), top.as_ref()), None)
                }
                Some(_) => {
                    cx.st.agencies.remove(&field);
                    cx.accept(step, opd(None, top.as_ref()), None)
                }
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
