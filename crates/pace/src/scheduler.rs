//! The scheduler's state, what goes in (`push`, `push_front`, `rate_limited`) and queries.

use std::time::{Duration, Instant};

use crate::adapt::{Adapt, Scope};
use crate::chat::{Entry, State, Table};
use crate::class::Class;
use crate::gcra::Gcra;
use crate::pace::Pace;
use crate::promote::Aging;
use crate::rings::Rings;
use crate::stats::Stats;
use crate::timers::Timers;

/// One outbound message: to whom, how urgent, and what the send worker needs to send it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item<T> {
    pub chat: String,
    pub class: Class,
    pub payload: T,
}

/// Answer of [`Scheduler::next`].
#[derive(Debug, PartialEq, Eq)]
pub enum Next<T> {
    /// Send this now.
    Ready(Item<T>),
    /// Items are queued but none may leave before this instant (call `next` again then, or
    /// earlier if something is pushed).
    WaitUntil(Instant),
    /// Nothing is queued.
    Idle,
}

/// One outbound scheduler per bot; see the crate documentation for the rules.
pub struct Scheduler<T> {
    pub(crate) pace: Pace,
    pub(crate) chats: Table<T>,
    pub(crate) rings: Rings,
    /// Chats with items waiting for their limiter or a pause.
    pub(crate) wake: Timers,
    /// Idle chats to forget once their limiter is full again.
    pub(crate) expire: Timers,
    pub(crate) aging: Aging,
    pub(crate) global: Gcra,
    pub(crate) by_class: [usize; 4],
    pub(crate) next_seq: u64,
    pub(crate) next_ticket: u64,
    pub(crate) stats: Stats,
    /// Answers seen, and the global rate adapted to bot-wide 429s.
    pub(crate) adapt: Adapt,
    /// Whether the global rate is below the configured one (its spacing is recomputed as it climbs).
    pub(crate) adapting: bool,
    /// The end of the last bot-wide pause: 429s until then belong to the same flood.
    pub(crate) paused_until: Option<Instant>,
}

impl<T> Scheduler<T> {
    /// # Panics
    /// If `pace` fails [`Pace::check`]; validate configuration at start-up with it.
    pub fn new(pace: Pace) -> Self {
        if let Err(error) = pace.check() {
            panic!("{error}");
        }
        Scheduler {
            adapt: Adapt::new(pace.global_per_sec),
            global: Gcra::new(pace.global_interval(), pace.global_burst),
            pace,
            chats: Table::new(),
            rings: Rings::default(),
            wake: Timers::default(),
            expire: Timers::default(),
            aging: Aging::new(),
            by_class: [0; 4],
            next_seq: 0,
            next_ticket: 1,
            stats: Stats::default(),
            adapting: false,
            paused_until: None,
        }
    }

    /// Queues `item` behind the items of its chat and class (FIFO per chat per class).
    pub fn push(&mut self, item: Item<T>, now: Instant) {
        self.enqueue(item, now, false);
    }

    /// Queues `item` at the head of its chat's queue for its class: a retried message keeps
    /// its place and leaves before anything queued after it. For anti-starvation its age
    /// restarts at `now`.
    pub fn push_front(&mut self, item: Item<T>, now: Instant) {
        self.enqueue(item, now, true);
    }

    /// A 429 for `chat`: nothing more to that chat (and, when `global`, to anyone) before
    /// `now + retry_after`; afterwards the limiter restarts without burst. Puts nothing
    /// back: re-queue the failed item with [`Scheduler::push_front`] (before or after this
    /// call). Counted in [`Stats::rate_limited`].
    pub fn rate_limited(&mut self, chat: &str, retry_after: Duration, now: Instant, global: bool) {
        let until = now + retry_after;
        self.stats.rate_limited += 1;
        if global {
            self.stats.rate_limited_global += 1;
            self.global.pause_until(until);
        }
        let slot = self.chats.slot_for(chat, self.fresh_limiter());
        let chat = self.chats.get_mut(slot).expect("slot just looked up");
        chat.limiter.pause_until(until);
        self.arm(slot, now);
    }

