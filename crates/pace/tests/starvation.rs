//! No class starves: overdue items take promoted turns, but only a bounded share.

mod common;

use std::time::{Duration, Instant};

use common::{assert_within_limits, item, run};
use kentongan_pace::promote::PROMOTED_TURN_EVERY;
use kentongan_pace::{Class, Item, Pace, Scheduler};

/// 100 chats each getting a dialog reply every 2 s: 50/s wanted, 28/s possible.
fn endless_dialogs(t0: Instant, seconds: u64) -> Vec<(Instant, Item<u64>)> {
    let mut arrivals = Vec::new();
    for tick in 0..seconds * 50 {
        let at = t0 + Duration::from_millis(tick * 20);
        arrivals.push((at, item(&format!("d{}", tick % 100), Class::DialogReply, tick)));
    }
    arrivals
}

#[test]
fn a_digest_behind_an_endless_stream_of_dialog_replies_is_served_within_max_wait_and_a_bound() {
    let t0 = Instant::now();
    let pace = Pace::telegram();
    let mut scheduler = Scheduler::new(pace.clone());
    let mut arrivals = endless_dialogs(t0, 90);
    let queued_at = t0 + Duration::from_secs(1);
    arrivals.push((queued_at, item("digest-reader", Class::Digest, u64::MAX)));
    let sent = run(&mut scheduler, arrivals, t0, t0 + Duration::from_secs(90));
    assert_within_limits(&sent, &pace);
    let digest = sent.iter().find(|s| s.class == Class::Digest).expect("digest served");
    let waited = digest.at - queued_at;
    let bound = pace.global_interval_for_tests() * PROMOTED_TURN_EVERY + Duration::from_millis(1);
    assert!(waited > pace.max_wait_before_promotion, "served before it was overdue");
    assert!(waited <= pace.max_wait_before_promotion + bound, "waited {waited:?}");
    assert_eq!(scheduler.stats().promoted, 1);
}

#[test]
fn overdue_pushes_take_at_most_one_send_in_five_so_dialogs_keep_most_of_the_capacity() {
    let t0 = Instant::now();
    let pace = Pace::telegram();
    let mut scheduler = Scheduler::new(pace.clone());
    let mut arrivals = endless_dialogs(t0, 120);
    arrivals.extend((0..5_000).map(|n| (t0, item(&format!("p{n}"), Class::StatusPush, n))));
    let sent = run(&mut scheduler, arrivals, t0, t0 + Duration::from_secs(120));
    let overdue_from = t0 + pace.max_wait_before_promotion + Duration::from_secs(1);
    let late: Vec<_> = sent.iter().filter(|s| s.at >= overdue_from).collect();
    let pushes = late.iter().filter(|s| s.class == Class::StatusPush).count();
    let share = pushes as f64 / late.len() as f64;
    assert!((0.15..=0.2 + 1e-9).contains(&share), "push share {share}");
    // Once the dialog backlog has built up (the first second uses the slack), pushes wait
    // until they are overdue.
    let backlogged = t0 + Duration::from_secs(1);
    let overdue = t0 + pace.max_wait_before_promotion;
    let early = sent.iter().filter(|s| (backlogged..=overdue).contains(&s.at));
    assert_eq!(early.filter(|s| s.class == Class::StatusPush).count(), 0);
}

/// `Pace` keeps its bucket spacing private; tests recompute it the same way.
trait IntervalForTests {
    fn global_interval_for_tests(&self) -> Duration;
}

impl IntervalForTests for Pace {
    fn global_interval_for_tests(&self) -> Duration {
        Duration::from_nanos((1e9 / self.global_per_sec).ceil() as u64)
    }
}
