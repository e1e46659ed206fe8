//! One chat's queues and limiter, and the table that interns chat ids into slots.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use crate::class::Class;
use crate::gcra::Gcra;
use crate::scheduler::Item;

/// A queued item with what the scheduler needs to age it.
pub(crate) struct Entry<T> {
    /// Unique per push: ties in the aging set are broken by it.
    pub(crate) seq: u64,
    /// When it was pushed (for `push_front`: when it was pushed back).
    pub(crate) at: Instant,
    /// Its place in its chat's order across classes: `push` counts up from the back, `push_front`
    /// down from the front, so the smallest is the chat's oldest message.
    pub(crate) order: i64,
    pub(crate) item: Item<T>,
}

/// Where a chat is in the scheduler's structures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    /// No queued items; kept only until its limiter is full again (an expiry timer).
    Idle,
    /// May send now: has a turn in the ring of every class it has items for.
    Ready,
    /// Has items but must wait for its limiter or a pause (a wake timer).
    Waiting,
}

pub(crate) struct Chat<T> {
    pub(crate) name: String,
    pub(crate) queues: [VecDeque<Entry<T>>; 4],
    pub(crate) queued: usize,
    pub(crate) limiter: Gcra,
    pub(crate) state: State,
    /// Changes whenever the chat leaves `Ready`; older ring turns and timers go stale.
    pub(crate) ticket: u64,
    /// Whether the current ticket has a turn in each class ring (at most one per class).
    pub(crate) in_ring: [bool; 4],
    /// The next `order` at the back and at the front of the chat's messages.
    pub(crate) back: i64,
    pub(crate) front: i64,
}

impl<T> Chat<T> {
    /// The class of its oldest queued message: the one a turn landing on this chat sends from,
    /// whichever class the turn was for (each class queue is already in `order`).
    pub(crate) fn oldest(&self) -> Option<Class> {
        let front = |class: &Class| self.queues[class.index()].front().map(|e| e.order);
        Class::ALL.into_iter().filter(|class| front(class).is_some()).min_by_key(front)
    }

    pub(crate) fn has(&self, class: Class) -> bool {
        !self.queues[class.index()].is_empty()
    }
}

/// Chats by slot number; slots of forgotten chats are reused.
pub(crate) struct Table<T> {
    slots: Vec<Option<Chat<T>>>,
    index: HashMap<String, u32>,
    free: Vec<u32>,
}

impl<T> Table<T> {
    pub(crate) fn new() -> Self {
        Table { slots: Vec::new(), index: HashMap::new(), free: Vec::new() }
    }

    pub(crate) fn find(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// The slot of `name`, creating an idle chat with a full `limiter` if unknown.
    pub(crate) fn slot_for(&mut self, name: &str, limiter: Gcra) -> u32 {
        if let Some(slot) = self.find(name) {
            return slot;
        }
        let chat = Chat {
            name: name.to_owned(),
            queues: Default::default(),
            queued: 0,
            limiter,
            state: State::Idle,
            ticket: 0,
            in_ring: [false; 4],
            back: 0,
            front: 0,
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some(chat);
                slot
            }
            None => {
                self.slots.push(Some(chat));
                u32::try_from(self.slots.len() - 1).expect("fewer than 2^32 chats")
            }
        };
        self.index.insert(name.to_owned(), slot);
        slot
    }

    pub(crate) fn get(&self, slot: u32) -> Option<&Chat<T>> {
        self.slots.get(slot as usize)?.as_ref()
    }

    pub(crate) fn get_mut(&mut self, slot: u32) -> Option<&mut Chat<T>> {
        self.slots.get_mut(slot as usize)?.as_mut()
    }

    /// Forgets a chat; its slot is reused by the next new chat.
    pub(crate) fn remove(&mut self, slot: u32) {
        if let Some(chat) = self.slots.get_mut(slot as usize).and_then(Option::take) {
            self.index.remove(&chat.name);
            self.free.push(slot);
        }
    }

    /// Chats currently known (queued or still cooling down).
    pub(crate) fn known(&self) -> usize {
        self.index.len()
    }
}
