//! A 429 pauses the chat or the whole bot for `retry_after`, and the retry goes first.

mod common;

use std::time::{Duration, Instant};

use common::item;
use kentongan_pace::{Class, Next, Pace, Scheduler};

fn ready(scheduler: &mut Scheduler<u64>, now: Instant) -> u64 {
    match scheduler.next(now) {
        Next::Ready(item) => item.payload,
        other => panic!("expected a send at {now:?}, got {other:?}"),
    }
}

#[test]
fn a_429_pauses_that_chat_for_retry_after_and_the_retry_is_sent_first() {
    let t0 = Instant::now();
    let mut scheduler = Scheduler::new(Pace::telegram());
    for n in 1..=3 {
        scheduler.push(item("hot", Class::DialogReply, n), t0);
    }
    scheduler.push(item("other", Class::DialogReply, 10), t0);
    assert_eq!(ready(&mut scheduler, t0), 1);
    // Sending 1 got a 429 with retry_after = 5 s: pause, then put it back at the head.
    scheduler.rate_limited("hot", Duration::from_secs(5), t0, false);
    scheduler.push_front(item("hot", Class::DialogReply, 1), t0);
    let soon = t0 + Duration::from_millis(100);
    assert_eq!(ready(&mut scheduler, soon), 10, "other chats are not paused");
    assert_eq!(scheduler.next(soon), Next::WaitUntil(t0 + Duration::from_secs(5)));
    let resume = t0 + Duration::from_secs(5);
    assert_eq!(ready(&mut scheduler, resume), 1, "the retried item leaves first");
    // No burst right after a pause: the next one waits a full interval.
    assert_eq!(scheduler.next(resume), Next::WaitUntil(resume + Duration::from_secs(1)));
    assert_eq!(ready(&mut scheduler, resume + Duration::from_secs(1)), 2);
    assert_eq!(scheduler.stats().rate_limited, 1);
    assert_eq!(scheduler.stats().rate_limited_global, 0);
}

#[test]
fn a_global_429_pauses_the_whole_bot_and_counts_in_the_metric() {
    let t0 = Instant::now();
    let mut scheduler = Scheduler::new(Pace::telegram());
    scheduler.push(item("a", Class::DialogReply, 1), t0);
    scheduler.push(item("b", Class::DialogReply, 2), t0);
    assert_eq!(ready(&mut scheduler, t0), 1);
    scheduler.push_front(item("a", Class::DialogReply, 1), t0);
    scheduler.rate_limited("a", Duration::from_secs(3), t0, true);
    let until = t0 + Duration::from_secs(3);
    assert_eq!(scheduler.next(t0 + Duration::from_secs(1)), Next::WaitUntil(until));
    let first = ready(&mut scheduler, until);
    assert!(first == 1 || first == 2);
    assert_eq!(scheduler.next(until), Next::WaitUntil(until + Duration::from_nanos(35_714_286)));
    assert_eq!(scheduler.stats().rate_limited, 1);
    assert_eq!(scheduler.stats().rate_limited_global, 1);
}

#[test]
fn a_429_for_an_unknown_or_idle_chat_still_holds_back_its_next_message() {
    let t0 = Instant::now();
    let mut scheduler = Scheduler::new(Pace::telegram());
    scheduler.rate_limited("late", Duration::from_secs(2), t0, false);
    scheduler.push(item("late", Class::StatusPush, 7), t0 + Duration::from_secs(1));
    assert_eq!(scheduler.next(t0 + Duration::from_secs(1)), Next::WaitUntil(t0 + Duration::from_secs(2)));
    assert_eq!(ready(&mut scheduler, t0 + Duration::from_secs(2)), 7);
}

#[test]
fn a_longer_second_429_extends_the_pause_and_a_shorter_one_does_not_shorten_it() {
    let t0 = Instant::now();
    let mut scheduler = Scheduler::new(Pace::telegram());
    scheduler.push(item("c", Class::AdminPing, 1), t0);
    scheduler.rate_limited("c", Duration::from_secs(10), t0, false);
    scheduler.rate_limited("c", Duration::from_secs(1), t0, false);
    assert_eq!(scheduler.next(t0), Next::WaitUntil(t0 + Duration::from_secs(10)));
    assert_eq!(ready(&mut scheduler, t0 + Duration::from_secs(10)), 1);
}
