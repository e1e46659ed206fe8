//! SMS "LAPOR <isi> #lokasi": files the report at once with the dialog's `[oneshot]` answers, no questions.

use std::collections::BTreeMap;

use super::{Cx, opd};
use crate::model::{Dialog, Kind};
use crate::types::{Answer, Effect, Report};

/// Files `text` (what followed LAPOR) as a finished report when the channel is SMS, the main dialog has
/// `[oneshot]`, and the description is long enough for its first step. False: nothing done, ask as usual.
pub(crate) fn file(cx: &mut Cx, text: &str) -> bool {
    let Some(dialog) = cx.d.main_dialog() else {
        return false;
    };
    let (Some(presets), Some(describe)) = (&dialog.oneshot, dialog.step(&dialog.first)) else {
        return false;
    };
    let (Kind::Text { min, max }, Some(field), true) = (&describe.kind, &describe.field, cx.ev.caps.is_sms()) else {
        return false;
    };
    let place_step = dialog.steps.iter().find(|s| matches!(s.kind, Kind::LocationOrText { .. }));
    let (description, place) = match place_step {
        Some(_) => split_place(text),
        None => (text.trim(), None),
    };
    if !(*min..=*max).contains(&description.chars().count()) {
        return false;
    }
    let mut answers = skipped(dialog);
    answers.insert(field.clone(), Answer::Text(description.to_owned()));
    if let Some(field) = place_step.and_then(|s| s.field.clone()) {
        answers.insert(field, place.map_or(Answer::Skipped, |p| Answer::Place(p.to_owned())));
    }
    for preset in presets {
        answers.insert(preset.field.clone(), Answer::Choice(preset.value.clone()));
    }
    let opd_name = route(cx, dialog, &mut answers);
    let report = Report { dialog: dialog.id.clone(), lang: cx.lang(), answers, oneshot: true, opd_name };
    cx.st.clear_draft();
    cx.effects.push(Effect::SubmitReport(report));
    true
}

/// "lampu mati #Jl. Merdeka 12": the description before the first `#`, the place after it (if any).
fn split_place(text: &str) -> (&str, Option<&str>) {
    match text.split_once('#') {
        Some((description, place)) => (description.trim(), Some(place.trim()).filter(|p| !p.is_empty())),
        None => (text.trim(), None),
    }
}

/// Every field starts as skipped, as if the citizen had passed over each question.
fn skipped(dialog: &Dialog) -> BTreeMap<String, Answer> {
    dialog.steps.iter().filter_map(|s| Some((s.field.clone()?, Answer::Skipped))).collect()
}

/// Answers the `opd` steps as the suggester would propose them; without a suggester they stay out of the
/// report, as in the guided dialog. Returns the chosen agency's name.
fn route(cx: &Cx, dialog: &Dialog, answers: &mut BTreeMap<String, Answer>) -> Option<String> {
    let mut name = None;
    for step in dialog.steps.iter().filter(|s| matches!(s.kind, Kind::Opd { .. })) {
        let Some(field) = &step.field else { continue };
        match opd::unasked(cx.d, step, answers) {
            Some((answer, agency)) => {
                answers.insert(field.clone(), answer);
                name = name.or(agency);
            }
            None => {
                answers.remove(field);
            }
        }
    }
    name
}
