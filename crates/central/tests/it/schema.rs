//! A small JSON Schema validator for the subset the OpenAPI document uses (type incl. `null` and type
//! lists, `nullable`, required, properties, additionalProperties: false, enum, items, min/maxLength,
//! minimum/maximum, format date|date-time|uuid|uri, local `$ref`). An unknown keyword is an error, so a
//! schema can never pass by being ignored. Its own tests below prove it can fail.

use serde_json::{Map, Value};

const ANNOTATIONS: &[&str] = &["description", "title", "example", "examples", "deprecated"];

/// Validates `value` against `schema`; `root` resolves `#/...` references. Returns every violation.
pub fn validate(root: &Value, schema: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(root, schema, value, "$", &mut errors);
    errors
}

fn check(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let Some(schema) = schema.as_object() else {
        return errors.push(format!("{at}: schema is not an object"));
    };
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        match resolve(root, reference) {
            Some(target) => check(root, target, value, at, errors),
            None => errors.push(format!("{at}: unresolved $ref {reference}")),
        }
    }
    if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
        return;
    }
    for (keyword, arg) in schema {
        keyword_check(root, keyword, arg, schema, value, at, errors);
    }
}

fn keyword_check(
    root: &Value,
    kw: &str,
    arg: &Value,
    schema: &Map<String, Value>,
    value: &Value,
    at: &str,
    errors: &mut Vec<String>,
) {
    let fail = |errors: &mut Vec<String>, what: String| errors.push(format!("{at}: {what}"));
    match kw {
        "$ref" | "nullable" => {}
        "type" => {
            let allowed: Vec<&str> = match arg {
                Value::String(t) => vec![t.as_str()],
                Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                _ => return fail(errors, "bad type keyword".into()),
            };
            if !allowed.iter().any(|t| has_type(value, t)) {
                fail(errors, format!("expected {allowed:?}, got {value}"));
            }
        }
        "required" => {
            for name in arg.as_array().into_iter().flatten().filter_map(Value::as_str) {
                if value.as_object().is_some_and(|o| !o.contains_key(name)) {
                    fail(errors, format!("missing required property {name}"));
                }
            }
        }
        "properties" => {
            let (Some(props), Some(obj)) = (arg.as_object(), value.as_object()) else { return };
            for (name, sub) in props {
                if let Some(v) = obj.get(name) {
                    check(root, sub, v, &format!("{at}.{name}"), errors);
                }
            }
        }
        "additionalProperties" => {
            let (Some(false), Some(obj)) = (arg.as_bool(), value.as_object()) else { return };
            let known = schema.get("properties").and_then(Value::as_object);
            for name in obj.keys().filter(|k| !known.is_some_and(|p| p.contains_key(*k))) {
                fail(errors, format!("unexpected property {name}"));
            }
        }
        "items" => {
            for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                check(root, arg, item, &format!("{at}[{i}]"), errors);
            }
        }
        "enum" if !arg.as_array().is_some_and(|options| options.contains(value)) => {
            fail(errors, format!("{value} is not one of {arg}"));
        }
        "enum" => {}
        "format" => check_format(arg.as_str().unwrap_or(""), value, at, errors),
        "minLength" | "maxLength" => check_length(kw, arg, value, at, errors),
        "minimum" | "maximum" => check_bound(kw, arg, value, at, errors),
        _ if ANNOTATIONS.contains(&kw) => {}
        _ => fail(errors, format!("unsupported schema keyword {kw}")),
    }
}

fn has_type(value: &Value, t: &str) -> bool {
    match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    }
}

fn check_format(format: &str, value: &Value, at: &str, errors: &mut Vec<String>) {
    let Some(s) = value.as_str() else { return };
    let ok = match format {
        "date" => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10,
        "date-time" => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
        "uuid" => uuid::Uuid::parse_str(s).is_ok_and(|u| u.hyphenated().to_string() == s.to_lowercase()),
        "uri" => url::Url::parse(s).is_ok(),
        other => return errors.push(format!("{at}: unsupported format {other}")),
    };
    if !ok {
        errors.push(format!("{at}: {s:?} is not a valid {format}"));
    }
}

