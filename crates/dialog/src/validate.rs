//! Checks across a loaded set: targets, reachability, duplicates, command collisions, SMS length.

use std::collections::{BTreeSet, VecDeque};

use crate::dialogs::Dialogs;
use crate::engine::matching::norm;
use crate::engine::prompt;
use crate::gsm7;
use crate::model::{Dialog, Kind, Step};
use crate::problem::Problem;
use crate::render;
use crate::types::{Caps, Lang};

/// A long agency name, to measure the `opd` prompt's SMS length.
const SAMPLE_AGENCY: &str = "Dinas Pekerjaan Umum dan Penataan Ruang";

/// Every problem of a compiled set (empty when fine).
pub(crate) fn all(d: &Dialogs) -> Vec<Problem> {
    let mut out = Vec::new();
    for dialog in d.dialogs.values() {
        graph(dialog, &mut out);
        steps(d, dialog, &mut out);
    }
    catalog_sms(d, &mut out);
    out
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
        step_sms(d, dialog, step, out);
    }
}

/// The prompt with numbered options must fit one GSM-7 SMS in every language.
fn step_sms(d: &Dialogs, dialog: &Dialog, step: &Step, out: &mut Vec<Problem>) {
    for lang in Lang::ALL {
        let mut reply = prompt::step_reply(d, step, lang, Caps::SMS);
        if matches!(step.kind, Kind::Opd { .. }) {
            reply.text = crate::dialogs::fill(&reply.text, &[("name", SAMPLE_AGENCY)]);
            reply.options = vec![d.message("btn_opd_correct", lang, &[]), d.message("btn_opd_other", lang, &[])];
        }
        let rendered = render::sms_uncut(&reply, lang, d);
        let line = step.prompt_line.or(Some(step.line));
        if let Some(msg) = too_long(&rendered, lang) {
            out.push(problem(dialog, line, &step.id, format!("{msg}; shorten it or add an `sms` prompt")));
        }
    }
}

fn too_long(rendered: &str, lang: Lang) -> Option<String> {
    let code = lang.code();
    match gsm7::septets(rendered) {
        None => Some(format!("SMS rendering in '{code}' is not GSM-7")),
        Some(n) if n > gsm7::ONE_SMS => {
            Some(format!("SMS rendering in '{code}' is {n} septets (max {})", gsm7::ONE_SMS))
        }
        Some(_) => None,
    }
}

/// Every catalogue message alone, and the welcome with the menu, fit one SMS.
fn catalog_sms(d: &Dialogs, out: &mut Vec<Problem>) {
    let catalog = &d.catalog;
    for key in catalog.messages.keys() {
        for lang in Lang::ALL {
            let reply = if key == "welcome" {
                d.menu_reply(key, lang, &[])
            } else {
                crate::types::Reply { text: d.message(key, lang, &[]), ..Default::default() }
            };
            if let Some(msg) = too_long(&render::sms_uncut(&reply, lang, d), lang) {
                let line = catalog.lines.get(&format!("messages.{key}")).copied();
                out.push(Problem { file: catalog.file.clone(), line, step: Some(key.clone()), message: msg });
            }
        }
    }
}
