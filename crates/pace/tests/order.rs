//! Priority between classes, round-robin within a class, FIFO within a chat, and counts.

mod common;

use std::time::{Duration, Instant};

use common::{by_chat_class, item, run};
use kentongan_pace::{Class, Next, Pace, Scheduler};

/// A pace with no rate limits in the way, to look at ordering alone.
fn unthrottled() -> Pace {
    Pace {
        global_per_sec: 1e6,
        global_burst: 1_000_000,
        per_chat_interval: Duration::ZERO,
        per_chat_burst: 1_000,
        max_wait_before_promotion: Duration::from_secs(3600),
    }
}

fn drain(scheduler: &mut Scheduler<u64>, now: Instant) -> Vec<(String, Class, u64)> {
    let mut out = Vec::new();
    while let Next::Ready(item) = scheduler.next(now) {
        out.push((item.chat, item.class, item.payload));
    }
    out
}

#[test]
fn classes_are_served_most_urgent_first() {
    let t0 = Instant::now();
    let mut scheduler = Scheduler::new(unthrottled());
    for (n, class) in Class::ALL.into_iter().rev().enumerate() {
        scheduler.push(item(&format!("c{n}"), class, n as u64), t0);
    }
    let classes: Vec<Class> = drain(&mut scheduler, t0).into_iter().map(|(_, c, _)| c).collect();
    assert_eq!(classes, Class::ALL);
}

#[test]
fn chats_in_one_class_take_turns_so_a_single_push_waits_at_most_one_turn() {
    let t0 = Instant::now();
    let mut scheduler = Scheduler::new(unthrottled());
    for n in 0..1_000 {
        scheduler.push(item("loud", Class::StatusPush, n), t0);
    }
    scheduler.push(item("quiet", Class::StatusPush, 0), t0);
    let sent = drain(&mut scheduler, t0);
    let quiet = sent.iter().position(|(chat, _, _)| chat == "quiet").unwrap();
    assert_eq!(quiet, 1, "one turn of `loud`, then `quiet`");
}

#[test]
fn round_robin_alternates_between_backlogged_chats() {
    let t0 = Instant::now();
    let mut scheduler = Scheduler::new(unthrottled());
    for n in 0..3 {
        for chat in ["a", "b", "c"] {
            scheduler.push(item(chat, Class::Digest, n), t0);
        }
    }
    let chats: String = drain(&mut scheduler, t0).into_iter().map(|(chat, _, _)| chat).collect();
    assert_eq!(chats, "abcabcabc");
}

#[test]
fn order_per_chat_across_classes_is_kept_under_real_limits() {
    let t0 = Instant::now();
    let mut scheduler = Scheduler::new(Pace::telegram());
    let arrivals = (0..600)
        .map(|n| {
            let at = t0 + Duration::from_millis(n * 7);
            (at, item(&format!("c{}", n % 13), Class::ALL[(n % 4) as usize], n))
        })
        .collect();
    let sent = run(&mut scheduler, arrivals, t0, t0 + Duration::from_secs(600));
    assert_eq!(sent.len(), 600);
    for payloads in by_chat_class(&sent).values() {
        assert!(payloads.is_sorted(), "reordered: {payloads:?}");
    }
    let mut by_chat: std::collections::HashMap<&str, Vec<u64>> = Default::default();
    for s in &sent {
        by_chat.entry(&s.chat).or_default().push(s.payload);
    }
    for payloads in by_chat.values() {
        assert!(payloads.is_sorted(), "a chat's messages reordered across classes: {payloads:?}");
    }
}

#[test]
fn a_chats_messages_leave_in_queue_order_and_its_dialog_reply_pulls_its_earlier_push_along() {
    let t0 = Instant::now();
    let mut scheduler = Scheduler::new(unthrottled());
    scheduler.push(item("other", Class::StatusPush, 10), t0);
    scheduler.push(item("citizen", Class::StatusPush, 1), t0);
    scheduler.push(item("citizen", Class::DialogReply, 2), t0);
    let sent: Vec<u64> = drain(&mut scheduler, t0).into_iter().map(|(_, _, n)| n).collect();
    // The citizen's turn comes with its dialog reply, ahead of the other chat's push; the citizen's
    // own earlier push leaves first, then its reply.
    assert_eq!(sent, [1, 2, 10]);
}

#[test]
fn a_retried_message_stays_its_chats_oldest_across_classes() {
    let t0 = Instant::now();
    let mut scheduler = Scheduler::new(unthrottled());
    scheduler.push(item("citizen", Class::DialogReply, 2), t0);
    scheduler.push(item("citizen", Class::StatusPush, 1), t0);
    let Next::Ready(first) = scheduler.next(t0) else { panic!("one is ready") };
    assert_eq!(first.payload, 2);
    scheduler.push_front(first, t0);
    let sent: Vec<u64> = drain(&mut scheduler, t0).into_iter().map(|(_, _, n)| n).collect();
    assert_eq!(sent, [2, 1]);
}

#[test]
fn len_by_class_and_contains_chat_follow_pushes_and_sends() {
    let t0 = Instant::now();
    let mut scheduler = Scheduler::new(unthrottled());
    assert!(scheduler.is_empty());
    assert_eq!(scheduler.next(t0), Next::Idle);
    let counts = [(Class::DialogReply, 3), (Class::StatusPush, 5), (Class::Digest, 2)];
    for (class, count) in counts {
        for n in 0..count {
            scheduler.push(item(&format!("{class:?}-{n}"), class, n), t0);
        }
    }
    assert_eq!(scheduler.len_by_class(), [3, 0, 5, 2]);
    assert_eq!(scheduler.len(), 10);
    assert!(scheduler.contains_chat("Digest-1"));
    assert!(!scheduler.contains_chat("nobody"));
    for _ in 0..4 {
        assert!(matches!(scheduler.next(t0), Next::Ready(_)));
    }
    assert_eq!(scheduler.len_by_class(), [0, 0, 4, 2]);
    assert!(!scheduler.contains_chat("DialogReply-0"));
    drain(&mut scheduler, t0);
    assert_eq!((scheduler.len(), scheduler.len_by_class()), (0, [0; 4]));
}

#[test]
fn a_chat_waiting_on_its_interval_does_not_block_other_chats() {
    let t0 = Instant::now();
    let mut pace = Pace::telegram();
    pace.per_chat_burst = 1;
    let mut scheduler = Scheduler::new(pace);
    scheduler.push(item("a", Class::DialogReply, 1), t0);
    scheduler.push(item("a", Class::DialogReply, 2), t0);
    scheduler.push(item("b", Class::Digest, 3), t0);
    let later = t0 + Duration::from_millis(100);
    assert!(matches!(scheduler.next(t0), Next::Ready(i) if i.payload == 1));
    assert!(matches!(scheduler.next(later), Next::Ready(i) if i.payload == 3));
    assert_eq!(scheduler.next(later), Next::WaitUntil(t0 + Duration::from_secs(1)));
}

#[test]
fn idle_chats_are_forgotten_once_their_limiter_has_refilled() {
    let t0 = Instant::now();
    let mut scheduler = Scheduler::new(Pace::telegram());
    let arrivals = (0..2_000).map(|n| (t0, item(&format!("c{n}"), Class::StatusPush, n))).collect();
    let sent = run(&mut scheduler, arrivals, t0, t0 + Duration::from_secs(120));
    assert_eq!(sent.len(), 2_000);
    assert_eq!(scheduler.next(t0 + Duration::from_secs(200)), Next::Idle);
    assert_eq!(scheduler.known_chats(), 0);
}
