//! Shared test helpers: a tiny seeded PRNG, a virtual-time driver and invariant checks.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use kentongan_pace::audit::Audit;
use kentongan_pace::{Class, Item, Next, Pace, Scheduler};

/// xorshift64*: enough randomness for tests, reproducible from the seed.
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> Self {
        XorShift(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// One item handed out by `next`.
#[derive(Clone, Debug)]
pub struct Sent {
    pub at: Instant,
    pub chat: String,
    pub class: Class,
    pub payload: u64,
}

pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

pub fn item(chat: &str, class: Class, payload: u64) -> Item<u64> {
    Item { chat: chat.to_owned(), class, payload }
}

/// Drives `scheduler` in virtual time from `now` to `end`: pushes each arrival when its
/// time comes, sends every `Ready` item at once, jumps to each `WaitUntil`.
pub fn run(
    scheduler: &mut Scheduler<u64>,
    mut arrivals: Vec<(Instant, Item<u64>)>,
    mut now: Instant,
    end: Instant,
) -> Vec<Sent> {
    arrivals.sort_by_key(|(at, _)| *at);
    let mut arrivals = arrivals.into_iter().peekable();
    let mut sent = Vec::new();
    while now <= end {
        while let Some((_, item)) = arrivals.next_if(|(at, _)| *at <= now) {
            scheduler.push(item, now);
        }
        let next_arrival = arrivals.peek().map(|(at, _)| *at);
        match scheduler.next(now) {
            Next::Ready(item) => sent.push(Sent { at: now, chat: item.chat, class: item.class, payload: item.payload }),
            Next::WaitUntil(at) => {
                assert!(at > now, "WaitUntil must lie in the future");
                now = next_arrival.map_or(at, |next| next.min(at));
            }
            Next::Idle => match next_arrival {
                Some(at) => now = at,
                None => break,
            },
        }
    }
    sent
}

/// Every send replayed through the independent [`Audit`] for `pace`: no 429-equivalents.
pub fn assert_within_limits(sent: &[Sent], pace: &Pace) {
    let mut audit = Audit::for_pace(pace);
    for send in sent {
        assert!(audit.record(&send.chat, send.at), "limit broken by {send:?}");
    }
}

/// Sends per chat and class, in send order.
pub fn by_chat_class(sent: &[Sent]) -> HashMap<(String, Class), Vec<u64>> {
    let mut map: HashMap<_, Vec<u64>> = HashMap::new();
    for send in sent {
        map.entry((send.chat.clone(), send.class)).or_default().push(send.payload);
    }
    map
}

/// The largest number of sends in any closed window of `window` length.
pub fn max_in_window(sent: &[Sent], window: Duration) -> usize {
    let mut start = 0;
    let mut best = 0;
    for end in 0..sent.len() {
        while sent[start].at + window < sent[end].at {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}
