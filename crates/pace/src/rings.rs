//! Per-class round-robin rings of chats that may send now.
//!
//! A chat is in the ring of each class it has queued items for while it is ready. Entries
//! are never removed from the middle: a chat that stops being ready gets a new ticket and
//! its old entries are dropped when they reach the front. Each entry is pushed and popped
//! once, so the cost is amortised O(1) per operation.

use std::collections::VecDeque;

use crate::class::Class;

/// A chat's place in a ring, valid while the chat still holds `ticket`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Turn {
    pub(crate) slot: u32,
    pub(crate) ticket: u64,
}

/// One FIFO of turns per class.
#[derive(Debug, Default)]
pub(crate) struct Rings {
    rings: [VecDeque<Turn>; 4],
}

impl Rings {
    /// Appends a turn at the back of a class ring (the chat's next turn comes last).
    pub(crate) fn push(&mut self, class: Class, turn: Turn) {
        self.rings[class.index()].push_back(turn);
    }

    pub(crate) fn front(&self, class: Class) -> Option<Turn> {
        self.rings[class.index()].front().copied()
    }

    pub(crate) fn pop_front(&mut self, class: Class) {
        self.rings[class.index()].pop_front();
    }
}
