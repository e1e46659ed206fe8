//! An independent referee: replays sends against the limits and counts the ones a provider
//! would answer with 429 ("429-equivalents"). Used by the tests and the bench; a send
//! worker may run it in debug builds.
//!
//! It shares no code with the scheduler on purpose: the global limit is a sliding count over
//! closed 1-s windows, the per-chat limit a floating-point token bucket.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::pace::Pace;

const WINDOW: Duration = Duration::from_secs(1);
/// Float slack for the per-chat bucket, far below one token.
const EPSILON: f64 = 1e-6;

/// Per-chat bucket: tokens left at `at`.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Counts sends that break either limit.
#[derive(Debug)]
pub struct Audit {
    per_window: usize,
    chat_interval: Duration,
    chat_burst: f64,
    recent: VecDeque<Instant>,
    chats: HashMap<String, Bucket>,
    sends: u64,
    violations: u64,
}

impl Audit {
    /// At most `per_window` sends in any closed 1-s window; per chat a bucket of
    /// `chat_burst` refilled one per `chat_interval`.
    pub fn new(per_window: usize, chat_interval: Duration, chat_burst: u32) -> Self {
        Audit {
            per_window,
            chat_interval,
            chat_burst: f64::from(chat_burst.max(1)),
            recent: VecDeque::new(),
            chats: HashMap::new(),
            sends: 0,
            violations: 0,
        }
    }

    /// Telegram's own limits: 30 in any second per bot, per chat 1/s with a burst of 3.
    pub fn telegram() -> Self {
        Audit::new(30, Duration::from_secs(1), 3)
    }

    /// The bound a [`Pace`] promises: `global_burst + global_per_sec` per 1-s window.
    pub fn for_pace(pace: &Pace) -> Self {
        let per_window = (f64::from(pace.global_burst) + pace.global_per_sec).floor() as usize;
        Audit::new(per_window, pace.per_chat_interval, pace.per_chat_burst)
    }

    /// Records a send (sends must come in time order); `false` if it broke a limit.
    pub fn record(&mut self, chat: &str, at: Instant) -> bool {
        self.sends += 1;
        let ok = self.global_ok(at) & self.chat_ok(chat, at);
        if !ok {
            self.violations += 1;
        }
        ok
    }

    fn global_ok(&mut self, at: Instant) -> bool {
        while self.recent.front().is_some_and(|&t| t + WINDOW < at) {
            self.recent.pop_front();
        }
        self.recent.push_back(at);
        self.recent.len() <= self.per_window
    }

    fn chat_ok(&mut self, chat: &str, at: Instant) -> bool {
        let full = Bucket { tokens: self.chat_burst, at };
        let bucket = self.chats.entry(chat.to_owned()).or_insert(full);
        let refill = at.saturating_duration_since(bucket.at).as_secs_f64()
            / self.chat_interval.as_secs_f64().max(f64::MIN_POSITIVE);
        bucket.tokens = (bucket.tokens + refill).min(self.chat_burst);
        bucket.at = at;
        bucket.tokens -= 1.0;
        bucket.tokens >= -EPSILON
    }

    /// Sends recorded.
    pub fn sends(&self) -> u64 {
        self.sends
    }

    /// Sends that broke a limit.
    pub fn violations(&self) -> u64 {
        self.violations
    }
}

#[cfg(test)]
mod tests {
    use super::Audit;
    use std::time::{Duration, Instant};

    #[test]
    fn the_thirty_first_send_within_a_second_is_a_violation() {
        let t0 = Instant::now();
        let mut audit = Audit::telegram();
        for i in 0..30 {
            assert!(audit.record(&format!("c{i}"), t0 + Duration::from_millis(i * 30)));
        }
        assert!(!audit.record("c30", t0 + Duration::from_secs(1)));
        assert!(audit.record("c31", t0 + Duration::from_millis(1031)));
        assert_eq!(audit.violations(), 1);
    }

    #[test]
    fn a_fourth_message_to_one_chat_within_a_second_is_a_violation() {
        let t0 = Instant::now();
        let mut audit = Audit::telegram();
        for _ in 0..3 {
            assert!(audit.record("c", t0));
        }
        assert!(!audit.record("c", t0 + Duration::from_millis(500)));
        assert!(audit.record("c", t0 + Duration::from_millis(2500)));
    }
}
