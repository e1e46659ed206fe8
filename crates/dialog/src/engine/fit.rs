//! Keeping SMS replies to one message: measuring a reply as sent, cutting long answers and labels to fit.

use super::Cx;
use crate::types::Reply;
use crate::{gsm7, render};

/// The label cuts tried, longest first, when option labels make an SMS too long.
const LABEL_CUTS: [usize; 6] = [40, 32, 26, 20, 15, 10];

impl Cx<'_> {
    /// True unless the channel is SMS and `reply`, rendered uncut, is longer than one SMS.
    pub fn fits(&self, reply: &Reply) -> bool {
        !self.ev.caps.is_sms() || gsm7::fits_one_sms(&render::sms_full(reply, self.lang(), self.d))
    }

    /// A reply with `text` and `options`; on SMS the longest labels are cut (ending "...") until it fits.
    /// Answers by number still pick the full option.
    pub fn fitted_reply(&mut self, text: String, options: Vec<String>) {
        let mut reply = Reply { text, options, ask_location: false };
        for max in LABEL_CUTS {
            if self.fits(&reply) {
                break;
            }
            reply.options = reply.options.iter().map(|o| cut(o, max)).collect();
        }
        self.replies.push(reply);
    }
}

/// `t` when at most `max` characters, else its first words within `max - 3` characters and "..." — cut
/// between words, never inside one, unless the first word alone is longer than that.
pub(crate) fn cut(t: &str, max: usize) -> String {
    if t.chars().count() <= max {
        return t.to_owned();
    }
    let head: String = t.chars().take(max.saturating_sub(3)).collect();
    let next_is_space = t.chars().nth(head.chars().count()).is_some_and(char::is_whitespace);
    let words = match head.rfind(char::is_whitespace) {
        _ if next_is_space => head.as_str(),
        Some(space) if space > 0 => &head[..space],
        _ => head.as_str(),
    };
    format!("{}...", words.trim_end().trim_end_matches([',', ';', ':', '-']))
}
