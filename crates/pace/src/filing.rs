//! Filing chats: ready (turns in the class rings), waiting (a wake timer) or idle (an expiry
//! timer), and acting on timers as time passes.

use std::time::Instant;

use crate::chat::State;
use crate::class::Class;
use crate::rings::Turn;
use crate::scheduler::Scheduler;
use crate::timers::Timer;

impl<T> Scheduler<T> {
    /// Gives a ready chat a turn in `class`'s ring unless it already has one.
    pub(crate) fn join_ring(&mut self, slot: u32, class: Class) {
        let Some(chat) = self.chats.get_mut(slot) else {
            return;
        };
        if chat.in_ring[class.index()] {
            return;
        }
        chat.in_ring[class.index()] = true;
        let ticket = chat.ticket;
        self.rings.push(class, Turn { slot, ticket });
    }

    /// Re-files a chat from scratch under a new ticket: ready (turns in its classes' rings),
    /// waiting (a wake timer), or idle (an expiry timer). Its old turns and timers go stale.
    pub(crate) fn arm(&mut self, slot: u32, now: Instant) {
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        let Some(chat) = self.chats.get_mut(slot) else {
            return;
        };
        chat.ticket = ticket;
        chat.in_ring = [false; 4];
        let ready_at = chat.limiter.ready_at(now);
        if chat.queued == 0 {
            chat.state = State::Idle;
            let at = chat.limiter.full_at().unwrap_or(now);
            self.expire.push(Timer { at, slot, ticket });
        } else if ready_at > now {
            chat.state = State::Waiting;
            self.wake.push(Timer { at: ready_at, slot, ticket });
        } else {
            chat.state = State::Ready;
            let has = Class::ALL.map(|class| chat.has(class));
            for class in Class::ALL.into_iter().filter(|class| has[class.index()]) {
                self.join_ring(slot, class);
            }
        }
    }

    /// Makes waiting chats whose limiter or pause has passed ready.
    pub(crate) fn wake_due(&mut self, now: Instant) {
        while let Some(timer) = self.wake.pop_due(now) {
            let live = self
                .chats
                .get(timer.slot)
                .is_some_and(|chat| chat.ticket == timer.ticket && chat.state == State::Waiting);
            if live {
                self.arm(timer.slot, now);
            }
        }
    }

    /// Forgets idle chats whose limiter is full again: nothing about them is left to keep.
    pub(crate) fn expire_due(&mut self, now: Instant) {
        while let Some(timer) = self.expire.pop_due(now) {
            let live =
                self.chats.get(timer.slot).is_some_and(|chat| chat.ticket == timer.ticket && chat.state == State::Idle);
            if live {
                self.chats.remove(timer.slot);
            }
        }
    }

    /// When the earliest waiting chat may send, dropping stale wake timers on the way.
    pub(crate) fn earliest_wake(&mut self) -> Option<Instant> {
        while let Some(timer) = self.wake.peek() {
            let live = self
                .chats
                .get(timer.slot)
                .is_some_and(|chat| chat.ticket == timer.ticket && chat.state == State::Waiting);
            if live {
                return Some(timer.at);
            }
            self.wake.pop();
        }
        None
    }
}
