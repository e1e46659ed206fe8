//! CPU cost of `next()` with 100k items queued across 10k chats, on real time.

use std::fmt;
use std::time::{Duration, Instant};

use kentongan_pace::{Class, Item, Next, Pace, Scheduler};

use crate::rng::XorShift;

const CHATS: u64 = 10_000;
const ITEMS: u64 = 100_000;

pub struct Report {
    label: &'static str,
    calls: u64,
    ready: u64,
    ns_per_next: f64,
    ns_per_push: f64,
}

impl Report {
    pub const HEADER: &str = "pace                           |   next() calls | of which Ready | ns/next | ns/push";
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<30} | {:>14} | {:>14} | {:>7.0} | {:>7.0}",
            self.label, self.calls, self.ready, self.ns_per_next, self.ns_per_push
        )
    }
}

/// Telegram pace (most calls answer WaitUntil) and an unthrottled pace (every call sends).
pub fn measure() -> Vec<Report> {
    let unthrottled = Pace {
        global_per_sec: 1e9,
        global_burst: u32::MAX,
        per_chat_interval: Duration::ZERO,
        per_chat_burst: u32::MAX,
        max_wait_before_promotion: Duration::from_secs(1),
    };
    vec![drain("telegram, 100k items/10k chats", Pace::telegram()), drain("unthrottled, same load", unthrottled)]
}

fn drain(label: &'static str, pace: Pace) -> Report {
    let mut rng = XorShift::new(99);
    let items: Vec<Item<u64>> = (0..ITEMS)
        .map(|n| Item {
            chat: format!("chat-{}", rng.below(CHATS)),
            class: Class::ALL[rng.below(4) as usize],
            payload: n,
        })
        .collect();
    let mut scheduler = Scheduler::new(pace);
    let t0 = Instant::now();
    let started = Instant::now();
    for item in items {
        scheduler.push(item, t0);
    }
    let ns_per_push = started.elapsed().as_nanos() as f64 / ITEMS as f64;
    let (mut now, mut calls, mut ready) = (t0, 0u64, 0u64);
    let started = Instant::now();
    loop {
        calls += 1;
        match scheduler.next(now) {
            Next::Ready(item) => {
                ready += 1;
                std::hint::black_box(item);
            }
            Next::WaitUntil(at) => now = at,
            Next::Idle => break,
        }
    }
    let ns_per_next = started.elapsed().as_nanos() as f64 / calls as f64;
    Report { label, calls, ready, ns_per_next, ns_per_push }
}
