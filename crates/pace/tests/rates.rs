//! Global and per-chat rates hold over long virtual-time runs.

mod common;

use std::time::{Duration, Instant};

use common::{XorShift, assert_within_limits, item, max_in_window, run};
use kentongan_pace::{Class, Pace, Scheduler};

/// 10,000 items over 1,000 chats of all classes, pushed during the first 10 s.
fn ten_thousand(t0: Instant) -> Vec<(Instant, kentongan_pace::Item<u64>)> {
    let mut rng = XorShift::new(7);
    (0..10_000)
        .map(|n| {
            let at = t0 + Duration::from_millis(rng.below(10_000));
            let chat = format!("chat-{}", rng.below(1_000));
            (at, item(&chat, Class::ALL[rng.below(4) as usize], n))
        })
        .collect()
}

#[test]
fn global_rate_is_never_exceeded_in_any_one_second_window_over_a_60_s_run() {
    let t0 = Instant::now();
    let pace = Pace::telegram();
    let mut scheduler = Scheduler::new(pace.clone());
    let sent = run(&mut scheduler, ten_thousand(t0), t0, t0 + Duration::from_secs(60));
    assert!(max_in_window(&sent, Duration::from_secs(1)) <= 30);
    assert_within_limits(&sent, &pace);
    // And the capacity is used: 60 s at 28/s, minus nothing (always backlogged).
    assert!(sent.len() >= 28 * 60, "only {} sent", sent.len());
}

#[test]
fn per_chat_interval_is_never_violated_even_for_one_busy_chat() {
    let t0 = Instant::now();
    let pace = Pace::telegram();
    let mut scheduler = Scheduler::new(pace.clone());
    let arrivals = (0..200).map(|n| (t0, item("busy", Class::DialogReply, n))).collect();
    let sent = run(&mut scheduler, arrivals, t0, t0 + Duration::from_secs(60));
    // Burst of 3 at t0, then one per second.
    assert_eq!(sent.len(), 3 + 60);
    for pair in sent.windows(4) {
        assert!(pair[3].at - pair[0].at >= pace.per_chat_interval);
    }
    assert_within_limits(&sent, &pace);
}

#[test]
fn a_slow_sms_gateway_keeps_its_per_minute_rate() {
    let t0 = Instant::now();
    let pace = Pace::sms(4.0);
    let mut scheduler = Scheduler::new(pace.clone());
    let arrivals = (0..100).map(|n| (t0, item(&format!("+62{n}"), Class::StatusPush, n))).collect();
    let sent = run(&mut scheduler, arrivals, t0, t0 + Duration::from_secs(600));
    assert_eq!(sent.len(), 41, "one at t0, then one every 15 s for 10 minutes");
    assert!(max_in_window(&sent, Duration::from_secs(60)) <= 5);
}
