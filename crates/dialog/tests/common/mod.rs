//! Test helpers: load the shipped dialogs, build events, play a conversation.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::NaiveDate;
use kentongan_dialog::{Caps, Dialogs, Effect, Event, Input, Lang, Outcome, Reply, State, advance};

pub fn dialogs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dialogs")
}

pub fn dialogs() -> Dialogs {
    Dialogs::load_dir(&dialogs_dir()).expect("shipped dialogs load")
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

pub const DESCRIPTION: &str = "jalan di depan SD Medono berlubang besar, sudah 2 motor jatuh";

/// A conversation on one channel, keeping the state between messages.
pub struct Chat {
    pub d: Dialogs,
    pub caps: Caps,
    pub state: State,
    pub last: Option<Outcome>,
    /// How many messages the citizen has sent (turns).
    pub turns: usize,
}

impl Chat {
    pub fn telegram() -> Chat {
        Chat::new(dialogs(), Caps::TELEGRAM)
    }
    pub fn sms() -> Chat {
        Chat::new(dialogs(), Caps::SMS)
    }
    pub fn new(d: Dialogs, caps: Caps) -> Chat {
        Chat { d, caps, state: State::default(), last: None, turns: 0 }
    }
    pub fn in_lang(mut self, lang: Lang) -> Chat {
        self.state = State::with_lang(lang);
        self
    }
    /// A citizen who has written before: the first-contact data notice is behind them (at the menu).
    pub fn met(mut self) -> Chat {
        self.say("/start");
        self.last = None;
        self.turns = 0;
        self
    }
    pub fn send(&mut self, input: Input) -> &Outcome {
        self.turns += 1;
        let event = Event { caps: self.caps, today: today(), input, lang_hint: None };
        let out = advance(&self.d, self.state.clone(), &event);
        self.state = out.state.clone();
        self.last = Some(out);
        self.last.as_ref().unwrap()
    }
    pub fn say(&mut self, text: &str) -> &Outcome {
        self.send(Input::Text(text.to_owned()))
    }
    pub fn location(&mut self) -> &Outcome {
        self.send(Input::Location { lat: -6.8886, lon: 109.6753 })
    }
    pub fn photo(&mut self, id: &str) -> &Outcome {
        self.send(Input::Photo { file_id: id.to_owned() })
    }
    /// The last reply of the last outcome.
    pub fn reply(&self) -> &Reply {
        self.last.as_ref().and_then(|o| o.replies.last()).expect("a reply")
    }
    pub fn text(&self) -> &str {
        &self.reply().text
    }
    pub fn options(&self) -> Vec<&str> {
        self.reply().options.iter().map(String::as_str).collect()
    }
    pub fn effects(&self) -> &[Effect] {
        &self.last.as_ref().unwrap().effects
    }
    /// A catalogue message as this chat's channel words it (`[sms]` on SMS).
    pub fn msg(&self, key: &str, params: &[(&str, &str)]) -> String {
        self.d.message_on(key, self.state.lang(), self.caps, params)
    }
    /// A step's prompt as this chat's channel shows it.
    pub fn prompt(&self, step: &str) -> String {
        let file = std::fs::read_to_string(dialogs_dir().join("complaint.toml")).unwrap();
        let value: toml::Value = toml::from_str(&file).unwrap();
        let step = value["steps"].as_array().unwrap().iter().find(|s| s["id"].as_str() == Some(step)).unwrap();
        let lang = self.state.lang().code();
        let sms = step.get("sms").and_then(|s| s.get(lang)).filter(|_| self.caps.is_sms());
        sms.unwrap_or(&step["prompt"][lang]).as_str().unwrap().to_owned()
    }
    /// Menu → description → location (the date is today unless changed): now at the photos step
    /// (on SMS, which has no photos, at the privacy question).
    pub fn up_to_photos(&mut self) {
        self.say("/start");
        self.say("1");
        self.say(DESCRIPTION);
        self.location();
    }
    /// … photos skipped, Anonim (the type is Pengaduan unless changed): now at the summary.
    pub fn up_to_summary(&mut self) {
        self.up_to_photos();
        if self.state.step() == Some("photos") {
            self.say("Lewati");
        }
        self.say("2");
    }
}
