//! A min-heap of (instant, chat slot, ticket) wake-ups; stale entries are skipped by the caller.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Instant;

/// One scheduled look at a chat. `ticket` identifies the chat state that asked for it; if
/// the chat has moved on (new ticket), the entry is stale and ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Timer {
    pub(crate) at: Instant,
    pub(crate) slot: u32,
    pub(crate) ticket: u64,
}

/// Timers ordered by instant, earliest first.
#[derive(Debug, Default)]
pub(crate) struct Timers {
    heap: BinaryHeap<Reverse<Timer>>,
}

impl Timers {
    pub(crate) fn push(&mut self, timer: Timer) {
        self.heap.push(Reverse(timer));
    }

    /// The earliest timer, without removing it.
    pub(crate) fn peek(&self) -> Option<Timer> {
        self.heap.peek().map(|Reverse(timer)| *timer)
    }

    /// Removes and returns the earliest timer if it is due at `now`.
    pub(crate) fn pop_due(&mut self, now: Instant) -> Option<Timer> {
        if self.peek()?.at > now {
            return None;
        }
        self.heap.pop().map(|Reverse(timer)| timer)
    }

    /// Removes the earliest timer (used to drop a stale one found by `peek`).
    pub(crate) fn pop(&mut self) {
        self.heap.pop();
    }
}