fn check_length(kw: &str, arg: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let (Some(s), Some(limit)) = (value.as_str(), arg.as_u64()) else { return };
    let len = s.chars().count() as u64;
    if (kw == "minLength" && len < limit) || (kw == "maxLength" && len > limit) {
        errors.push(format!("{at}: length {len} violates {kw} {limit}"));
    }
}

fn check_bound(kw: &str, arg: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let (Some(n), Some(limit)) = (value.as_f64(), arg.as_f64()) else { return };
    if (kw == "minimum" && n < limit) || (kw == "maximum" && n > limit) {
        errors.push(format!("{at}: {n} violates {kw} {limit}"));
    }
}

/// Resolves a local JSON pointer reference such as `#/components/schemas/CreateTicket`.
pub fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    root.pointer(reference.strip_prefix('#')?)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn root() -> Value {
        json!({ "components": { "schemas": {
            "Thing": {
                "type": "object", "additionalProperties": false, "required": ["id", "kind", "on"],
                "properties": {
                    "id": { "type": "string", "format": "uuid" },
                    "kind": { "type": "string", "enum": ["a", "b"], "maxLength": 1 },
                    "on": { "type": ["string", "null"], "format": "date" },
                    "at": { "type": "string", "format": "date-time" },
                    "lat": { "type": "number", "minimum": -90, "maximum": 90 },
                    "old": { "type": "string", "nullable": true },
                    "tags": { "type": "array", "items": { "type": "string", "minLength": 1 } }
                }
            }
        }}})
    }

    fn errors(value: Value) -> Vec<String> {
        let root = root();
        validate(&root, &json!({ "$ref": "#/components/schemas/Thing" }), &value)
    }

    const ID: &str = "0b5e2f4c-6c1e-4a53-9d43-2f1c7a9e8b10";

    #[test]
    fn a_valid_value_passes() {
        let ok = json!({ "id": ID, "kind": "a", "on": null, "at": "2026-11-20T09:00:00+07:00", "lat": -6.9,
                         "old": null, "tags": ["x"] });
        assert_eq!(errors(ok), Vec::<String>::new());
    }

    #[test]
    fn each_kind_of_violation_is_reported() {
        let cases = [
            (json!({ "kind": "a", "on": null }), "missing required property id"),
            (json!({ "id": ID, "kind": "a", "on": null, "extra": 1 }), "unexpected property extra"),
            (json!({ "id": ID, "kind": "c", "on": null }), "is not one of"),
            (json!({ "id": "nope", "kind": "a", "on": null }), "not a valid uuid"),
            (json!({ "id": ID, "kind": "a", "on": "20-11-2026" }), "not a valid date"),
            (json!({ "id": ID, "kind": "a", "on": null, "at": "yesterday" }), "not a valid date-time"),
            (json!({ "id": ID, "kind": "a", "on": 5 }), "expected"),
            (json!({ "id": ID, "kind": "a", "on": null, "lat": 100.0 }), "violates maximum"),
            (json!({ "id": ID, "kind": "a", "on": null, "tags": [""] }), "violates minLength"),
            (json!({ "id": ID, "kind": "a", "on": null, "tags": "x" }), "expected"),
            (json!([1]), "expected"),
        ];
        for (value, expected) in cases {
            let found = errors(value.clone());
            assert!(found.iter().any(|e| e.contains(expected)), "{value}: wanted {expected:?}, got {found:?}");
        }
    }

    #[test]
    fn unknown_keywords_and_references_fail_loudly() {
        let root = root();
        let found = validate(&root, &json!({ "type": "string", "pattern": "^a" }), &json!("a"));
        assert!(found[0].contains("unsupported schema keyword pattern"), "{found:?}");
        let found = validate(&root, &json!({ "$ref": "#/components/schemas/Nope" }), &json!(1));
        assert!(found[0].contains("unresolved $ref"), "{found:?}");
    }
}
