//! 429s judged by what the other chats got, and a global rate that adapts: in virtual time against a
//! fake Telegram that enforces a bot-wide limit (a sliding 1-s window) and per-chat limits.

mod common;

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use common::item;
use kentongan_pace::{Class, Next, Pace, Scheduler, Scope};

/// Telegram as far as limits go: at most `per_sec` accepted messages in any 1-s window for the bot,
/// and per chat a bucket of 3 refilled once a second (or once per `slow` interval for some chats).
struct FakeTelegram {
    per_sec: usize,
    accepted: VecDeque<Instant>,
    chats: HashMap<String, (f64, Instant)>,
    slow: HashMap<String, Duration>,
}

impl FakeTelegram {
    fn new(per_sec: usize) -> Self {
        FakeTelegram { per_sec, accepted: VecDeque::new(), chats: HashMap::new(), slow: HashMap::new() }
    }

    /// `Err(retry_after)` in whole seconds, as Telegram answers.
    fn answer(&mut self, chat: &str, at: Instant) -> Result<(), Duration> {
        while self.accepted.front().is_some_and(|&t| t + Duration::from_secs(1) <= at) {
            self.accepted.pop_front();
        }
        let interval = self.slow.get(chat).copied().unwrap_or(Duration::from_secs(1));
        let burst = if self.slow.contains_key(chat) { 1.0 } else { 3.0 };
        let (tokens, last) = self.chats.get(chat).copied().unwrap_or((burst, at));
        let tokens = (tokens + at.saturating_duration_since(last).as_secs_f64() / interval.as_secs_f64()).min(burst);
        let whole = |d: Duration| Duration::from_secs(d.as_secs_f64().ceil().max(1.0) as u64);
        if tokens < 1.0 - 1e-9 {
            self.chats.insert(chat.to_owned(), (tokens, at));
            return Err(whole(interval.mul_f64(1.0 - tokens)));
        }
        if self.accepted.len() >= self.per_sec {
            let oldest = self.accepted[0];
            return Err(whole(oldest + Duration::from_secs(1) - at));
        }
        self.chats.insert(chat.to_owned(), (tokens - 1.0, at));
        self.accepted.push_back(at);
        Ok(())
    }
}

#[derive(Default)]
struct Run {
    /// When each accepted message left, and to whom.
    accepted: Vec<(Instant, String)>,
    too_many: Vec<(String, Scope)>,
}

/// Drives the scheduler against the fake for `secs` of virtual time; `judge` reports each 429.
fn run(
    scheduler: &mut Scheduler<u64>,
    fake: &mut FakeTelegram,
    t0: Instant,
    secs: u64,
    mut judge: impl FnMut(&mut Scheduler<u64>, &str, Duration, Instant) -> Scope,
) -> Run {
    let end = t0 + Duration::from_secs(secs);
    let mut now = t0;
    let mut out = Run::default();
    while now < end {
        match scheduler.next(now) {
            Next::Ready(item) => match fake.answer(&item.chat, now) {
                Ok(()) => {
                    scheduler.delivered(&item.chat, now);
                    out.accepted.push((now, item.chat));
                }
                Err(retry_after) => {
                    let scope = judge(scheduler, &item.chat, retry_after, now);
                    out.too_many.push((item.chat.clone(), scope));
                    scheduler.push_front(item, now);
                }
            },
            Next::WaitUntil(at) => now = at,
            Next::Idle => break,
        }
    }
    out
}

fn backlog(scheduler: &mut Scheduler<u64>, chats: usize, each: u64, t0: Instant) {
    for n in 0..each {
        for c in 0..chats {
            scheduler.push(item(&format!("c{c}"), Class::DialogReply, n), t0);
        }
    }
}

fn per_sec_after(run: &Run, from: Instant, to: Instant) -> f64 {
    let n = run.accepted.iter().filter(|(at, _)| *at >= from && *at < to).count();
    n as f64 / (to - from).as_secs_f64()
}

#[test]
fn against_a_bot_limit_below_our_pace_the_rate_settles_under_it_instead_of_cycling() {
    let t0 = Instant::now();
    let (from, to) = (t0 + Duration::from_secs(20), t0 + Duration::from_secs(120));
    // Before: every 429 paused the whole bot and the rate never adapted.
    let mut old = Scheduler::new(Pace::telegram());
    backlog(&mut old, 400, 40, t0);
    let before = run(&mut old, &mut FakeTelegram::new(20), t0, 120, |s, chat, wait, now| {
        s.rate_limited(chat, wait, now, true);
        Scope::Bot
    });
    let mut scheduler = Scheduler::new(Pace::telegram());
    backlog(&mut scheduler, 400, 40, t0);
    let after = run(&mut scheduler, &mut FakeTelegram::new(20), t0, 120, |s, chat, wait, now| {
        s.too_many_requests(chat, wait, now)
    });
    let (old_rate, new_rate) = (per_sec_after(&before, from, to), per_sec_after(&after, from, to));
    assert!(old_rate < 15.0, "the old cycle: {old_rate:.1}/s");
    assert!(new_rate > 16.5, "adapted: {new_rate:.1}/s against a 20/s limit (before: {old_rate:.1}/s)");
    let (old_429s, new_429s) = (before.too_many.len(), after.too_many.len());
    assert!(new_429s * 3 < old_429s, "429s: {new_429s} after, {old_429s} before");
    assert!(scheduler.stats().rate_decreases >= 1);
    assert!(scheduler.global_rate(to) < 21.0, "near the limit, not at our 28/s: {}", scheduler.global_rate(to));
}

#[test]
fn one_chats_own_limit_pauses_that_chat_only_and_leaves_the_bot_rate_alone() {
    let t0 = Instant::now();
    let mut scheduler = Scheduler::new(Pace::telegram());
    backlog(&mut scheduler, 100, 20, t0);
    for n in 0..40 {
        scheduler.push(item("group", Class::DialogReply, 100 + n), t0);
    }
    let mut fake = FakeTelegram::new(30);
    // A chat with a limit of its own far below ours (groups get 20 a minute; this one 6).
    fake.slow.insert("group".into(), Duration::from_secs(10));
    let run = run(&mut scheduler, &mut fake, t0, 60, |s, chat, wait, now| s.too_many_requests(chat, wait, now));
    let group_429s: Vec<&Scope> = run.too_many.iter().filter(|(c, _)| c == "group").map(|(_, s)| s).collect();
    assert!(!group_429s.is_empty(), "the group did hit its limit");
    assert!(group_429s.iter().all(|s| **s == Scope::Chat), "{group_429s:?}");
    assert_eq!(scheduler.stats().rate_limited_global, 0);
    assert_eq!(scheduler.stats().rate_decreases, 0);
    let rate = per_sec_after(&run, t0 + Duration::from_secs(2), t0 + Duration::from_secs(60));
    assert!(rate > 27.0, "the other chats kept the full pace: {rate:.1}/s");
    let group_sent = run.accepted.iter().filter(|(_, c)| c == "group").count();
    assert!(group_sent >= 3, "the group still got its share: {group_sent}");
}
