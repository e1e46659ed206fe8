//! The summary step: [Kirim] submits, [Ubah] picks an answer to change, [Batal] cancels.

use super::matching::pick;
use super::{Cx, inputs, prompt};
use crate::model::{Kind, Step};
use crate::state::Pending;
use crate::types::{Answer, Effect, Reply, Report};

/// Longest answer text shown in an SMS summary (one SMS); the full text stays in the report.
const SMS_SHOWN_CHARS: usize = 60;
/// On chat apps the citizen should read back what they wrote, within one message.
const CHAT_SHOWN_CHARS: usize = 1000;

pub(crate) fn show_summary(cx: &mut Cx, step: &Step) {
    let mut text = prompt::prompt_text(step, cx.lang(), cx.ev.caps).to_owned();
    for line in summary_lines(cx) {
        text.push('\n');
        text.push_str(&line);
    }
    let options = cx.step_options(step);
    cx.replies.push(Reply { text, options, ask_location: false });
}

/// "- Isi laporan: jalan di depan SD…" for every answered step, in dialog order.
fn summary_lines(cx: &Cx) -> Vec<String> {
    let Some(dialog) = cx.dialog() else {
        return Vec::new();
    };
    let lang = cx.lang();
    dialog
        .steps
        .iter()
        .filter_map(|step| {
            let answer = cx.st.answers.get(step.field.as_ref()?)?;
            Some(format!("- {}: {}", step.title.get(lang), shown(cx, step, answer)))
        })
        .collect()
}

fn shown(cx: &Cx, step: &Step, answer: &Answer) -> String {
    let lang = cx.lang();
    match answer {
        Answer::Text(t) | Answer::Place(t) => {
            cut(t, if cx.ev.caps.is_sms() { SMS_SHOWN_CHARS } else { CHAT_SHOWN_CHARS })
        }
        Answer::Location { lat, lon } => format!("{lat:.5}, {lon:.5}"),
        Answer::Date(d) => d.format("%d/%m/%Y").to_string(),
        Answer::Photos(list) => list.len().to_string(),
        Answer::Choice(value) => step
            .options
            .iter()
            .find(|o| &o.value == value)
            .map_or_else(|| value.clone(), |o| o.label.get(lang).to_owned()),
        Answer::YesNo(yes) => cx.msg(if *yes { "btn_yes" } else { "btn_no" }, &[]),
        Answer::Opd { code: Some(code), .. } => code.clone(),
        Answer::Opd { code: None, .. } => cx.msg("btn_opd_unknown", &[]),
        Answer::Skipped => "-".to_owned(),
    }
}

fn cut(t: &str, max: usize) -> String {
    if t.chars().count() <= max {
        return t.to_owned();
    }
    let head: String = t.chars().take(max - 3).collect();
    format!("{}...", head.trim_end())
}

pub(crate) fn answer(cx: &mut Cx, step: &Step, t: &str) {
    match pick(t, &prompt::buttons(cx.d, &["btn_send", "btn_edit", "btn_cancel"])) {
        Some(0) => submit(cx),
        Some(1) => cx.ask(Pending::EditPick),
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
    let report = Report { dialog: dialog.id.clone(), lang: cx.lang(), answers };
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
