//! Anti-starvation: how long each class's oldest item has waited, and promoted turns.
//!
//! **The rule.** On each send, the scheduler finds the most urgent class with a chat that
//! may send now (the *natural* class). A less urgent class is *overdue* when its oldest
//! queued item has waited longer than [`crate::Pace::max_wait_before_promotion`]. If some
//! class below the natural one is overdue and has a chat ready, and no promoted turn was
//! given in the previous `PROMOTED_TURN_EVERY - 1` sends, the overdue class with the
//! oldest item takes this turn instead (round-robin within that class as usual).
//!
//! **Guarantees.** An overdue item in a ready chat leaves within `PROMOTED_TURN_EVERY`
//! sends of its class becoming the oldest overdue class, whatever the higher classes do —
//! a digest behind an endless stream of dialog replies waits at most `max_wait` plus a few
//! send intervals. Conversely, promoted turns take at most 1 send in `PROMOTED_TURN_EVERY`,
//! so during a flood dialog replies keep at least 80 % of the bot's capacity.
//!
//! Aging is per class, not per chat: the oldest item may sit in a chat that is paused or
//! spaced out, and then the turn goes to the next ready chat of that class. That serves the
//! class's backlog, which is what "never starve a class" asks for.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::class::Class;

/// At most one send in this many is a promoted turn.
pub const PROMOTED_TURN_EVERY: u32 = 5;

/// The queued items of every class by age, and the spacing of promoted turns.
#[derive(Debug)]
pub(crate) struct Aging {
    waiting: [BTreeSet<(Instant, u64)>; 4],
    sends_since_promotion: u32,
}

impl Aging {
    pub(crate) fn new() -> Self {
        Aging { waiting: Default::default(), sends_since_promotion: PROMOTED_TURN_EVERY }
    }

    pub(crate) fn add(&mut self, class: Class, at: Instant, seq: u64) {
        self.waiting[class.index()].insert((at, seq));
    }

    pub(crate) fn remove(&mut self, class: Class, at: Instant, seq: u64) {
        self.waiting[class.index()].remove(&(at, seq));
    }

    /// When the oldest queued item of `class` was pushed.
    pub(crate) fn oldest(&self, class: Class) -> Option<Instant> {
        self.waiting[class.index()].first().map(|(at, _)| *at)
    }

    /// Whether `class` has an item older than `max_wait` at `now`; returns its push time.
    pub(crate) fn overdue(&self, class: Class, now: Instant, max_wait: Duration) -> Option<Instant> {
        let oldest = self.oldest(class)?;
        (now.saturating_duration_since(oldest) > max_wait).then_some(oldest)
    }

    /// Whether this send may be a promoted turn.
    pub(crate) fn may_promote(&self) -> bool {
        self.sends_since_promotion + 1 >= PROMOTED_TURN_EVERY
    }

    /// Counts one send, promoted or not.
    pub(crate) fn sent(&mut self, promoted: bool) {
        self.sends_since_promotion = if promoted { 0 } else { self.sends_since_promotion.saturating_add(1) };
    }
}

#[cfg(test)]
mod tests {
    use super::{Aging, PROMOTED_TURN_EVERY};
    use crate::class::Class;
    use std::time::{Duration, Instant};

    #[test]
    fn promoted_turns_are_spaced_by_the_share() {
        let mut aging = Aging::new();
        assert!(aging.may_promote());
        aging.sent(true);
        for _ in 1..PROMOTED_TURN_EVERY {
            assert!(!aging.may_promote());
            aging.sent(false);
        }
        assert!(aging.may_promote());
    }

    #[test]
    fn a_class_is_overdue_only_after_max_wait() {
        let t0 = Instant::now();
        let mut aging = Aging::new();
        aging.add(Class::Digest, t0, 1);
        let wait = Duration::from_secs(30);
        assert_eq!(aging.overdue(Class::Digest, t0 + wait, wait), None);
        let later = t0 + wait + Duration::from_millis(1);
        assert_eq!(aging.overdue(Class::Digest, later, wait), Some(t0));
        aging.remove(Class::Digest, t0, 1);
        assert_eq!(aging.oldest(Class::Digest), None);
    }
}
