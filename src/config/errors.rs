//! Config errors in plain words: where the value came from (the file, or the environment variable), which
//! key, and what is allowed. Secret values are never echoed.

use figment::Figment;
use figment::error::{Actual, Kind};
use figment::value::Value;

/// One line per problem figment found.
pub(super) fn describe(errors: figment::Error, figment: &Figment) -> String {
    errors.into_iter().map(|e| one(&e, figment)).collect::<Vec<_>>().join("\n")
}

/// Adds where the value came from to a `key: problem` message from `Settings::validate`.
pub(super) fn locate(message: String, figment: &Figment) -> String {
    let Some((key, problem)) = message.split_once(": ") else { return message };
    let keys: Vec<&str> = key.split('.').collect();
    match figment.find_metadata(key).map(|m| origin(m, &keys)) {
        Some(Some(origin)) => format!("{key} ({origin}): {problem}"),
        _ => message,
    }
}

fn one(e: &figment::Error, figment: &Figment) -> String {
    let key = e.path.join(".");
    let origin = e.metadata.as_ref().and_then(|m| origin(m, &e.path));
    let what = match &e.kind {
        Kind::InvalidType(actual, expected) | Kind::InvalidValue(actual, expected) => {
            format!("must be {}, not {}", expected_words(expected), actual_words(actual, is_secret(&key)))
        }
        Kind::UnknownField(_, known) => {
            let parent = e.path[..e.path.len().saturating_sub(1)].join(".");
            let place = if parent.is_empty() { "at the top level".to_string() } else { format!("in [{parent}]") };
            format!("is not a setting; the keys {place} are {}", known.join(", "))
        }
        Kind::UnknownVariant(_, allowed) => {
            let given = figment.find_value(&key).ok().map(|v| value_words(&v)).unwrap_or_default();
            format!("must be {}{given}", one_of(allowed))
        }
        Kind::MissingField(field) => format!("{field} is required"),
        Kind::Message(message) if key.is_empty() => message.trim().to_string(),
        Kind::Message(message) => {
            let given = if is_secret(&key) {
                String::new()
            } else {
                figment.find_value(&key).ok().map(|v| value_words(&v)).unwrap_or_default()
            };
            match hint(&key) {
                Some(hint) => format!("must be {hint}{given} ({message})"),
                None => format!("{message}{given}"),
            }
        }
        other => other.to_string(),
    };
    match (key.is_empty(), origin) {
        (true, Some(origin)) => format!("config file ({origin}): {what}"),
        (true, None) => format!("config: {what}"),
        (false, Some(origin)) => format!("{key} ({origin}): {what}"),
        (false, None) => format!("{key}: {what}"),
    }
}

/// "in FILE" or "from the environment variable KENTONGAN_…", when the value came from one of them.
fn origin(metadata: &figment::Metadata, keys: &[impl AsRef<str>]) -> Option<String> {
    if let Some(figment::Source::File(path)) = &metadata.source {
        return Some(format!("in {}", path.display()));
    }
    if metadata.name.contains("environment") {
        let var: Vec<String> = keys.iter().map(|k| k.as_ref().to_ascii_uppercase()).collect();
        return Some(format!("from the environment variable KENTONGAN_{}", var.join("__")));
    }
    None
}

/// "a or b", "a, b or c".
fn one_of(words: &[&str]) -> String {
    match words.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => "nothing".into(),
    }
}

/// Keys whose values are never shown, even when they are wrong.
fn is_secret(key: &str) -> bool {
    let last = key.rsplit('.').next().unwrap_or(key);
    ["token", "secret", "key", "password"].iter().any(|s| last.contains(s))
}

/// What a key with its own syntax takes, for the messages serde gives without saying so.
fn hint(key: &str) -> Option<&'static str> {
    match key {
        "server.listen" => Some("an IP address and a port, such as 127.0.0.1:8080"),
        _ => None,
    }
}

/// serde's names for what it expected, in plain words.
fn expected_words(expected: &str) -> String {
    let words = match expected {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a string" | "a borrowed string" => "text in quotes",
        "a boolean" => "true or false",
        "a sequence" => "a list, such as [\"a\", \"b\"]",
        "a map" => "a table of keys",
        e if e.starts_with("struct ") => "a section of keys",
        e if e.starts_with("a character") => "one character",
        other => other,
    };
    words.to_string()
}

fn actual_words(actual: &Actual, secret: bool) -> String {
    let value = |shown: String| if secret { String::new() } else { format!(" {shown}") };
    match actual {
        Actual::Bool(b) => format!("{b}"),
        Actual::Unsigned(n) => format!("the number{}", value(n.to_string())),
        Actual::Signed(n) => format!("the number{}", value(n.to_string())),
        Actual::Float(n) => format!("the number{}", value(n.to_string())),
        Actual::Char(c) => format!("the text{}", value(format!("{c:?}"))),
        Actual::Str(s) => format!("the text{}", value(format!("{s:?}"))),
        Actual::Seq => "a list".into(),
        Actual::Map => "a table".into(),
        Actual::Unit | Actual::Option => "nothing".into(),
        other => other.to_string(),
    }
}

/// ", not <the value>" for a plain value; empty for tables and lists.
fn value_words(value: &Value) -> String {
    match value {
        Value::String(..) | Value::Num(..) | Value::Bool(..) | Value::Char(..) => {
            format!(", not {}", actual_words(&value.to_actual(), false))
        }
        _ => String::new(),
    }
}
