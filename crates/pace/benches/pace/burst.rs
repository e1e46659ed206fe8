//! The flood in virtual time: citizens in dialogs plus 5,000 status pushes at t=0.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;
use std::time::{Duration, Instant};

use kentongan_pace::audit::Audit;
use kentongan_pace::{Class, Item, Next, Pace, Scheduler};

use crate::rng::XorShift;

const REPLIES_PER_DIALOG: u32 = 10;

/// What a queued message stands for in the simulation.
enum Payload {
    Reply { citizen: usize, pushed: Instant },
    Push,
}

/// Figures for one scenario.
pub struct Report {
    citizens: usize,
    sends_per_sec: f64,
    p50: Duration,
    p99: Duration,
    push_drain: Duration,
    violations: u64,
    promoted: u64,
    ns_per_next: f64,
}

impl Report {
    pub const HEADER: &str =
        "citizens | sends/s (of 30) | reply p50 | reply p99 | pushes drained | 429-equiv | promoted | ns/next (median)";
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:>8} | {:>6.2} ({:>3.0} %)  | {:>8.2}s | {:>8.2}s | {:>13.1}s | {:>9} | {:>8} | {:>7.0}",
            self.citizens,
            self.sends_per_sec,
            self.sends_per_sec / 30.0 * 100.0,
            self.p50.as_secs_f64(),
            self.p99.as_secs_f64(),
            self.push_drain.as_secs_f64(),
            self.violations,
            self.promoted,
            self.ns_per_next,
        )
    }
}

/// Simulation state: the scheduler, citizens' next messages, and what was measured.
struct Flood {
    scheduler: Scheduler<Payload>,
    /// (arrival of a citizen's message, citizen): each arrival pushes one dialog reply.
    arrivals: BinaryHeap<Reverse<(Instant, usize)>>,
    left: Vec<u32>,
    rng: XorShift,
    audit: Audit,
    delays: Vec<Duration>,
    last_push: Instant,
    sends: u64,
    /// Sends up to the last status push: all made while the bot was backlogged.
    sends_by_last_push: u64,
}

pub fn simulate(citizens: usize, pushes: usize, seed: u64) -> Report {
    let t0 = Instant::now();
    let mut flood = Flood::new(citizens, seed, t0);
    for n in 0..pushes {
        let item = Item { chat: format!("p{n}"), class: Class::StatusPush, payload: Payload::Push };
        flood.scheduler.push(item, t0);
    }
    let mut timings: Vec<u32> = Vec::new();
    let mut now = t0;
    loop {
        flood.arrive(now);
        let started = Instant::now();
        let next = flood.scheduler.next(now);
        timings.push(started.elapsed().as_nanos().min(u128::from(u32::MAX)) as u32);
        let upcoming = flood.arrivals.peek().map(|Reverse((at, _))| *at);
        match next {
            Next::Ready(item) => flood.sent(item, now),
            Next::WaitUntil(at) => now = upcoming.map_or(at, |next| next.min(at)),
            Next::Idle => match upcoming {
                Some(at) => now = at,
                None => break,
            },
        }
    }
    // Median, not mean: on a shared machine a few calls get preempted for milliseconds.
    timings.sort_unstable();
    flood.report(citizens, t0, f64::from(timings[timings.len() / 2]))
}

impl Flood {
    fn new(citizens: usize, seed: u64, t0: Instant) -> Self {
        let mut rng = XorShift::new(seed);
        let arrivals =
            (0..citizens).map(|citizen| Reverse((t0 + Duration::from_millis(rng.below(60_000)), citizen))).collect();
        Flood {
            scheduler: Scheduler::new(Pace::telegram()),
            arrivals,
            left: vec![REPLIES_PER_DIALOG; citizens],
            rng,
            audit: Audit::telegram(),
            delays: Vec::new(),
            last_push: t0,
            sends: 0,
            sends_by_last_push: 0,
        }
    }

    /// Citizens whose message arrived by `now` get their reply queued.
    fn arrive(&mut self, now: Instant) {
        while let Some(Reverse((at, citizen))) = self.arrivals.peek().copied() {
            if at > now {
                break;
            }
            self.arrivals.pop();
            let payload = Payload::Reply { citizen, pushed: now };
            let item = Item { chat: format!("c{citizen}"), class: Class::DialogReply, payload };
            self.scheduler.push(item, now);
        }
    }

    fn sent(&mut self, item: Item<Payload>, now: Instant) {
        self.audit.record(&item.chat, now);
        self.sends += 1;
        match item.payload {
            Payload::Push => {
                self.last_push = now;
                self.sends_by_last_push = self.sends;
            }
            Payload::Reply { citizen, pushed } => {
                self.delays.push(now - pushed);
                self.left[citizen] -= 1;
                if self.left[citizen] > 0 {
                    let typing = Duration::from_millis(5_000 + self.rng.below(15_001));
                    self.arrivals.push(Reverse((now + typing, citizen)));
                }
            }
        }
    }

    fn report(mut self, citizens: usize, t0: Instant, ns_per_next: f64) -> Report {
        self.delays.sort();
        let pick = |q: f64| self.delays[((self.delays.len() - 1) as f64 * q) as usize];
        let push_drain = self.last_push - t0;
        Report {
            citizens,
            // The bot is backlogged until the pushes drain: that is where capacity counts.
            sends_per_sec: self.sends_by_last_push as f64 / push_drain.as_secs_f64(),
            p50: pick(0.50),
            p99: pick(0.99),
            push_drain,
            violations: self.audit.violations(),
            promoted: self.scheduler.stats().promoted,
            ns_per_next,
        }
    }
}