    /// A message to `chat` went through: evidence for judging later 429s.
    pub fn delivered(&mut self, chat: &str, now: Instant) {
        self.adapt.delivered(chat, now);
    }

    /// A 429 for `chat` whose answer does not say whose limit it was (Telegram's). Judged by the
    /// chat's recent messages and the other chats' recent 429s ([`crate::adapt`] gives the rule and
    /// why): a chat's own limit pauses only the chat; the bot's limit pauses every chat and lowers the global rate (once per pause), which
    /// then climbs back slowly. Re-queue the item with [`Scheduler::push_front`] as for `rate_limited`.
    pub fn too_many_requests(&mut self, chat: &str, retry_after: Duration, now: Instant) -> Scope {
        let scope = self.adapt.judge(chat, now);
        if scope == Scope::Bot {
            let until = now + retry_after;
            if self.paused_until.is_none_or(|paused| now >= paused) {
                self.adapt.decrease(now, until);
                self.adapting = true;
                self.stats.rate_decreases += 1;
                self.adapt_global(now);
            }
            self.paused_until = Some(self.paused_until.map_or(until, |paused| paused.max(until)));
        }
        self.rate_limited(chat, retry_after, now, scope == Scope::Bot);
        scope
    }

    /// The global rate at `now`: the configured one, or lower after a bot-wide 429.
    pub fn global_rate(&self, now: Instant) -> f64 {
        self.adapt.rate(now)
    }

    /// Keeps the global bucket's spacing at the adapted rate while it climbs back.
    pub(crate) fn adapt_global(&mut self, now: Instant) {
        if !self.adapting {
            return;
        }
        self.adapting = self.adapt.settle(now);
        self.global.set_interval(crate::pace::interval_for(self.adapt.rate(now)));
    }

    /// Items queued, all classes.
    pub fn len(&self) -> usize {
        self.by_class.iter().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Items queued per class, indexed by [`Class::index`].
    pub fn len_by_class(&self) -> [usize; 4] {
        self.by_class
    }

    /// Whether anything is queued for `chat`.
    pub fn contains_chat(&self, chat: &str) -> bool {
        let slot = self.chats.find(chat);
        slot.and_then(|slot| self.chats.get(slot)).is_some_and(|chat| chat.queued > 0)
    }

    /// Counters for metrics.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// The limits this scheduler paces to.
    pub fn pace(&self) -> &Pace {
        &self.pace
    }

    /// Chats the scheduler holds state for: those with queued items and those whose
    /// limiter has not refilled yet. Bounded by recent traffic, not by history.
    pub fn known_chats(&self) -> usize {
        self.chats.known()
    }

    fn enqueue(&mut self, item: Item<T>, now: Instant, front: bool) {
        let class = item.class;
        let seq = self.next_seq;
        self.next_seq += 1;
        let slot = self.chats.slot_for(&item.chat, self.fresh_limiter());
        let chat = self.chats.get_mut(slot).expect("slot just looked up");
        let order = if front {
            chat.front -= 1;
            chat.front
        } else {
            chat.back += 1;
            chat.back
        };
        let entry = Entry { seq, at: now, order, item };
        let queue = &mut chat.queues[class.index()];
        if front {
            queue.push_front(entry);
        } else {
            queue.push_back(entry);
        }
        chat.queued += 1;
        self.by_class[class.index()] += 1;
        self.aging.add(class, now, seq);
        match chat.state {
            State::Ready => self.join_ring(slot, class),
            State::Waiting => {}
            State::Idle => self.arm(slot, now),
        }
    }

    fn fresh_limiter(&self) -> Gcra {
        Gcra::new(self.pace.per_chat_interval, self.pace.per_chat_burst)
    }
}
