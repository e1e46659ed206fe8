//! Whose limit a 429 was, and a global rate that adapts to the provider's real limit.
//!
//! **Telegram's answer does not say.** A 429 carries `retry_after` and the text "Too Many Requests:
//! retry after N" whether one chat went over its own limit (about 1/s in a private chat, 20/min in
//! a group) or the bot went over its 30/s. The scheduler judges a 429 for chat X as **the bot's**
//! when either
//!
//! 1. X got no message through in the last [`QUIET`]: a chat's own limit is only reached with
//!    recent messages to that chat, so a 429 to a quiet chat must be the bot's; or
//! 2. another chat got a 429 within the last [`WINDOW`]: our per-chat pace keeps chats under their
//!    own limits, so per-chat 429s are rare and come from one odd chat at a time (a group), while a
//!    bot-wide limit answers whichever chats come next.
//!
//! Otherwise it is **X's own**: only X pauses. "Other chats' sends succeeded meanwhile" is *not*
//! evidence of a per-chat limit: a bot just over a windowed limit gets most sends through and one
//! in twenty refused, every refusal to a different chat with successes in between.
//!
//! **AIMD.** After a bot-wide 429 the global rate is multiplied by [`DECREASE`] (once per pause, not
//! once per 429 of the same flood) and then climbs back by [`RECOVERY`] of the configured rate per
//! second until it is the configured rate again. Against a provider whose real limit is below our
//! configured pace this settles just under the real limit instead of the cycle "full speed, 429,
//! pause" that averaged 11.6 sends/s against a 20/s limit.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Another chat's 429 this recent makes a 429 the bot's.
pub const WINDOW: Duration = Duration::from_secs(2);
/// A chat with no message through for this long cannot be over its own limit.
pub const QUIET: Duration = Duration::from_secs(60);
/// The global rate after a bot-wide 429, as a share of the rate before it.
pub const DECREASE: f64 = 0.8;
/// The global rate climbs back by this share of the configured rate per second.
pub const RECOVERY: f64 = 0.01;
/// The global rate never drops below this share of the configured rate.
pub const FLOOR: f64 = 0.1;

/// Whose limit a 429 was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One chat's: only it pauses.
    Chat,
    /// The whole bot's: everyone pauses and the global rate drops.
    Bot,
}

/// The latest instant of one kind of answer for two distinct chats: enough to ask "when did a chat
/// other than X last get this answer?".
#[derive(Debug, Default)]
struct Latest {
    newest: Option<(Instant, String)>,
    /// The newest of a chat other than `newest`'s.
    runner_up: Option<Instant>,
}

impl Latest {
    fn record(&mut self, chat: &str, at: Instant) {
        match &mut self.newest {
            Some((when, who)) if who == chat => *when = at,
            _ => {
                self.runner_up = self.newest.take().map(|(when, _)| when);
                self.newest = Some((at, chat.to_owned()));
            }
        }
    }

    fn other_than(&self, chat: &str) -> Option<Instant> {
        match &self.newest {
            Some((when, who)) if who != chat => Some(*when),
            _ => self.runner_up,
        }
    }
}

/// The answers seen and the adapted global rate.
#[derive(Debug)]
pub(crate) struct Adapt {
    configured: f64,
    /// When each chat last got a message through, for chats seen within about [`QUIET`].
    delivered: HashMap<String, Instant>,
    /// Deliveries recorded since `delivered` was last pruned.
    since_prune: usize,
    too_many: Latest,
    /// Rate right after the last decrease, and from when it climbs back.
    lowered: Option<(f64, Instant)>,
}

impl Adapt {
    pub(crate) fn new(configured: f64) -> Self {
        let (delivered, too_many) = (HashMap::new(), Latest::default());
        Adapt { configured, delivered, since_prune: 0, too_many, lowered: None }
    }

    pub(crate) fn delivered(&mut self, chat: &str, now: Instant) {
        match self.delivered.get_mut(chat) {
            Some(at) => *at = now,
            None => {
                self.delivered.insert(chat.to_owned(), now);
            }
        }
        self.since_prune += 1;
        // Forgetting quiet chats now and then (amortised O(1)) keeps the map near the last minute's chats.
        if self.since_prune > (self.delivered.len() / 2).max(1024) {
            self.delivered.retain(|_, at| now.saturating_duration_since(*at) <= QUIET);
            self.since_prune = 0;
        }
    }

