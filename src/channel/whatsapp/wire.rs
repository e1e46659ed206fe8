//! The webhook payload exactly as Meta sends it (`object: whatsapp_business_account`), as serde structs.
//! Only what the gateway reads is declared; unknown fields are ignored, as Meta adds fields over time.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Envelope {
    pub object: String,
    #[serde(default)]
    pub entry: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
pub struct Entry {
    /// The WhatsApp Business Account id.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub changes: Vec<Change>,
}

/// One change; only `field: messages` carries a [`Value`] (template and account updates look different).
#[derive(Debug, Deserialize)]
pub struct Change {
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub value: serde_json::Value,
}

#[derive(Debug, Deserialize)]
pub struct Value {
    pub metadata: Metadata,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub messages: Vec<Message>,
    #[serde(default)]
    pub statuses: Vec<Status>,
}

#[derive(Debug, Deserialize)]
pub struct Metadata {
    #[serde(default)]
    pub display_phone_number: Option<String>,
    pub phone_number_id: String,
}

#[derive(Debug, Deserialize)]
pub struct Contact {
    #[serde(default)]
    pub profile: Option<Profile>,
    #[serde(default)]
    pub wa_id: Option<String>,
    /// A business-scoped user id (`US.…`), for users with a username and no visible number.
    #[serde(default)]
    pub user_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Profile {
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Message {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub from_user_id: Option<String>,
    pub id: String,
    pub timestamp: Timestamp,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub group_id: Option<String>,
    #[serde(default)]
    pub context: Option<Context>,
    #[serde(default)]
    pub text: Option<Text>,
    #[serde(default)]
    pub interactive: Option<Interactive>,
    #[serde(default)]
    pub button: Option<TemplateButton>,
    #[serde(default)]
    pub location: Option<Location>,
    #[serde(default)]
    pub image: Option<Media>,
    #[serde(default)]
    pub contacts: Option<Vec<SharedContact>>,
    #[serde(default)]
    pub errors: Vec<WaError>,
}

/// Unix seconds as Meta writes them: a string, occasionally a number, occasionally milliseconds.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Timestamp {
    Text(String),
    Number(i64),
}

#[derive(Debug, Deserialize)]
pub struct Context {
    #[serde(default)]
    pub id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Text {
    pub body: String,
}

#[derive(Debug, Deserialize)]
pub struct Interactive {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub button_reply: Option<Choice>,
    #[serde(default)]
    pub list_reply: Option<Choice>,
}

/// A tapped reply button or list row: the id we gave it and its title.
#[derive(Debug, Deserialize)]
pub struct Choice {
    pub id: String,
    pub title: String,
}

/// A tap on a template's quick-reply button.
#[derive(Debug, Deserialize)]
pub struct TemplateButton {
    #[serde(default)]
    pub payload: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Media {
    pub id: String,
    #[serde(default)]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub caption: Option<String>,
}

/// One shared contact card.
#[derive(Debug, Deserialize)]
pub struct SharedContact {
    #[serde(default)]
    pub name: Option<ContactName>,
    #[serde(default)]
    pub phones: Vec<ContactPhone>,
}

#[derive(Debug, Deserialize)]
pub struct ContactName {
    #[serde(default)]
    pub formatted_name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ContactPhone {
    #[serde(default)]
    pub phone: Option<String>,
    /// Present when the number is on WhatsApp.
    #[serde(default)]
    pub wa_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Status {
    pub id: String,
    pub status: String,
    pub timestamp: Timestamp,
    #[serde(default)]
    pub recipient_id: Option<String>,
    #[serde(default)]
    pub errors: Vec<WaError>,
}

/// `{code, title}` in a message or a status (also `message` and `error_data` in newer versions).
#[derive(Debug, Clone, Deserialize)]
pub struct WaError {
    pub code: i64,
    #[serde(default)]
    pub title: Option<String>,
}
