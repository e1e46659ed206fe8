//! Checks across a loaded set: targets, reachability, duplicates, command collisions, `[oneshot]`,
//! defaults, SMS length and the right words per channel.

mod channels;
mod oneshot;
mod sms;
mod whatsapp;

use std::collections::{BTreeSet, VecDeque};

use crate::dialogs::Dialogs;
use crate::engine::matching::norm;
use crate::model::{Dialog, Kind, Step, StepDefault};
use crate::problem::Problem;

/// Every problem of a compiled set (empty when fine).
pub(crate) fn all(d: &Dialogs) -> Vec<Problem> {
    let mut out = Vec::new();
    for dialog in d.dialogs.values() {
        graph(dialog, &mut out);
        steps(d, dialog, &mut out);
        oneshot::check(dialog, &mut out);
        defaults(dialog, &mut out);
    }
    sms::catalog(d, &mut out);
    channels::check(d, &mut out);
    out
}

/// A choice step's `default` names one of its options; `open_with_text` needs a `text` first step.
fn defaults(dialog: &Dialog, out: &mut Vec<Problem>) {
    for step in &dialog.steps {
        if let Some(StepDefault::Choice(value)) = &step.default
            && !step.options.iter().any(|o| &o.value == value)
        {
            let values: Vec<&str> = step.options.iter().map(|o| o.value.as_str()).collect();
            let msg = format!("default '{value}' is not an option value (known: {})", values.join(", "));
            out.push(problem(dialog, step.default_line, &step.id, msg));
        }
    }
    let first = dialog.step(&dialog.first);
    if dialog.open_with_text && first.is_some_and(|s| !matches!(s.kind, Kind::Text { .. })) {
        let msg = format!("open_with_text needs a `text` first step, and '{}' is not one", dialog.first);
        out.push(problem(dialog, dialog.open_with_text_line, &dialog.first, msg));
    }
}

fn problem(dialog: &Dialog, line: Option<usize>, step: &str, message: String) -> Problem {
    Problem { file: dialog.file.clone(), line, step: Some(step.to_owned()), message }
}

/// Unknown targets, duplicate ids, dead ends and steps no path reaches.
fn graph(dialog: &Dialog, out: &mut Vec<Problem>) {
    let mut seen = BTreeSet::new();
    for step in &dialog.steps {
        if !seen.insert(&step.id) {
            out.push(problem(dialog, Some(step.line), &step.id, format!("duplicate step id '{}'", step.id)));
        }
        for (target, line) in targets(step) {
            if dialog.step(target).is_none() {
                out.push(problem(dialog, line, &step.id, format!("unknown target '{target}'")));
            }
        }
        let ends = step.next.is_none() && !step.options.iter().all(|o| o.next.is_some());
        if ends && !matches!(step.kind, Kind::Confirm) {
            out.push(problem(
                dialog,
                Some(step.line),
                &step.id,
                "no `next` (only a confirm step may end a dialog)".into(),
            ));
        }
    }
    if dialog.confirm().is_none() {
        let first = dialog.steps.first().map_or(1, |s| s.line);
        out.push(problem(dialog, Some(first), &dialog.first, "the dialog has no confirm step".into()));
    }
    let reached = reachable(dialog);
    for step in dialog.steps.iter().filter(|s| !reached.contains(&s.id)) {
        out.push(problem(dialog, Some(step.line), &step.id, format!("unreachable from '{}'", dialog.first)));
    }
}

fn targets(step: &Step) -> Vec<(&str, Option<usize>)> {
    let mut list: Vec<_> = step.next.iter().map(|n| (n.as_str(), step.next_line)).collect();
    list.extend(step.options.iter().filter_map(|o| Some((o.next.as_deref()?, o.next_line))));
    list
}

fn reachable(dialog: &Dialog) -> BTreeSet<String> {
    let mut reached = BTreeSet::new();
    let mut queue = VecDeque::from([dialog.first.clone()]);
    while let Some(id) = queue.pop_front() {
        let Some(step) = dialog.step(&id) else {
            continue;
        };
        if reached.insert(id) {
            queue.extend(targets(step).into_iter().map(|(t, _)| t.to_owned()));
        }
    }
    reached
}

/// Per step: duplicate option values, labels that a global command would swallow, opd sources, SMS length.
fn steps(d: &Dialogs, dialog: &Dialog, out: &mut Vec<Problem>) {
    let commands: Vec<(String, &str)> =
        d.catalog.commands.iter().flat_map(|(name, list)| list.iter().map(move |a| (norm(a), name.as_str()))).collect();
    let fields: Vec<&str> = dialog.steps.iter().filter_map(|s| s.field.as_deref()).collect();
    for step in &dialog.steps {
        let mut values = BTreeSet::new();
        for option in &step.options {
            if !values.insert(&option.value) {
                let msg = format!("duplicate option value '{}'", option.value);
                out.push(problem(dialog, Some(option.line), &step.id, msg));
            }
            for name in option.label.all().chain(option.aliases.iter().map(String::as_str)) {
                if let Some((_, cmd)) = commands.iter().find(|(a, _)| *a == norm(name)) {
                    let msg = format!("option '{name}' collides with the alias of global command '{cmd}'");
                    out.push(problem(dialog, Some(option.line), &step.id, msg));
                }
            }
        }
        if let Kind::Opd { source, .. } = &step.kind
            && !fields.contains(&source.as_str())
        {
            out.push(problem(dialog, Some(step.line), &step.id, format!("unknown source field '{source}'")));
        }
        sms::step(d, dialog, step, out);
    }
}
