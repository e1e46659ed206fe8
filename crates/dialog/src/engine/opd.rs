//! The `opd` step: suggest the agency from an earlier answer, let the citizen confirm or pick another.

use super::matching::pick;
use super::{Cx, prompt};
use crate::model::{Kind, Step};
use crate::state::{Agency, Pending};
use crate::types::Answer;

/// How many agencies the "pick another" list offers.
const CHOICES: usize = 3;

/// Asks the OPD question on entering `step`; false when there is nothing to ask (step skipped).
pub(crate) fn ask(cx: &mut Cx, step: &Step) -> bool {
    let (Some(suggester), Kind::Opd { source, threshold }) = (&cx.d.suggester, &step.kind) else {
        return false;
    };
    let text = match cx.st.answers.get(source) {
        Some(Answer::Text(t) | Answer::Place(t)) => t.clone(),
        _ => return false,
    };
    let mut list = suggester.suggest(&text);
    list.retain(|s| s.confidence.is_finite());
    list.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    let Some(first) = list.first() else {
        return false;
    };
    let confident = first.confidence >= *threshold;
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

/// Shows the open OPD question.
pub(crate) fn show(cx: &mut Cx, pending: &Pending) {
    match pending {
        Pending::OpdConfirm { top, .. } => {
            let Some(step) = cx.current() else { return };
            let mut text = super::super::dialogs::fill(step.prompt.get(cx.lang()), &[("name", &top.name)]);
            if let Some(note) = &top.note {
                text.push(' ');
                text.push_str(note);
            }
            let options = vec![cx.msg("btn_opd_correct", &[]), cx.msg("btn_opd_other", &[])];
            cx.reply(text, options);
        }
        Pending::OpdPick { choices, .. } => {
            let mut options: Vec<String> = choices.iter().map(|a| a.name.clone()).collect();
            options.push(cx.msg("btn_opd_unknown", &[]));
            cx.reply(cx.msg("opd_pick", &[]), options);
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
