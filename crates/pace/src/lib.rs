//! Outbound pacing for kentongan: one pure scheduler per bot (or SMS gateway) that decides
//! which queued message may be sent next without breaking the provider's limits.
//!
//! The crate does no I/O and never reads the clock: every call takes `now`, so the send
//! worker drives it with real time and tests drive it with virtual time.
//!
//! The rules, in the order they apply on [`Scheduler::next`]:
//!
//! 1. **Global rate.** A token bucket ([`Pace::global_per_sec`], [`Pace::global_burst`]),
//!    kept as a GCRA in integer nanoseconds so it cannot drift. In any closed 1-s window
//!    at most `global_burst + global_per_sec` messages leave.
//! 2. **Per-chat rate.** Each chat has its own bucket: one message per
//!    [`Pace::per_chat_interval`] with a burst of [`Pace::per_chat_burst`]. A chat that must
//!    wait does not block other chats.
//! 3. **429.** [`Scheduler::rate_limited`] pauses the chat (and the whole bot when the 429
//!    was global) for `retry_after`; afterwards the bucket restarts *empty* (no burst), so
//!    the first message after a pause is not followed by a second 429. When the answer does
//!    not say whose limit it was (Telegram), [`Scheduler::too_many_requests`] judges it (see
//!    [`adapt`]): a chat's own limit pauses only that chat; the bot's
//!    limit pauses every chat and lowers the global rate, which then climbs back slowly (AIMD).
//! 4. **Priority.** Classes are served most urgent first ([`Class`]).
//! 5. **Fairness.** Within a class, chats take turns round-robin: one message per turn, so a
//!    chat with 1,000 queued pushes delays another chat's single push by at most one turn.
//! 6. **No starvation** (see [`promote`] for the exact rule): when the oldest item of a
//!    lower class has waited longer than [`Pace::max_wait_before_promotion`], that class gets
//!    a turn ahead of the higher classes — but at most one send in
//!    [`promote::PROMOTED_TURN_EVERY`] is such a promoted turn, so dialog replies keep at
//!    least 80 % of the capacity even when thousands of pushes are overdue.
//! 7. **Order inside one chat.** A chat's messages leave in the order they were queued,
//!    whatever their class ([`Scheduler::push_front`] puts a retried message back at the head).
//!    Classes decide *when a chat gets a turn*, not what it sends: a turn in the dialog-reply
//!    ring lands on a chat that has a dialog reply queued, and the chat then sends its oldest
//!    message — an earlier status push first, the reply on its next turn. So a citizen never
//!    reads a push that was queued before their reply after it (or, across a restart, a prompt
//!    after the answer that follows it), and an urgent message pulls its chat's older ones along.
//!
//! The send worker's loop, in short:
//!
//! ```
//! use std::time::{Duration, Instant};
//! use kentongan_pace::{Class, Item, Next, Pace, Scheduler};
//!
//! let mut scheduler = Scheduler::new(Pace::telegram());
//! let now = Instant::now();
//! let reply = Item { chat: "42".to_owned(), class: Class::DialogReply, payload: "Terima kasih" };
//! scheduler.push(reply, now);
//! match scheduler.next(now) {
//!     Next::Ready(item) => {
//!         // Send it. Had Telegram answered 429 with retry_after = 3:
//!         scheduler.rate_limited(&item.chat, Duration::from_secs(3), now, false);
//!         scheduler.push_front(item, now);
//!     }
//!     Next::WaitUntil(_at) => { /* sleep until `_at` or the next push, whichever is first */ }
//!     Next::Idle => { /* sleep until the next push */ }
//! }
//! assert_eq!(scheduler.next(now), Next::WaitUntil(now + Duration::from_secs(3)));
//! ```
//!
//! `now` should not go backwards; if it does, the scheduler errs on the side of waiting.
//!
//! Cost: `push` and `next` are O(log n) (binary heaps and one ordered set per class); the
//! round-robin rings drop stale entries lazily, so no call scans all chats.

pub mod adapt;
mod chat;
mod class;
mod filing;
mod gcra;
mod next;
mod pace;
pub mod promote;
mod rings;
mod scheduler;
mod stats;
mod timers;

pub mod audit;

pub use adapt::Scope;
pub use class::Class;
pub use pace::{Pace, PaceError};
pub use scheduler::{Item, Next, Scheduler};
pub use stats::Stats;
