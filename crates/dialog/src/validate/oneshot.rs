//! `[oneshot]`: every key a choice step's field, every value one of its options, a text first step.

use super::problem;
use crate::model::{Dialog, Kind};
use crate::problem::Problem;

const WHERE: &str = "oneshot";

/// Problems of a dialog's `[oneshot]` table (none when it has no table).
pub(super) fn check(dialog: &Dialog, out: &mut Vec<Problem>) {
    let Some(presets) = &dialog.oneshot else {
        return;
    };
    let first = dialog.step(&dialog.first);
    if first.is_some_and(|s| !matches!(s.kind, Kind::Text { .. })) {
        let line = presets.iter().map(|p| p.line).min();
        let msg = format!("the first step '{}' must be a `text` step (it takes the SMS text)", dialog.first);
        out.push(problem(dialog, line, WHERE, msg));
    }
    for preset in presets {
        let at = Some(preset.line);
        let Some(step) = dialog.steps.iter().find(|s| s.field.as_deref() == Some(preset.field.as_str())) else {
            out.push(problem(dialog, at, WHERE, format!("'{}' is not the field of any step", preset.field)));
            continue;
        };
        if !matches!(step.kind, Kind::Choice) {
            let msg = format!("'{}' is not the field of a choice step (step '{}')", preset.field, step.id);
            out.push(problem(dialog, at, WHERE, msg));
            continue;
        }
        if !step.options.iter().any(|o| o.value == preset.value) {
            let values: Vec<&str> = step.options.iter().map(|o| o.value.as_str()).collect();
            let msg =
                format!("{} = '{}' is not an option value (known: {})", preset.field, preset.value, values.join(", "));
            out.push(problem(dialog, at, WHERE, msg));
        }
    }
}
