//! Validating an answer to the current step, per input kind; every failure re-asks with a reason.

use super::commands::without_report_keyword;
use super::matching::pick;
use super::{Cx, confirm, date, prompt};
use crate::model::{Kind, Step};
use crate::types::{Answer, Input, Reply};

/// Handles `input` as the answer to `step`.
pub(crate) fn answer(cx: &mut Cx, step: &Step, input: &Input) {
    match (&step.kind, input) {
        (_, Input::Unsupported | Input::Contact { .. }) => wrong(cx, step, "unsupported_input"),
        (Kind::Text { min, max }, Input::Text(t)) => text(cx, step, t, *min, *max),
        (Kind::Choice, Input::Text(t)) => choice(cx, step, t),
        (Kind::LocationOrText { .. }, Input::Location { lat, lon }) => {
            cx.accept(step, Answer::Location { lat: *lat, lon: *lon }, None)
        }
        (Kind::LocationOrText { min }, Input::Text(t)) => place(cx, step, t, *min),
        (Kind::Date, Input::Text(t)) => date::answer(cx, step, t),
        (Kind::Photos { max }, Input::Photo { file_id }) => photo(cx, step, file_id, *max),
        (Kind::Photos { .. }, Input::Text(t)) => photos_done(cx, step, t),
        (Kind::YesNo, Input::Text(t)) => yes_no(cx, step, t),
        (Kind::Confirm, Input::Text(t)) => confirm::answer(cx, step, t),
        (Kind::Opd { .. }, _) => cx.enter(step.id.clone()),
        _ => wrong(cx, step, "wrong_input"),
    }
}

/// A message of the wrong sort (photo where text is wanted, sticker…): explain, then the prompt again
/// (on SMS only when both fit one message; the numbered options follow anyway).
fn wrong(cx: &mut Cx, step: &Step, key: &str) {
    let reason = cx.msg(key, &[]);
    let text = format!("{reason} {}", prompt::prompt_text(step, cx.lang(), cx.ev.caps));
    let options = cx.step_options(step);
    let full = Reply { text, options, ask_location: false };
    cx.reask(step, if cx.fits(&full) { full.text } else { reason });
}

/// The letters of `t` (what a text step's `min` counts): spaces, digits, punctuation and emoji are not
/// letters.
pub(crate) fn letters(t: &str) -> usize {
    t.chars().filter(|c| c.is_alphabetic()).count()
}

/// The letters and digits of `t` (what an address's `min` counts: "Jl. Merdeka 12" has 11).
pub(crate) fn letters_and_digits(t: &str) -> usize {
    t.chars().filter(|c| c.is_alphanumeric()).count()
}

/// `min` counts letters ("baru 10 huruf"), `max` counts characters (what is stored).
fn text(cx: &mut Cx, step: &Step, t: &str, min: usize, max: usize) {
    let t = without_report_keyword(cx.d, t).trim();
    let count = letters(t);
    if count < min {
        let (min_s, count_s, missing) = (min.to_string(), count.to_string(), (min - count).to_string());
        let params = [("min", min_s.as_str()), ("count", count_s.as_str()), ("missing", missing.as_str())];
        let text = cx.msg("too_short", &params);
        return cx.reask(step, text);
    }
    let chars = t.chars().count();
    if chars > max {
        let (max_s, count_s) = (max.to_string(), chars.to_string());
        let text = cx.msg("too_long", &[("max", &max_s), ("count", &count_s)]);
        return cx.reask(step, text);
    }
    cx.accept(step, Answer::Text(t.to_owned()), None);
}

fn choice(cx: &mut Cx, step: &Step, t: &str) {
    let names: Vec<Vec<&str>> = step
        .options
        .iter()
        .map(|o| o.label.all().chain(o.aliases.iter().map(String::as_str)).chain([o.value.as_str()]).collect())
        .collect();
    match pick(t, &names) {
        Some(i) => {
            let option = &step.options[i];
            cx.accept(step, Answer::Choice(option.value.clone()), option.next.as_deref())
        }
        None => not_an_option(cx, step),
    }
}

/// Lists the options ("Pilih salah satu: Biasa, Anonim, Rahasia") and re-asks.
pub(crate) fn not_an_option(cx: &mut Cx, step: &Step) {
    let text = not_an_option_text(cx, &cx.step_options(step));
    cx.reask(step, text);
}

/// `not_an_option` listing `options`; on SMS the shorter `not_an_option_sms`, as the numbered options follow.
pub(crate) fn not_an_option_text(cx: &Cx, options: &[String]) -> String {
    if cx.ev.caps.is_sms() {
        return cx.msg("not_an_option_sms", &[]);
    }
    cx.msg("not_an_option", &[("options", &options.join(", "))])
}

fn place(cx: &mut Cx, step: &Step, t: &str, min: usize) {
    let t = without_report_keyword(cx.d, t).trim();
    if letters_and_digits(t) < min {
        let text = cx.msg("address_too_short", &[("min", &min.to_string())]);
        return cx.reask(step, text);
    }
    cx.accept(step, Answer::Place(t.to_owned()), None);
}

fn photo(cx: &mut Cx, step: &Step, file_id: &str, max: usize) {
    let field = step.field.clone().unwrap_or_default();
    let mut list = match cx.st.answers.remove(&field) {
        Some(Answer::Photos(list)) => list,
        _ => Vec::new(),
    };
    let max_s = max.to_string();
    // Already full (back at the step with `max` photos): the photo is not kept, the list stays as it was.
    if list.len() >= max {
        cx.st.answers.insert(field, Answer::Photos(list));
        let n = max.to_string();
        return cx.reask(step, cx.msg("photos_kept", &[("n", &n), ("max", &max_s)]));
    }
    list.push(file_id.to_owned());
    let n = list.len().to_string();
    if list.len() >= max {
        // The last one the step takes: say it arrived and that the report moves on, then ask on.
        cx.say("photo_last_received", &[("n", &n), ("max", &max_s)]);
        return cx.accept(step, Answer::Photos(list), None);
    }
    cx.st.answers.insert(field, Answer::Photos(list));
    let text = cx.msg("photo_received", &[("n", &n), ("max", &max_s)]);
    cx.reask(step, text);
}

/// [Lewati] or [Selesai]: finish with the photos so far (none → Skipped).
fn photos_done(cx: &mut Cx, step: &Step, t: &str) {
    if pick(t, &prompt::buttons(cx.d, &["btn_skip", "btn_done"])).is_none() {
        return not_an_option(cx, step);
    }
    let field = step.field.as_deref().unwrap_or_default();
    let answer = match cx.st.answers.remove(field) {
        Some(Answer::Photos(list)) if !list.is_empty() => Answer::Photos(list),
        _ => Answer::Skipped,
    };
    cx.accept(step, answer, None);
}

fn yes_no(cx: &mut Cx, step: &Step, t: &str) {
    match pick(t, &prompt::buttons(cx.d, &["btn_yes", "btn_no"])) {
        Some(i) => cx.accept(step, Answer::YesNo(i == 0), None),
        None => not_an_option(cx, step),
    }
}
