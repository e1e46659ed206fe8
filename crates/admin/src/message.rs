//! What the admin side sends: a text, its buttons (each to be stored under a token), an optional photo.

use serde::{Deserialize, Serialize};

use crate::action::Action;
use crate::texts::BUTTON_MAX;
use crate::ticket::PhotoRef;

/// One inline button: its label (at most [`BUTTON_MAX`] characters) and what a tap does.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    pub action: Action,
}

impl Button {
    /// A button whose label is cut to [`BUTTON_MAX`] characters (OPD names come from the catalogue).
    pub fn new(label: &str, action: Action) -> Button {
        let label = if label.chars().count() > BUTTON_MAX {
            let cut: String = label.chars().take(BUTTON_MAX - 1).collect();
            format!("{}…", cut.trim_end())
        } else {
            label.to_owned()
        };
        Button { label, action }
    }
}

/// One message to an admin chat (or, for `render_citizen_*`, to the reporter).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct AdminMessage {
    pub text: String,
    pub buttons: Vec<Button>,
    /// Sent with the text as its caption when present.
    pub photo: Option<PhotoRef>,
}

impl AdminMessage {
    pub fn text(text: String) -> AdminMessage {
        AdminMessage { text, buttons: Vec::new(), photo: None }
    }

    pub fn with_buttons(text: String, buttons: Vec<Button>) -> AdminMessage {
        AdminMessage { text, buttons, photo: None }
    }
}

/// The first `max` characters of `text` or fewer, cut at a word boundary, "…" when cut; whitespace runs
/// become single spaces so a long text cannot push the buttons off screen with blank lines.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for word in flat {
        let needed = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if needed > max {
            if out.is_empty() {
                out = word.chars().take(max).collect();
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