    /// Judges a 429 for `chat` at `now` (see the module documentation) and remembers it.
    pub(crate) fn judge(&mut self, chat: &str, now: Instant) -> Scope {
        let within =
            |at: Option<Instant>, span: Duration| at.is_some_and(|at| now.saturating_duration_since(at) <= span);
        let quiet = !within(self.delivered.get(chat).copied(), QUIET);
        let flood = within(self.too_many.other_than(chat), WINDOW);
        self.too_many.record(chat, now);
        if quiet || flood { Scope::Bot } else { Scope::Chat }
    }

    /// Lowers the rate after a bot-wide 429; it climbs back from `resume` (the end of the pause).
    pub(crate) fn decrease(&mut self, now: Instant, resume: Instant) {
        let rate = (self.rate(now) * DECREASE).max(self.configured * FLOOR);
        self.lowered = Some((rate, resume));
    }

    /// The global rate at `now`.
    pub(crate) fn rate(&self, now: Instant) -> f64 {
        match self.lowered {
            None => self.configured,
            Some((rate, from)) => {
                let climbed = now.saturating_duration_since(from).as_secs_f64() * RECOVERY * self.configured;
                (rate + climbed).min(self.configured)
            }
        }
    }

    /// Forgets a decrease once the rate is back at the configured one; true while still lowered.
    pub(crate) fn settle(&mut self, now: Instant) -> bool {
        if self.lowered.is_some() && self.rate(now) >= self.configured {
            self.lowered = None;
        }
        self.lowered.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn a_429_to_a_chat_with_recent_messages_is_its_own_until_another_chat_gets_one() {
        let t0 = Instant::now();
        let mut adapt = Adapt::new(28.0);
        for chat in ["a", "b", "c"] {
            adapt.delivered(chat, t0);
        }
        assert_eq!(adapt.judge("a", t0 + ms(10)), Scope::Chat);
        assert_eq!(adapt.judge("a", t0 + ms(500)), Scope::Chat, "its own 429s again say nothing new");
        adapt.delivered("c", t0 + ms(600));
        assert_eq!(adapt.judge("b", t0 + ms(700)), Scope::Bot, "a second chat within 2 s: the bot's limit");
        assert_eq!(adapt.judge("c", t0 + Duration::from_secs(5)), Scope::Chat, "old 429s do not count");
    }

    #[test]
    fn a_429_to_a_chat_that_got_nothing_lately_is_the_bots() {
        let t0 = Instant::now();
        let mut adapt = Adapt::new(28.0);
        assert_eq!(adapt.judge("new", t0), Scope::Bot, "never sent to");
        adapt.delivered("old", t0);
        assert_eq!(adapt.judge("old", t0 + Duration::from_secs(61)), Scope::Bot, "quiet for a minute");
    }

    #[test]
    fn quiet_chats_are_forgotten_as_deliveries_go_on() {
        let t0 = Instant::now();
        let mut adapt = Adapt::new(28.0);
        for n in 0..5000u64 {
            adapt.delivered(&format!("c{n}"), t0 + Duration::from_secs(n / 10));
        }
        assert!(adapt.delivered.len() < 2000, "{} kept", adapt.delivered.len());
    }

    #[test]
    fn the_rate_drops_by_a_fifth_and_climbs_back_slowly() {
        let t0 = Instant::now();
        let mut adapt = Adapt::new(20.0);
        adapt.decrease(t0, t0 + Duration::from_secs(1));
        assert!((adapt.rate(t0) - 16.0).abs() < 1e-9);
        assert!((adapt.rate(t0 + Duration::from_secs(11)) - 18.0).abs() < 1e-9, "+0.2/s per second");
        assert!(adapt.settle(t0 + Duration::from_secs(11)));
        assert!(!adapt.settle(t0 + Duration::from_secs(30)), "back at the configured rate");
        for _ in 0..50 {
            adapt.decrease(t0, t0);
        }
        assert!((adapt.rate(t0) - 2.0).abs() < 1e-9, "never below a tenth");
    }
}
