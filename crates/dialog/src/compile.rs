//! Turns parsed TOML into the engine model, reporting syntax errors, bad kinds and missing translations.

use std::collections::BTreeMap;

use toml::Spanned;

use crate::model::{Catalog, Dialog, Kind, L10n, Opt, Preset, Propose, Step, StepDefault};
use crate::problem::Sink;
use crate::raw::{RawCatalog, RawDialog, RawOption, RawStep, Texts};
use crate::types::Lang;

fn parse<T: serde::de::DeserializeOwned>(sink: &mut Sink) -> Option<T> {
    match toml::from_str::<T>(sink.source) {
        Ok(value) => Some(value),
        Err(e) => {
            let message = e.message().trim().replace('\n', " ");
            sink.at(e.span().map(|s| s.start), None, format!("invalid TOML: {message}"));
            None
        }
    }
}

/// Compiles one dialog file; `None` if it cannot be parsed at all.
pub(crate) fn compile_dialog(sink: &mut Sink) -> Option<Dialog> {
    let raw: RawDialog = parse(sink)?;
    let fallback = sink.file.rsplit('/').next().unwrap_or("dialog").trim_end_matches(".toml");
    let id = raw.id.clone().unwrap_or_else(|| fallback.to_owned());
    let steps: Vec<Step> = raw.steps.iter().map(|s| compile_step(sink, s)).collect();
    let first = match &raw.first {
        Some(first) => first.get_ref().clone(),
        None => steps.first().map(|s| s.id.clone()).unwrap_or_default(),
    };
    if steps.is_empty() {
        sink.at(None, None, "the dialog has no [[steps]]");
    } else if let Some(f) = &raw.first
        && !steps.iter().any(|s| s.id == *f.get_ref())
    {
        sink.at(Some(f.span().start), None, format!("unknown first step '{}'", f.get_ref()));
    }
    let oneshot = raw.oneshot.as_ref().map(|table| {
        let preset = |(field, value): (&String, &Spanned<String>)| Preset {
            field: field.clone(),
            value: value.get_ref().clone(),
            line: sink.line_of(value.span().start),
        };
        table.iter().map(preset).collect()
    });
    let open_with_text = raw.open_with_text.as_ref().is_some_and(|o| *o.get_ref());
    let open_with_text_line = raw.open_with_text.as_ref().map(|o| sink.line_of(o.span().start));
    Some(Dialog { id, file: sink.file.clone(), first, steps, oneshot, open_with_text, open_with_text_line })
}

fn compile_step(sink: &mut Sink, raw: &RawStep) -> Step {
    let id = raw.id.get_ref().clone();
    let at = raw.id.span().start;
    let kind = compile_kind(sink, raw, &id);
    let needs_field = !matches!(kind, Kind::Confirm);
    if needs_field && raw.field.is_none() {
        sink.at(Some(at), Some(&id), "missing `field` (the answer's name in the report)");
    }
    let prompt = texts(sink, &id, "prompt", raw.prompt.as_ref(), at);
    let title = match (&raw.title, needs_field) {
        (None, false) => L10n::default(),
        (title, _) => texts(sink, &id, "title", title.as_ref(), at),
    };
    let sms = optional_texts(sink, &id, raw.sms.as_ref());
    if matches!(kind, Kind::Choice) && raw.options.is_empty() {
        sink.at(Some(at), Some(&id), "a choice step needs [[steps.options]]");
    }
    let options = raw.options.iter().map(|o| compile_option(sink, &id, o)).collect();
    let default = compile_default(sink, raw, &kind, &id);
    Step {
        id,
        field: raw.field.clone(),
        title,
        kind,
        prompt,
        sms,
        next: raw.next.as_ref().map(|n| n.get_ref().clone()),
        options,
        line: sink.line_of(at),
        next_line: raw.next.as_ref().map(|n| sink.line_of(n.span().start)),
        prompt_line: raw.prompt.as_ref().map(|p| sink.line_of(p.span().start)),
        default,
        default_line: raw.default.as_ref().map(|d| sink.line_of(d.span().start)),
    }
}

/// `default = "today"` on a date step, `default = "<option value>"` on a choice step (checked by `validate`).
fn compile_default(sink: &mut Sink, raw: &RawStep, kind: &Kind, id: &str) -> Option<StepDefault> {
    let value = raw.default.as_ref()?;
    let at = Some(value.span().start);
    match (kind, value.get_ref().as_str()) {
        (Kind::Date, "today") => Some(StepDefault::Today),
        (Kind::Date, other) => {
            sink.at(at, Some(id), format!("a date step's `default` can only be \"today\", not '{other}'"));
            None
        }
        (Kind::Choice, v) => Some(StepDefault::Choice(v.to_owned())),
        _ => {
            sink.at(at, Some(id), "`default` works on `date` and `choice` steps only");
            None
        }
    }
}

