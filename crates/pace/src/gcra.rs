//! GCRA ("virtual scheduling") limiter: a token bucket kept as one instant, in integer time.
//!
//! Equivalent to a bucket of `burst` tokens refilled one per `interval`, but exact: no
//! floating-point refill accumulates error over a long run, so a 60-s simulation and a
//! 60-day process obey the same bound.

use std::time::{Duration, Instant};

/// Token bucket as a theoretical arrival time (`tat`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Gcra {
    interval: Duration,
    burst: u32,
    /// How far ahead of `tat` a send may be: `(burst - 1) * interval`.
    tolerance: Duration,
    /// `None` until the first send: the bucket starts full.
    tat: Option<Instant>,
}

impl Gcra {
    pub(crate) fn new(interval: Duration, burst: u32) -> Self {
        Gcra { interval, burst, tolerance: interval * burst.max(1).saturating_sub(1), tat: None }
    }

    /// A new spacing (an adapted rate) from the next send on; what was spent stays spent.
    pub(crate) fn set_interval(&mut self, interval: Duration) {
        self.interval = interval;
        self.tolerance = interval * self.burst.max(1).saturating_sub(1);
    }

    /// Earliest instant, not before `now`, at which one more send conforms.
    pub(crate) fn ready_at(&self, now: Instant) -> Instant {
        match self.tat.and_then(|tat| tat.checked_sub(self.tolerance)) {
            Some(at) => at.max(now),
            None => now,
        }
    }

    /// Spend one token at `now`. The caller has checked `ready_at(now) <= now`.
    pub(crate) fn record(&mut self, now: Instant) {
        let base = self.tat.map_or(now, |tat| tat.max(now));
        self.tat = Some(base + self.interval);
    }

    /// After a 429: nothing before `until`, then the steady rate with an empty bucket
    /// (a burst right after a pause would earn the next 429).
    pub(crate) fn pause_until(&mut self, until: Instant) {
        let restart = until + self.tolerance;
        self.tat = Some(self.tat.map_or(restart, |tat| tat.max(restart)));
    }

    /// From this instant on the bucket is full again, so forgetting it loses nothing.
    pub(crate) fn full_at(&self) -> Option<Instant> {
        self.tat
    }
}

#[cfg(test)]
mod tests {
    use super::Gcra;
    use std::time::{Duration, Instant};

    #[test]
    fn a_full_bucket_allows_the_burst_then_one_per_interval() {
        let t0 = Instant::now();
        let second = Duration::from_secs(1);
        let mut gcra = Gcra::new(second, 3);
        for _ in 0..3 {
            assert_eq!(gcra.ready_at(t0), t0);
            gcra.record(t0);
        }
        assert_eq!(gcra.ready_at(t0), t0 + second);
        gcra.record(t0 + second);
        assert_eq!(gcra.ready_at(t0), t0 + 2 * second);
    }

    #[test]
    fn a_pause_restarts_with_an_empty_bucket() {
        let t0 = Instant::now();
        let second = Duration::from_secs(1);
        let mut gcra = Gcra::new(second, 3);
        gcra.pause_until(t0 + 5 * second);
        assert_eq!(gcra.ready_at(t0), t0 + 5 * second);
        gcra.record(t0 + 5 * second);
        assert_eq!(gcra.ready_at(t0), t0 + 6 * second);
    }
}
