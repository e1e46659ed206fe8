//! Reads the shipped dialog files directly, so tests compare replies with what the files say.

use toml::Value;

use crate::helpers::repo_path;

pub struct DialogFile {
    complaint: Value,
    pub messages: Value,
}

impl DialogFile {
    pub fn load() -> Self {
        let read = |name: &str| -> Value {
            toml::from_str(&std::fs::read_to_string(repo_path(&format!("dialogs/{name}"))).unwrap()).unwrap()
        };
        Self { complaint: read("complaint.toml"), messages: read("messages.toml") }
    }

    fn step(&self, id: &str) -> &Value {
        self.complaint["steps"].as_array().unwrap().iter().find(|s| s["id"].as_str() == Some(id)).unwrap()
    }

    pub fn prompt(&self, step: &str, lang: &str) -> String {
        self.step(step)["prompt"][lang].as_str().unwrap().to_string()
    }

    pub fn option_labels(&self, step: &str, lang: &str) -> Vec<String> {
        self.step(step)["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["label"][lang].as_str().unwrap().to_string())
            .collect()
    }

    pub fn message(&self, key: &str, lang: &str) -> String {
        self.messages["messages"][key][lang].as_str().unwrap_or_else(|| panic!("message {key}")).to_string()
    }

    /// A message as SMS words it: its `[sms.<key>]` text where the catalogue has one.
    pub fn sms_message(&self, key: &str, lang: &str) -> String {
        match self.messages.get("sms").and_then(|t| t.get(key)).and_then(|m| m[lang].as_str()) {
            Some(text) => text.to_string(),
            None => self.message(key, lang),
        }
    }

    /// A message with `{name}` placeholders filled.
    pub fn fill(&self, key: &str, lang: &str, params: &[(&str, &str)]) -> String {
        let mut text = self.message(key, lang);
        for (k, v) in params {
            text = text.replace(&format!("{{{k}}}"), v);
        }
        text
    }

    pub fn messages(&self, keys: &[&str], lang: &str) -> Vec<String> {
        keys.iter().map(|k| self.message(k, lang)).collect()
    }

    pub fn menu(&self, lang: &str) -> Vec<String> {
        self.messages(&["menu_report", "menu_status", "menu_help", "menu_language"], lang)
    }
}
