//! Turns a server's error body into a short, plain reason: the JSON `description`/`message`, or the
//! gist of an HTML page (its title, then whatever the page adds), whitespace collapsed and truncated.

/// Longest server description kept in a reason.
pub(crate) const MAX_REASON_CHARS: usize = 300;

/// The server's own explanation: a `description`/`message`/`error` field of a JSON object or of the first
/// element of a JSON list, or else the readable text of an HTML page or plain body. `None` for an empty body.
pub(crate) fn describe(body: &str) -> Option<String> {
    let text = match serde_json::from_str::<serde_json::Value>(body) {
        Ok(value) => json_description(&value).unwrap_or_else(|| value.to_string()),
        Err(_) if is_html_page(body) => html_gist(body),
        Err(_) => strip_html(body),
    };
    let text = collapse_whitespace(&text);
    (!text.is_empty()).then(|| truncate(&text, MAX_REASON_CHARS))
}

/// Whether the body is a web page (a framework's or proxy's error page) rather than an API answer, so the
/// reason can say so: an operator then knows the request never reached the API's own error handling.
pub(crate) fn is_html_page(body: &str) -> bool {
    let head = body.trim_start().get(..512).unwrap_or(body.trim_start()).to_ascii_lowercase();
    head.starts_with("<!doctype html") || ["<html", "<head", "<body", "<title", "<h1"].iter().any(|t| head.contains(t))
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

/// The page's title (else its first `h1`–`h3`), then the rest of the body's text. Error pages repeat the
/// title as a heading (Django, nginx), so a text piece equal to the lead is dropped: no phrase twice.
fn html_gist(page: &str) -> String {
    let title = element_text(page, "title").filter(|t| !t.is_empty());
    let lead = title.or_else(|| {
        ["h1", "h2", "h3"]
            .iter()
            .filter_map(|tag| element_at(page, tag))
            .filter(|(_, text)| !text.is_empty())
            .min_by_key(|(at, _)| *at)
            .map(|(_, text)| text)
    });
    let body = without_head(page);
    let mut pieces: Vec<String> = Vec::new();
    for piece in text_pieces(body) {
        let same_as_lead = lead.as_deref().is_some_and(|l| l.eq_ignore_ascii_case(&piece));
        if !same_as_lead && pieces.last() != Some(&piece) {
            pieces.push(piece);
        }
    }
    let rest = pieces.join(" ");
    match lead {
        Some(lead) if rest.is_empty() => lead,
        Some(lead) => format!("{lead} — {rest}"),
        None => rest,
    }
}

/// The collapsed text inside the first `<tag …>…</tag>`.
fn element_text(page: &str, tag: &str) -> Option<String> {
    element_at(page, tag).map(|(_, text)| text)
}

/// Byte position and collapsed text of the first `<tag …>…</tag>`. ASCII lowercasing keeps byte offsets.
fn element_at(page: &str, tag: &str) -> Option<(usize, String)> {
    let lower = page.to_ascii_lowercase();
    let open = format!("<{tag}");
    let mut from = 0;
    while let Some(found) = lower[from..].find(&open) {
        let start = from + found;
        let after = start + open.len();
        // `<h1` must not match `<h10`, nor `<title` match `<titlebar`.
        if lower[after..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
            let inner = after + lower[after..].find('>')? + 1;
            let end = lower[inner..].find(&format!("</{tag}")).map_or(lower.len(), |i| inner + i);
            return Some((start, collapse_whitespace(&strip_html(&page[inner..end]))));
        }
        from = after;
    }
    None
}

/// The page after its `<head>` (or after a stray `<title>`), so the title is not read twice.
fn without_head(page: &str) -> &str {
    let lower = page.to_ascii_lowercase();
    for close in ["</head>", "</title>"] {
        if let Some(i) = lower.find(close) {
            return &page[i + close.len()..];
        }
    }
    page
}

/// The text between tags, each piece collapsed, empty pieces dropped.
fn text_pieces(html: &str) -> Vec<String> {
    strip_html_with(html, '\u{0}').split('\u{0}').map(collapse_whitespace).filter(|p| !p.is_empty()).collect()
}

/// Drops tags, `<script>`/`<style>` contents and the most common entities.
pub(crate) fn strip_html(text: &str) -> String {
    strip_html_with(text, ' ')
}

/// `strip_html` with `separator` where each tag was. Entities are decoded per text piece, so a decoded
/// `&lt;` can never be mistaken for a tag.
fn strip_html_with(text: &str, separator: char) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..start]));
        out.push(separator);
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
    out.push_str(&decode_entities(rest));
    out
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        // `&name;` with a short name; `tail[1..]` is safe because `&` is one byte.
        let decoded = tail[1..].find(';').filter(|&i| i <= 10).and_then(|i| entity(&tail[1..=i]).map(|c| (c, i + 2)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// One entity name (without `&` and `;`): the named ones error pages use, and numeric references.
fn entity(name: &str) -> Option<char> {
    let named = match name {
        "nbsp" => Some(' '),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "ndash" => Some('–'),
        "mdash" => Some('—'),
        _ => None,
    };
    named.or_else(|| {
        let number = name.strip_prefix('#')?;
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        char::from_u32(code)
    })
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
    fn an_html_page_leads_with_its_title_and_adds_only_what_the_title_did_not_say() {
        let page = "<html><head><title>500</title><style>p{color:red}</style></head>\
                    <body><h1>Error</h1><p>missing&nbsp;field service_code</p></body></html>";
        assert_eq!(describe(page).unwrap(), "500 — Error missing field service_code");
    }

    #[test]
    fn a_django_error_page_says_server_error_once() {
        let page = "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n\
                    <body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n";
        assert!(is_html_page(page));
        assert_eq!(describe(page).unwrap(), "Server Error (500)");
    }

    #[test]
    fn an_nginx_bad_gateway_page_names_the_proxy_once() {
        let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
                    <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n";
        assert_eq!(describe(page).unwrap(), "502 Bad Gateway — nginx/1.24.0");
    }

    #[test]
    fn a_page_without_a_title_leads_with_its_first_heading() {
        let page = "<html><body><div><h2>Service Unavailable</h2></div><h1>ignored order</h1>\
                    <p>The server is temporarily unable to service your request.</p></body></html>";
        assert_eq!(
            describe(page).unwrap(),
            "Service Unavailable — ignored order The server is temporarily unable to service your request."
        );
        let bare = "<body><p>Field &#39;lat&#x27; is required &amp; missing</p></body>";
        assert_eq!(describe(bare).unwrap(), "Field 'lat' is required & missing");
    }

    #[test]
    fn plain_text_and_json_bodies_are_not_called_pages() {
        assert!(!is_html_page("Not Found"));
        assert!(!is_html_page(r#"[{"code":400,"description":"<b>bad</b>"}]"#));
        assert_eq!(describe("Bad  Gateway\n").unwrap(), "Bad Gateway");
        assert_eq!(describe("a &lt;b&gt; & c").unwrap(), "a <b> & c");
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
