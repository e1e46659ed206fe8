//! The summary step's answers: [Kirim] submits, [Ganti instansi] re-routes (when the summary proposed
//! the agency), [Ubah] picks an answer to change, [Batal] cancels.

use super::matching::pick;
use super::{Cx, inputs, prompt};
use crate::model::{Kind, Propose, Step};
use crate::state::Pending;
use crate::types::{Effect, Report};

/// The summary's buttons, as message keys, in order.
pub(crate) fn buttons(cx: &Cx) -> Vec<&'static str> {
    let mut keys = vec!["btn_send"];
    if agency_in_summary(cx).is_some() {
        keys.push("btn_opd_change");
    }
    keys.extend(["btn_edit", "btn_cancel"]);
    keys
}

/// The `opd` step whose agency the summary shows for [Ganti instansi] (`propose = "summary"`, answered).
fn agency_in_summary<'a>(cx: &Cx<'a>) -> Option<&'a Step> {
    cx.dialog()?.steps.iter().find(|s| {
        matches!(s.kind, Kind::Opd { propose: Propose::Summary, .. })
            && s.field.as_ref().is_some_and(|f| cx.st.answers.contains_key(f))
    })
}

pub(crate) fn answer(cx: &mut Cx, step: &Step, t: &str) {
    let keys = buttons(cx);
    match pick(t, &prompt::buttons(cx.d, &keys)).map(|i| keys[i]) {
        Some("btn_send") => submit(cx),
        Some("btn_opd_change") => match agency_in_summary(cx) {
            Some(opd) => {
                cx.st.editing = true;
                cx.enter(opd.id.clone());
            }
            None => cx.show_current(),
        },
        Some("btn_edit") => cx.ask(Pending::EditPick),
        Some(_) => {
            cx.st.clear_draft();
            cx.menu("cancelled", &[]);
        }
        None => inputs::not_an_option(cx, step),
    }
}

fn submit(cx: &mut Cx) {
    let Some(dialog) = cx.dialog() else {
        return cx.menu("error_try_again", &[]);
    };
    let fields: Vec<&str> = dialog.steps.iter().filter_map(|s| s.field.as_deref()).collect();
    let mut answers = std::mem::take(&mut cx.st.answers);
    answers.retain(|field, _| fields.contains(&field.as_str()));
    // The routed agency's name for the receipt's `{opd}` (its short name on SMS).
    let opd_name = dialog
        .steps
        .iter()
        .filter(|s| matches!(s.kind, Kind::Opd { .. }))
        .find_map(|s| cx.st.agencies.get(s.field.as_deref()?))
        .map(|a| a.shown(cx.ev.caps).to_owned());
    let report = Report { dialog: dialog.id.clone(), lang: cx.lang(), answers, oneshot: false, opd_name };
    cx.effects.push(Effect::SubmitReport(report));
    cx.st.clear_draft();
}

/// Steps the citizen may change from the summary: those with a field, in order.
fn editable<'a>(cx: &Cx<'a>) -> Vec<&'a Step> {
    let Some(dialog) = cx.dialog() else {
        return Vec::new();
    };
    let skipped_here = |s: &Step| matches!(s.kind, Kind::Photos { .. }) && !cx.ev.caps.media;
    dialog
        .steps
        .iter()
        .filter(|s| s.field.is_some() && !skipped_here(s))
        .filter(|s| !matches!(s.kind, Kind::Opd { .. }) || cx.d.suggester.is_some())
        .collect()
}

pub(crate) fn ask_edit(cx: &mut Cx) {
    let options = editable(cx).iter().map(|s| s.title.get(cx.lang()).to_owned()).collect();
    cx.reply(cx.msg("edit_pick", &[]), options);
}

pub(crate) fn answer_edit(cx: &mut Cx, t: &str) {
    let steps = editable(cx);
    let names: Vec<Vec<&str>> = steps.iter().map(|s| s.title.all().collect()).collect();
    match pick(t, &names) {
        Some(i) => {
            cx.st.pending = None;
            cx.st.editing = true;
            cx.enter(steps[i].id.clone());
        }
        None => super::menu::reask(cx, &Pending::EditPick),
    }
}
