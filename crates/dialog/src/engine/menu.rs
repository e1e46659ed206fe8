//! The main menu and the side questions: resume-or-restart, language, status number, edit pick, OPD.

use super::matching::pick;
use super::{Cx, confirm, opd, prompt};
use crate::dialogs::MENU;
use crate::model::Kind;
use crate::state::Pending;
use crate::types::{Effect, Input, Lang};

const LANG_KEYS: [&str; 3] = ["lang_name_id", "lang_name_jv", "lang_name_en"];

/// Input at the main menu: a menu button (label in any language or its number); with `open_with_text`,
/// a text the first step accepts opens a report with it (`report_opened`, then the next question); else
/// the welcome, or on SMS one short `sms_help` instead (the keywords, no menu).
pub(crate) fn answer_menu(cx: &mut Cx) {
    let choice = match &cx.ev.input {
        Input::Text(text) => pick(text, &prompt::buttons(cx.d, &MENU)),
        _ => None,
    };
    if choice.is_none()
        && let Input::Text(text) = &cx.ev.input
        && opens_report(cx, text)
    {
        return open_with(cx, text);
    }
    match choice {
        Some(0) => cx.start_draft(),
        Some(1) => cx.ask(Pending::StatusId),
        Some(2) => super::commands::run(cx, super::commands::Cmd::Help),
        Some(_) => cx.ask(Pending::Language),
        None if cx.ev.caps.is_sms() && matches!(cx.ev.input, Input::Text(_)) => cx.say("sms_help", &[]),
        None => cx.menu("welcome", &[]),
    }
}

/// True when the main dialog opens reports from text at the menu and `text` is a first answer it takes.
fn opens_report(cx: &Cx, text: &str) -> bool {
    let Some(dialog) = cx.d.main_dialog().filter(|d| d.open_with_text) else {
        return false;
    };
    match dialog.step(&dialog.first).map(|s| &s.kind) {
        Some(Kind::Text { min, max }) => {
            let text = text.trim();
            super::inputs::letters(text) >= *min && text.chars().count() <= *max
        }
        _ => false,
    }
}

/// Opens a draft whose first answer is `text`: says so (`report_opened`), then asks the next question.
fn open_with(cx: &mut Cx, text: &str) {
    let before = cx.replies.len();
    cx.start_draft();
    let Some(step) = cx.current() else { return };
    cx.replies.truncate(before);
    cx.say("report_opened", &[]);
    super::inputs::answer(cx, step, &Input::Text(text.to_owned()));
}

/// Asks a side question (again).
pub(crate) fn ask_pending(cx: &mut Cx, pending: &Pending) {
    match pending {
        Pending::StatusId => cx.say("status_ask_id", &[]),
        Pending::ResumeOrRestart => {
            let options = vec![cx.msg("btn_continue", &[]), cx.msg("btn_restart", &[])];
            cx.reply(cx.msg("resume_offer", &[]), options);
        }
        Pending::Language => {
            let options = LANG_KEYS.iter().map(|k| cx.msg(k, &[])).collect();
            cx.reply(cx.msg("language_prompt", &[]), options);
        }
        Pending::EditPick => confirm::ask_edit(cx),
        Pending::OpdConfirm { .. } | Pending::OpdPick { .. } => opd::show(cx, pending),
    }
}

/// The answer to a side question.
pub(crate) fn answer_pending(cx: &mut Cx, pending: Pending) {
    let text = match &cx.ev.input {
        Input::Text(text) => text.clone(),
        _ => return reask(cx, &pending),
    };
    match pending {
        Pending::StatusId => {
            cx.st.pending = None;
            cx.effects.push(Effect::LookupStatus { query: text.trim().to_owned() });
        }
        Pending::ResumeOrRestart => resume(cx, &text),
        Pending::Language => language(cx, &text),
        Pending::EditPick => confirm::answer_edit(cx, &text),
        Pending::OpdConfirm { .. } | Pending::OpdPick { .. } => opd::answer(cx, pending, &text),
    }
}

fn resume(cx: &mut Cx, text: &str) {
    match pick(text, &prompt::buttons(cx.d, &["btn_continue", "btn_restart"])) {
        Some(0) => {
            cx.st.pending = None;
            cx.show_current();
        }
        Some(_) => cx.start_draft(),
        None => reask(cx, &Pending::ResumeOrRestart),
    }
}

fn language(cx: &mut Cx, text: &str) {
    let mut names = prompt::buttons(cx.d, &LANG_KEYS);
    for (names, lang) in names.iter_mut().zip(Lang::ALL) {
        names.push(lang.code());
    }
    let Some(i) = pick(text, &names) else {
        return reask(cx, &Pending::Language);
    };
    let lang = Lang::ALL[i];
    cx.st.lang = lang;
    cx.st.lang_chosen = true;
    cx.st.pending = None;
    cx.effects.push(Effect::LanguageChanged(lang));
    cx.say("language_changed", &[]);
    cx.show_current();
}

/// "Not one of the options": says so, listing them (on SMS the numbered options do), and asks again.
pub(crate) fn reask(cx: &mut Cx, pending: &Pending) {
    let before = cx.replies.len();
    ask_pending(cx, pending);
    if cx.replies.get(before).is_none_or(|r| r.options.is_empty()) {
        return;
    }
    let asked = cx.replies.remove(before);
    let text = super::inputs::not_an_option_text(cx, &asked.options);
    cx.fitted_reply(text, asked.options);
}