fn compile_kind(sink: &mut Sink, raw: &RawStep, id: &str) -> Kind {
    let min = raw.min.unwrap_or(1);
    let kind = match raw.kind.get_ref().as_str() {
        "text" => Kind::Text { min, max: raw.max.unwrap_or(4000) },
        "choice" => Kind::Choice,
        "location_or_text" => Kind::LocationOrText { min },
        "date" => Kind::Date,
        "photos" => Kind::Photos { max: raw.max.unwrap_or(3).max(1) },
        "yes_no" => Kind::YesNo,
        "confirm" => Kind::Confirm,
        "opd" => {
            let source = raw.source.as_ref().map(|s| s.get_ref().clone()).unwrap_or_default();
            if source.is_empty() {
                sink.at(Some(raw.id.span().start), Some(id), "an opd step needs `source`");
            }
            let propose = match raw.propose.as_ref().map(|p| p.get_ref().as_str()) {
                None | Some("ask") => Propose::Ask,
                Some("summary") => Propose::Summary,
                Some(other) => {
                    let at = raw.propose.as_ref().map(|p| p.span().start);
                    sink.at(at, Some(id), format!("unknown propose '{other}' (known: ask, summary)"));
                    Propose::Ask
                }
            };
            Kind::Opd { source, threshold: raw.threshold.unwrap_or(0.6), propose }
        }
        other => {
            let known = "text, choice, location_or_text, date, photos, yes_no, confirm, opd";
            let msg = format!("unknown kind '{other}' (known: {known})");
            sink.at(Some(raw.kind.span().start), Some(id), msg);
            Kind::Text { min, max: 4000 }
        }
    };
    if let Kind::Text { min, max } = kind
        && min > max
    {
        sink.at(Some(raw.id.span().start), Some(id), format!("min {min} is above max {max}"));
    }
    kind
}

fn compile_option(sink: &mut Sink, step: &str, raw: &RawOption) -> Opt {
    let at = raw.value.span().start;
    Opt {
        value: raw.value.get_ref().clone(),
        label: texts(sink, step, "label", Some(&raw.label), at),
        short: raw.short.as_ref().map(|s| texts(sink, step, "short", Some(s), at)),
        aliases: raw.aliases.clone(),
        next: raw.next.as_ref().map(|n| n.get_ref().clone()),
        line: sink.line_of(at),
        next_line: raw.next.as_ref().map(|n| sink.line_of(n.span().start)),
    }
}

/// A translated text: every language present and non-empty, no unknown language keys.
fn texts(sink: &mut Sink, step: &str, what: &str, raw: Option<&Spanned<Texts>>, at: usize) -> L10n {
    let Some(raw) = raw else {
        sink.at(Some(at), Some(step), format!("missing `{what}`"));
        return L10n::default();
    };
    let at = raw.span().start;
    let mut out = L10n::default();
    for lang in Lang::ALL {
        match raw.get_ref().get(lang.code()).filter(|t| !t.trim().is_empty()) {
            Some(text) => out.0[lang.index()] = text.clone(),
            None => sink.at(Some(at), Some(step), format!("{what} has no '{}' translation", lang.code())),
        }
    }
    unknown_langs(sink, step, what, raw);
    out
}

fn optional_texts(sink: &mut Sink, step: &str, raw: Option<&Spanned<Texts>>) -> [Option<String>; 3] {
    let mut out: [Option<String>; 3] = Default::default();
    if let Some(raw) = raw {
        for lang in Lang::ALL {
            out[lang.index()] = raw.get_ref().get(lang.code()).cloned();
        }
        unknown_langs(sink, step, "sms", raw);
    }
    out
}

fn unknown_langs(sink: &mut Sink, step: &str, what: &str, raw: &Spanned<Texts>) {
    for key in raw.get_ref().keys().filter(|k| Lang::parse(k).is_none()) {
        let msg = format!("{what} has unknown language '{key}' (use id, jv, en)");
        sink.at(Some(raw.span().start), Some(step), msg);
    }
}

/// Compiles `messages.toml`; `None` if it cannot be parsed.
pub(crate) fn compile_catalog(sink: &mut Sink) -> Option<Catalog> {
    let raw: RawCatalog = parse(sink)?;
    let messages = texts_map(sink, &raw.messages);
    let status = texts_map(sink, &raw.status);
    let sms = texts_map(sink, &raw.sms);
    for (key, t) in raw.sms.iter().filter(|(k, _)| !raw.messages.contains_key(*k)) {
        sink.at(
            Some(t.span().start),
            Some(key),
            "[sms] words a message on SMS, but there is no [messages] entry of that key",
        );
    }
    let commands: BTreeMap<_, _> = raw.commands.iter().map(|(k, v)| (k.clone(), v.get_ref().clone())).collect();
    use crate::model::{REQUIRED_COMMANDS, REQUIRED_MESSAGES, REQUIRED_STATUSES};
    let gone = missing(&raw.messages, "messages", REQUIRED_MESSAGES)
        .chain(missing(&raw.status, "status", REQUIRED_STATUSES))
        .chain(missing(&raw.commands, "commands", REQUIRED_COMMANDS));
    for message in gone.collect::<Vec<_>>() {
        sink.at(None, None, message);
    }
    let aliases = raw.aliases.clone();
    let mut lines = BTreeMap::new();
    for (key, t) in &raw.messages {
        lines.insert(format!("messages.{key}"), sink.line_of(t.span().start));
    }
    for (key, t) in &raw.status {
        lines.insert(format!("status.{key}"), sink.line_of(t.span().start));
    }
    for (key, c) in &raw.commands {
        lines.insert(format!("commands.{key}"), sink.line_of(c.span().start));
    }
    for (key, t) in &raw.sms {
        lines.insert(format!("sms.{key}"), sink.line_of(t.span().start));
    }
    Some(Catalog { file: sink.file.clone(), messages, status, commands, aliases, sms, lines })
}

fn texts_map(sink: &mut Sink, raw: &BTreeMap<String, Spanned<Texts>>) -> BTreeMap<String, L10n> {
    raw.iter().map(|(key, t)| (key.clone(), texts(sink, key, "message", Some(t), t.span().start))).collect()
}

fn missing<'a, V>(
    have: &'a BTreeMap<String, V>,
    table: &'a str,
    need: &'a [&'a str],
) -> impl Iterator<Item = String> + 'a {
    need.iter().filter(|k| !have.contains_key(**k)).map(move |k| format!("[{table}] is missing '{k}'"))
}
