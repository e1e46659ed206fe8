//! `Scheduler::next`: wake due chats, pick a class and a chat, check the global bucket, send.

use std::time::Instant;

use crate::class::Class;
use crate::rings::Turn;
use crate::scheduler::{Item, Next, Scheduler};

/// The turn `next` is about to give.
struct Pick {
    class: Class,
    turn: Turn,
    promoted: bool,
}

impl<T> Scheduler<T> {
    /// The next item to send at `now`, or when to ask again. Call it in a loop: send each
    /// `Ready` item, sleep until `WaitUntil`, wait for a push on `Idle`.
    pub fn next(&mut self, now: Instant) -> Next<T> {
        self.wake_due(now);
        self.expire_due(now);
        if self.is_empty() {
            return Next::Idle;
        }
        self.adapt_global(now);
        let global_at = self.global.ready_at(now);
        let Some(pick) = self.pick(now) else {
            return match self.earliest_wake() {
                Some(at) => Next::WaitUntil(at.max(global_at)),
                None => {
                    debug_assert!(false, "items queued but no chat ready or waiting");
                    Next::WaitUntil(global_at.max(now + self.pace.per_chat_interval))
                }
            };
        };
        if global_at > now {
            return Next::WaitUntil(global_at);
        }
        Next::Ready(self.take(pick, now))
    }

    /// Natural class first; an overdue lower class instead when a promoted turn is due.
    fn pick(&mut self, now: Instant) -> Option<Pick> {
        let natural = Class::ALL.into_iter().find(|&class| self.ring_front(class).is_some())?;
        let promoted = if self.aging.may_promote() { self.most_overdue(natural, now) } else { None };
        let class = promoted.unwrap_or(natural);
        let turn = self.ring_front(class)?;
        Some(Pick { class, turn, promoted: promoted.is_some() })
    }

    /// Among classes less urgent than `natural` with a ready chat, the overdue one whose
    /// oldest item is oldest.
    fn most_overdue(&mut self, natural: Class, now: Instant) -> Option<Class> {
        let max_wait = self.pace.max_wait_before_promotion;
        let mut best: Option<(Instant, Class)> = None;
        for class in Class::ALL.into_iter().filter(|&class| class > natural) {
            let Some(oldest) = self.aging.overdue(class, now, max_wait) else {
                continue;
            };
            if best.is_some_and(|(at, _)| at <= oldest) || self.ring_front(class).is_none() {
                continue;
            }
            best = Some((oldest, class));
        }
        best.map(|(_, class)| class)
    }

    /// The first live turn of a class ring, dropping stale turns on the way.
    fn ring_front(&mut self, class: Class) -> Option<Turn> {
        loop {
            let turn = self.rings.front(class)?;
            match self.chats.get_mut(turn.slot) {
                Some(chat) if chat.ticket == turn.ticket => {
                    if chat.has(class) {
                        return Some(turn);
                    }
                    chat.in_ring[class.index()] = false;
                }
                _ => {}
            }
            self.rings.pop_front(class);
        }
    }

    /// Sends the chat's oldest item (the turn may have come from a more urgent class: its urgent
    /// message pulls the older ones out first), moves its turn to the back of the ring, and
    /// re-files the chat if its limiter or queues changed its state.
    fn take(&mut self, pick: Pick, now: Instant) -> Item<T> {
        let Pick { class, turn, promoted } = pick;
        let chat = self.chats.get_mut(turn.slot).expect("picked turns are live");
        let urgent = chat.oldest().expect("live turns have items");
        let entry = chat.queues[urgent.index()].pop_front().expect("urgent class has items");
        chat.queued -= 1;
        chat.limiter.record(now);
        let still_ready = chat.queued > 0 && chat.limiter.ready_at(now) <= now;
        self.rings.pop_front(class);
        if still_ready && chat.has(class) {
            self.rings.push(class, turn);
        } else {
            chat.in_ring[class.index()] = false;
        }
        if !still_ready {
            self.arm(turn.slot, now);
        }
        self.global.record(now);
        self.by_class[urgent.index()] -= 1;
        self.aging.remove(urgent, entry.at, entry.seq);
        self.aging.sent(promoted);
        self.stats.sent += 1;
        self.stats.promoted += u64::from(promoted);
        entry.item
    }
}
