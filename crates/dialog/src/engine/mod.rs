//! The pure conversation engine: `advance(dialogs, state, event)` → new state, replies, effects.

mod commands;
mod confirm;
mod contact;
mod date;
mod fit;
mod flow;
mod inputs;
pub(crate) mod matching;
mod menu;
mod oneshot;
mod opd;
pub(crate) mod prompt;
mod summary;

use crate::dialogs::Dialogs;
use crate::model::{Dialog, Kind, Step};
use crate::state::State;
use chrono::NaiveDate;

use crate::types::{Caps, Effect, Event, Input, Lang, Outcome, Reply};

/// One step of the conversation. Pure and total: no I/O, no clock, no panics.
pub fn advance(dialogs: &Dialogs, state: State, event: &Event) -> Outcome {
    let mut cx = Cx { d: dialogs, ev: event, st: state, replies: Vec::new(), effects: Vec::new() };
    cx.run();
    Outcome { state: cx.st, replies: cx.replies, effects: cx.effects }
}

/// The open question of `state` asked again, as `advance` would ask it on a channel with `caps`: the side
/// question, the current step, or the menu. The app sends it after its own answer to an effect (a status
/// lookup in the middle of a report), so the draft's question is the last thing the citizen reads.
pub fn ask_again(dialogs: &Dialogs, state: &State, caps: Caps, today: NaiveDate) -> Vec<Reply> {
    let event = Event { caps, today, input: Input::Unsupported, lang_hint: None };
    let mut cx = Cx { d: dialogs, ev: &event, st: state.clone(), replies: Vec::new(), effects: Vec::new() };
    cx.show_current();
    cx.replies
}

/// The working context of one `advance`.
pub(crate) struct Cx<'a> {
    pub d: &'a Dialogs,
    pub ev: &'a Event,
    pub st: State,
    pub replies: Vec<Reply>,
    pub effects: Vec<Effect>,
}

impl<'a> Cx<'a> {
    fn run(&mut self) {
        if !self.st.lang_chosen
            && let Some(hint) = self.ev.lang_hint
        {
            self.st.lang = hint;
        }
        // At first contact, one line on what is stored and who sees it (UU 27/2022), before anything else.
        if !self.st.notice_shown {
            self.st.notice_shown = true;
            self.say("privacy_notice", &[]);
        }
        if self.repair_stale() {
            return;
        }
        if let Input::Contact { phone, own } = &self.ev.input {
            return contact::shared(self, phone, *own);
        }
        if let Input::Text(text) = &self.ev.input
            && let Some(cmd) = commands::parse(self.d, text, self.st.has_draft() && !self.st.awaits_oneshot_place())
        {
            return commands::run(self, cmd);
        }
        if let Some(pending) = self.st.pending.clone() {
            return menu::answer_pending(self, pending);
        }
        match self.current() {
            Some(step) => inputs::answer(self, step, &self.ev.input),
            None => menu::answer_menu(self),
        }
    }

    /// A saved state whose dialog or step vanished resumes at the first unanswered step, with a note.
    fn repair_stale(&mut self) -> bool {
        let Some(step_id) = self.st.step.clone() else {
            return false;
        };
        let Some(dialog) = self.dialog() else {
            self.st.clear_draft();
            return false;
        };
        if dialog.step(&step_id).is_some() {
            return false;
        }
        self.st.back.retain(|id| dialog.step(id).is_some());
        self.st.pending = None;
        self.st.editing = false;
        let resume = dialog
            .steps
            .iter()
            .find(|s| s.field.as_ref().is_some_and(|f| !self.st.answers.contains_key(f)))
            .or_else(|| dialog.confirm());
        // A one-shot waiting for its place still files on the place, if that is what is asked next.
        if !resume.is_some_and(|s| matches!(s.kind, Kind::LocationOrText { .. })) {
            self.st.oneshot = None;
        }
        let resume = resume.map(|s| s.id.clone());
        self.say("dialog_updated", &[]);
        match resume {
            Some(id) => self.enter(id),
            None => self.menu("welcome", &[]),
        }
        true
    }

    pub fn lang(&self) -> Lang {
        self.st.lang
    }

    /// The draft's dialog (or the main one when none is chosen yet).
    pub fn dialog(&self) -> Option<&'a Dialog> {
        match &self.st.dialog {
            Some(id) => self.d.dialogs.get(id),
            None => self.d.main_dialog(),
        }
    }

    pub fn current(&self) -> Option<&'a Step> {
        self.dialog()?.step(self.st.step.as_deref()?)
    }

    /// A catalogue message in the citizen's language, worded for their channel (`[sms]` on SMS).
    pub fn msg(&self, key: &str, params: &[(&str, &str)]) -> String {
        self.d.message_on(key, self.lang(), self.ev.caps, params)
    }

    /// A text-only reply from the catalogue.
    pub fn say(&mut self, key: &str, params: &[(&str, &str)]) {
        let text = self.msg(key, params);
        self.reply(text, Vec::new());
    }

    pub fn reply(&mut self, text: String, options: Vec<String>) {
        self.replies.push(Reply { text, options, ask_location: false });
    }

    /// A catalogue message with the main-menu buttons.
    pub fn menu(&mut self, key: &str, params: &[(&str, &str)]) {
        self.replies.push(self.d.menu_reply_on(key, self.lang(), self.ev.caps, params));
    }
}
