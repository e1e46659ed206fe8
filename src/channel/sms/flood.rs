//! Per-number inbound limit: one number cannot run up the city's SMS bill or starve others.
//! Beyond the limit a number gets one notice, then silence until its window ends.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The guard's answer for one inbound SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    /// The first SMS over the limit: answer it with one notice.
    Notice,
    /// Over the limit and already told: acknowledge and drop.
    Drop,
}

struct Window {
    started: Instant,
    count: u32,
}

/// Fixed windows per number, kept in memory (a restart forgives everyone).
pub struct FloodGuard {
    max: u32,
    window: Duration,
    numbers: Mutex<HashMap<String, Window>>,
}

impl FloodGuard {
    pub fn new(max: u32, window: Duration) -> Self {
        Self { max, window, numbers: Mutex::new(HashMap::new()) }
    }

    /// What the next SMS from `number` gets, without counting it: only an SMS that is stored as new
    /// counts ([`FloodGuard::record`]), so a provider's retry of one SMS is never charged twice.
    pub fn verdict(&self, number: &str, now: Instant) -> Verdict {
        let numbers = self.numbers.lock().unwrap_or_else(|e| e.into_inner());
        let count = match numbers.get(number) {
            Some(w) if now.duration_since(w.started) < self.window => w.count,
            _ => 0,
        };
        match count.cmp(&self.max) {
            std::cmp::Ordering::Less => Verdict::Allow,
            std::cmp::Ordering::Equal => Verdict::Notice,
            std::cmp::Ordering::Greater => Verdict::Drop,
        }
    }

    /// Counts one stored SMS from `number`.
    pub fn record(&self, number: &str, now: Instant) {
        let mut numbers = self.numbers.lock().unwrap_or_else(|e| e.into_inner());
        if numbers.len() > 100_000 {
            numbers.retain(|_, w| now.duration_since(w.started) < self.window);
        }
        let w = numbers.entry(number.to_owned()).or_insert(Window { started: now, count: 0 });
        if now.duration_since(w.started) >= self.window {
            *w = Window { started: now, count: 0 };
        }
        w.count = w.count.saturating_add(1);
    }

    #[cfg(test)]
    fn check(&self, number: &str, now: Instant) -> Verdict {
        let verdict = self.verdict(number, now);
        if verdict != Verdict::Drop {
            self.record(number, now);
        }
        verdict
    }

    /// Minutes until a window ends, for the notice.
    pub fn window_minutes(&self) -> u64 {
        self.window.as_secs().div_ceil(60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_over_its_limit_gets_one_notice_then_silence_until_the_window_ends() {
        let guard = FloodGuard::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        let verdicts: Vec<_> = (0..6).map(|_| guard.check("+6281234567890", t0)).collect();
        use Verdict::*;
        assert_eq!(verdicts, [Allow, Allow, Allow, Notice, Drop, Drop]);
        assert_eq!(guard.check("+6289999999999", t0), Allow, "other numbers are not affected");
        assert_eq!(guard.check("+6281234567890", t0 + Duration::from_secs(61)), Allow);
    }

    #[test]
    fn an_sms_that_is_not_recorded_does_not_count() {
        let guard = FloodGuard::new(1, Duration::from_secs(60));
        let t0 = Instant::now();
        assert_eq!(guard.verdict("+62811", t0), Verdict::Allow);
        // A duplicate delivery is looked at but not recorded: the limit still has room.
        assert_eq!(guard.verdict("+62811", t0), Verdict::Allow);
        guard.record("+62811", t0);
        assert_eq!(guard.verdict("+62811", t0), Verdict::Notice);
        assert_eq!(FloodGuard::new(u32::MAX, Duration::from_secs(1)).verdict("+62811", t0), Verdict::Allow);
    }
}
