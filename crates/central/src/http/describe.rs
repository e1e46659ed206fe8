//! Turns a server's error body into a short, plain reason: the JSON `description`/`message`, or the
//! text of an HTML page, whitespace collapsed and truncated.

/// Longest server description kept in a reason.
pub(crate) const MAX_REASON_CHARS: usize = 300;

/// The server's own explanation: a `description`/`message`/`error` field of a JSON object or of the first
/// element of a JSON list, or else the text with HTML stripped. `None` for an empty body.
pub(crate) fn describe(body: &str) -> Option<String> {
    let text = match serde_json::from_str::<serde_json::Value>(body) {
        Ok(value) => json_description(&value).unwrap_or_else(|| value.to_string()),
        Err(_) => strip_html(body),
    };
    let text = collapse_whitespace(&text);
    (!text.is_empty()).then(|| truncate(&text, MAX_REASON_CHARS))
}

fn json_description(value: &serde_json::Value) -> Option<String> {
    let obj = match value {
        serde_json::Value::Array(items) => items.first()?.as_object()?,
        serde_json::Value::Object(obj) => obj,
        _ => return None,
    };
    ["description", "message", "detail", "error", "title"].iter().find_map(|key| match obj.get(*key)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(_) => json_description(obj.get(*key)?),
        _ => None,
    })
}

/// Drops tags, `<script>`/`<style>` contents and the most common entities.
pub(crate) fn strip_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let tag = &rest[start..];
        let lower = tag.get(..7).unwrap_or(tag).to_ascii_lowercase();
        let end = if lower.starts_with("<script") || lower.starts_with("<style") {
            let close = if lower.starts_with("<script") { "</script>" } else { "</style>" };
            tag.to_ascii_lowercase().find(close).map(|i| i + close.len())
        } else {
            tag.find('>').map(|i| i + 1)
        };
        rest = end.map_or("", |i| &tag[i..]);
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts at a char boundary and marks the cut with "...".
fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(3)).collect();
    format!("{}...", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_pages_become_their_text() {
        let page = "<html><head><title>500</title><style>p{color:red}</style></head>\
                    <body><h1>Error</h1><p>missing&nbsp;field service_code</p></body></html>";
        assert_eq!(describe(page).unwrap(), "500 Error missing field service_code");
    }

    #[test]
    fn json_errors_as_list_or_object_give_their_description() {
        assert_eq!(describe(r#"[{"code":400,"description":"bad code"}]"#).unwrap(), "bad code");
        assert_eq!(describe(r#"{"code":400,"description":"bad code"}"#).unwrap(), "bad code");
        assert_eq!(describe(r#"{"error":{"message":"nope"}}"#).unwrap(), "nope");
        assert_eq!(describe("   "), None);
    }

    #[test]
    fn long_descriptions_are_truncated() {
        let long = "x".repeat(1000);
        let text = describe(&long).unwrap();
        assert_eq!(text.chars().count(), MAX_REASON_CHARS);
        assert!(text.ends_with("..."));
    }
}
