//! Moving through a dialog: entering steps (skipping what the channel cannot do), accepting, going back.

use super::{Cx, confirm, oneshot, opd, prompt, summary};
use crate::model::{Kind, Step, StepDefault};
use crate::state::Pending;
use crate::types::{Answer, Reply};

impl<'a> Cx<'a> {
    /// Opens a fresh draft of the main dialog at its first step.
    pub fn start_draft(&mut self) {
        self.st.clear_draft();
        let Some(dialog) = self.d.main_dialog() else {
            return self.menu("error_try_again", &[]);
        };
        self.st.dialog = Some(dialog.id.clone());
        self.enter(dialog.first.clone());
    }

    /// Makes `id` the current step and asks it; photo steps on media-less channels, `opd` steps without a
    /// suggester (or whose proposal goes to the summary) and steps with a `default` are passed over
    /// (bounded by the step count, so a cycle cannot hang us).
    pub fn enter(&mut self, id: String) {
        let Some(dialog) = self.dialog() else {
            return self.menu("error_try_again", &[]);
        };
        let mut id = id;
        for _ in 0..=dialog.steps.len() {
            let Some(step) = dialog.step(&id) else { break };
            self.st.step = Some(id.clone());
            let skipped = match &step.kind {
                Kind::Photos { .. } if !self.ev.caps.media => {
                    self.note_no_photos();
                    self.record(step, Answer::Skipped);
                    true
                }
                Kind::Opd { .. } => !opd::ask(self, step),
                Kind::Confirm => {
                    self.st.editing = false;
                    false
                }
                _ => self.answer_by_default(step),
            };
            if !skipped {
                return self.show_step(step);
            }
            match self.next_of(step, self.chosen_next(step)) {
                Some(next) => id = next,
                None => break,
            }
        }
        self.st.clear_draft();
        self.menu("error_try_again", &[]);
    }

    /// A step with a `default` is not asked (unless "Ubah" chose it): it keeps its answer, or gets the
    /// default. True when passed over.
    fn answer_by_default(&mut self, step: &Step) -> bool {
        let (Some(default), Some(field)) = (&step.default, &step.field) else {
            return false;
        };
        if self.st.editing {
            return false;
        }
        if !self.st.answers.contains_key(field) {
            let answer = match default {
                StepDefault::Today => Answer::Date(self.ev.today),
                StepDefault::Choice(value) => Answer::Choice(value.clone()),
            };
            self.record(step, answer);
        }
        true
    }

    /// The `next` of the option a choice step's answer names, if it has its own.
    fn chosen_next<'s>(&self, step: &'s Step) -> Option<&'s str> {
        let Some(Answer::Choice(value)) = step.field.as_ref().and_then(|f| self.st.answers.get(f)) else {
            return None;
        };
        step.options.iter().find(|o| &o.value == value)?.next.as_deref()
    }

    fn note_no_photos(&mut self) {
        if !self.st.photo_note_shown {
            self.st.photo_note_shown = true;
            self.say("photos_not_supported", &[]);
        }
    }

    pub(crate) fn record(&mut self, step: &Step, answer: Answer) {
        if let Some(field) = &step.field {
            self.st.answers.insert(field.clone(), answer);
        }
    }

    /// Where to go after `step`: back to the summary while editing, else the option's or step's `next`.
    fn next_of(&self, step: &Step, option_next: Option<&str>) -> Option<String> {
        if self.st.editing && step.kind != Kind::Confirm {
            return self.dialog()?.confirm().map(|c| c.id.clone());
        }
        option_next.map(str::to_owned).or_else(|| step.next.clone())
    }

    /// Records a valid answer and moves on; a one-shot waiting for its place is filed instead.
    pub fn accept(&mut self, step: &Step, answer: Answer, option_next: Option<&str>) {
        self.record(step, answer);
        if let Some(waiting) = self.st.oneshot.take() {
            return oneshot::finish(self, waiting);
        }
        self.st.back.push(step.id.clone());
        self.st.pending = None;
        match self.next_of(step, option_next) {
            Some(next) => self.enter(next),
            None => self.show_current(),
        }
    }

    /// `/kembali`: leave a side question, or return to the previous step keeping its answer.
    pub fn go_back(&mut self) {
        if self.st.pending.take().is_some() && self.st.step.is_some() {
            return self.show_current();
        }
        if self.st.step.is_none() {
            return self.menu("welcome", &[]);
        }
        self.st.editing = false;
        match self.st.back.pop() {
            Some(prev) => self.enter(prev),
            None => {
                self.say("back_at_start", &[]);
                self.show_current();
            }
        }
    }

    /// Asks again whatever is open: the side question, the current step, or the menu.
    pub fn show_current(&mut self) {
        if let Some(pending) = self.st.pending.clone() {
            return super::menu::ask_pending(self, &pending);
        }
        match self.current() {
            Some(step) if matches!(step.kind, Kind::Opd { .. }) => self.enter(step.id.clone()),
            Some(step) => self.show_step(step),
            None => self.menu("welcome", &[]),
        }
    }

    fn show_step(&mut self, step: &Step) {
        if matches!(step.kind, Kind::Confirm) {
            return summary::show_summary(self, step);
        }
        if matches!(step.kind, Kind::Opd { .. }) {
            return; // opd::ask has already spoken
        }
        let mut reply = prompt::step_reply(self.d, step, self.lang(), self.ev.caps);
        reply.options = self.step_options(step);
        if self.st.oneshot.is_some() && matches!(step.kind, Kind::LocationOrText { .. }) {
            reply.text = self.msg("oneshot_ask_location", &[]);
        }
        // Back at the photo step (/kembali, Ubah): the photos sent before are kept, and it says so.
        if let Kind::Photos { max } = step.kind
            && self.photos_so_far(step) > 0
        {
            let (n, max) = (self.photos_so_far(step).to_string(), max.to_string());
            reply.text = self.msg("photos_kept", &[("n", &n), ("max", &max)]);
        }
        self.replies.push(reply);
    }

    /// How many photos the draft holds for a photo step.
    pub fn photos_so_far(&self, step: &Step) -> usize {
        match step.field.as_ref().and_then(|f| self.st.answers.get(f)) {
            Some(Answer::Photos(list)) => list.len(),
            _ => 0,
        }
    }

    /// The current buttons of `step` (photo steps switch from [Lewati] to [Selesai]; the summary offers
    /// [Ganti instansi] when its agency was proposed there).
    pub fn step_options(&self, step: &Step) -> Vec<String> {
        if matches!(step.kind, Kind::Confirm) {
            return confirm::buttons(self).iter().map(|k| self.msg(k, &[])).collect();
        }
        prompt::options(self.d, step, self.lang(), self.photos_so_far(step))
    }

    /// Re-asks `step` after a failed validation: the explanation, with the step's buttons.
    pub fn reask(&mut self, step: &Step, text: String) {
        let ask_location = matches!(step.kind, Kind::LocationOrText { .. }) && self.ev.caps.location_button;
        let options = self.step_options(step);
        self.replies.push(Reply { text, options, ask_location });
    }

    /// Sets a side question and asks it.
    pub fn ask(&mut self, pending: Pending) {
        self.st.pending = Some(pending.clone());
        super::menu::ask_pending(self, &pending);
    }
}
