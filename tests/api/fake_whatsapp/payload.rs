//! Webhook bodies as Meta sends them, for driving the gateway's `/whatsapp/webhook` in tests: one
//! message or status per body, wrapped in the documented envelope, and Meta's signature header.

use serde_json::{Value, json};

/// The business number id the fake bodies are addressed to.
pub const PHONE_NUMBER_ID: &str = "106540352242922";

/// The envelope around one `value` (`contacts` from the sender when there is a message).
pub fn envelope(wa_id: &str, messages: Vec<Value>, statuses: Vec<Value>) -> Value {
    let mut value = json!({"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281100001708", "phone_number_id": PHONE_NUMBER_ID}});
    if !messages.is_empty() {
        value["contacts"] = json!([{"profile": {"name": "Warga"}, "wa_id": wa_id}]);
        value["messages"] = json!(messages);
    }
    if !statuses.is_empty() {
        value["statuses"] = json!(statuses);
    }
    json!({"object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": value}]}]})
}

fn message(wa_id: &str, wamid: &str, kind: &str, content: Value) -> Value {
    let mut m =
        json!({"from": wa_id, "id": wamid, "timestamp": chrono::Utc::now().timestamp().to_string(), "type": kind});
    m[kind] = content;
    m
}

pub fn text(wa_id: &str, wamid: &str, body: &str) -> Value {
    envelope(wa_id, vec![message(wa_id, wamid, "text", json!({"body": body}))], vec![])
}

/// A tapped reply button (`id` as the gateway gave it: the option's label).
pub fn button_reply(wa_id: &str, wamid: &str, id: &str, title: &str) -> Value {
    let content = json!({"type": "button_reply", "button_reply": {"id": id, "title": title}});
    envelope(wa_id, vec![message(wa_id, wamid, "interactive", content)], vec![])
}

pub fn location(wa_id: &str, wamid: &str, lat: f64, lon: f64) -> Value {
    envelope(wa_id, vec![message(wa_id, wamid, "location", json!({"latitude": lat, "longitude": lon}))], vec![])
}

pub fn image(wa_id: &str, wamid: &str, media_id: &str) -> Value {
    let content = json!({"id": media_id, "mime_type": "image/jpeg", "sha256": "fake"});
    envelope(wa_id, vec![message(wa_id, wamid, "image", content)], vec![])
}

/// A delivery report for a message the gateway sent; `error` makes it `failed` with that code.
pub fn status(wa_id: &str, wamid: &str, status: &str, error: Option<i64>) -> Value {
    let mut s = json!({"id": wamid, "status": status, "recipient_id": wa_id,
        "timestamp": chrono::Utc::now().timestamp().to_string()});
    if let Some(code) = error {
        s["errors"] = json!([{"code": code, "title": "error", "message": "error"}]);
    }
    envelope(wa_id, vec![], vec![s])
}

/// The body's bytes and its `X-Hub-Signature-256` under `app_secret`, as Meta signs them.
pub fn signed(body: &Value, app_secret: &str) -> (Vec<u8>, String) {
    let bytes = serde_json::to_vec(body).unwrap();
    let signature = kentongan::channel::whatsapp::webhook::sign(app_secret, &bytes);
    (bytes, signature)
}
