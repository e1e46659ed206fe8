//! SMS "LAPOR <isi> #lokasi": files the report at once with the dialog's `[oneshot]` answers, no questions;
//! without a usable place it keeps every answer in a draft, asks for the place once, and files on the reply.

use std::collections::BTreeMap;

use super::{Cx, opd};
use crate::model::{Dialog, Kind, Step};
use crate::state::OneShotWait;
use crate::types::{Answer, Effect, Report};

/// Handles `text` (what followed LAPOR) as a one-shot report when the channel is SMS, the main dialog has
/// `[oneshot]`, and the description is long enough for its first step: filed at once when it names a place
/// (or the dialog asks for none), else kept as a draft waiting for the place (`oneshot_ask_location`).
/// False: nothing done, ask as usual.
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
        Some(step) => split_place(text, step),
        None => (text.trim(), None),
    };
    if super::inputs::letters(description) < *min || description.chars().count() > *max {
        return false;
    }
    let mut answers = skipped(dialog);
    answers.insert(field.clone(), Answer::Text(description.to_owned()));
    if let (Some(field), Some(place)) = (place_step.and_then(|s| s.field.clone()), place) {
        answers.insert(field, Answer::Place(place.to_owned()));
    }
    for preset in presets {
        answers.insert(preset.field.clone(), Answer::Choice(preset.value.clone()));
    }
    let opd_name = route(cx, dialog, &mut answers);
    cx.st.clear_draft();
    match (place_step, place) {
        (Some(step), None) => wait_for_place(cx, dialog, step, answers, opd_name),
        _ => submit(cx, dialog, answers, opd_name),
    }
    true
}

/// Opens a draft holding every one-shot answer at the place step; the next valid address files it.
fn wait_for_place(
    cx: &mut Cx,
    dialog: &Dialog,
    step: &Step,
    mut answers: BTreeMap<String, Answer>,
    opd_name: Option<String>,
) {
    if let Some(field) = &step.field {
        answers.remove(field);
    }
    cx.st.dialog = Some(dialog.id.clone());
    cx.st.step = Some(step.id.clone());
    cx.st.answers = answers;
    cx.st.oneshot = Some(OneShotWait { opd_name });
    cx.say("oneshot_ask_location", &[]);
}

/// The waiting one-shot's place step was answered (`Cx::accept`): file it as a one-shot report.
pub(crate) fn finish(cx: &mut Cx, waiting: OneShotWait) {
    let Some(dialog) = cx.dialog() else {
        cx.st.clear_draft();
        return cx.menu("error_try_again", &[]);
    };
    let mut answers = std::mem::take(&mut cx.st.answers);
    let mut opd_name = waiting.opd_name;
    // An agency classified from the place could not be routed before it came: route it now.
    let place = cx.current().and_then(|s| s.field.as_deref());
    if dialog.steps.iter().any(|s| matches!(&s.kind, Kind::Opd { source, .. } if Some(source.as_str()) == place)) {
        opd_name = route(cx, dialog, &mut answers);
    }
    cx.st.clear_draft();
    cx.st.dialog = None;
    submit(cx, dialog, answers, opd_name);
}

fn submit(cx: &mut Cx, dialog: &Dialog, mut answers: BTreeMap<String, Answer>, opd_name: Option<String>) {
    let fields: Vec<&str> = dialog.steps.iter().filter_map(|s| s.field.as_deref()).collect();
    answers.retain(|field, _| fields.contains(&field.as_str()));
    let report = Report { dialog: dialog.id.clone(), lang: cx.lang(), answers, oneshot: true, opd_name };
    cx.effects.push(Effect::SubmitReport(report));
}

/// "lampu mati #Jl. Merdeka 12": the description before the first `#`, the place after it when it is one
/// the place step would accept (at least its `min` letters and digits); an empty or shorter place is none.
fn split_place<'t>(text: &'t str, step: &Step) -> (&'t str, Option<&'t str>) {
    let min = match step.kind {
        Kind::LocationOrText { min } => min,
        _ => 1,
    };
    match text.split_once('#') {
        Some((description, place)) => {
            let place = place.trim();
            let usable = super::inputs::letters_and_digits(place) >= min.max(1);
            (description.trim(), Some(place).filter(|_| usable))
        }
        None => (text.trim(), None),
    }
}

/// Every field starts as skipped, as if the citizen had passed over each question.
fn skipped(dialog: &Dialog) -> BTreeMap<String, Answer> {
    dialog.steps.iter().filter_map(|s| Some((s.field.clone()?, Answer::Skipped))).collect()
}

/// Answers the `opd` steps as the suggester would propose them; without a suggester they stay out of the
/// report, as in the guided dialog. Returns the chosen agency's name as SMS shows it (its short name).
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
