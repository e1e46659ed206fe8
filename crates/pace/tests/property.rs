//! Randomized run with a fixed seed: random pushes, retries and 429s against a model queue,
//! checking every invariant after every step.

mod common;

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use common::{XorShift, item};
use kentongan_pace::audit::Audit;
use kentongan_pace::{Class, Next, Pace, Scheduler};

/// What the scheduler should hold: per chat, (class, payload) in send order — one order per chat,
/// whatever the classes.
#[derive(Default)]
struct Model {
    queues: HashMap<String, VecDeque<(Class, u64)>>,
    /// Queued items per class.
    counts: [usize; 4],
    paused: HashMap<String, Instant>,
    global_pause: Option<Instant>,
}

impl Model {
    fn count(&self, class: Class) -> usize {
        self.counts[class.index()]
    }

    fn queue(&mut self, chat: &str, class: Class, payload: u64, front: bool) {
        let queue = self.queues.entry(chat.to_owned()).or_default();
        if front {
            queue.push_front((class, payload))
        } else {
            queue.push_back((class, payload))
        }
        self.counts[class.index()] += 1;
    }

    fn has_chat(&self, chat: &str) -> bool {
        self.queues.get(chat).is_some_and(|q| !q.is_empty())
    }

    /// Checks one send against the model and removes it.
    fn sent(&mut self, chat: &str, class: Class, payload: u64, now: Instant) {
        assert!(self.paused.get(chat).is_none_or(|&until| now >= until), "{chat} sent while paused");
        assert!(self.global_pause.is_none_or(|until| now >= until), "sent while the bot is paused");
        let queue = self.queues.get_mut(chat).expect("known queue");
        assert_eq!(queue.pop_front(), Some((class, payload)), "{chat}: out of order");
        self.counts[class.index()] -= 1;
    }
}

fn check_counts(scheduler: &Scheduler<u64>, model: &Model, rng: &mut XorShift) {
    let counts = Class::ALL.map(|class| model.count(class));
    assert_eq!(scheduler.len_by_class(), counts);
    assert_eq!(scheduler.len(), counts.iter().sum::<usize>());
    let chat = format!("c{}", rng.below(40));
    assert_eq!(scheduler.contains_chat(&chat), model.has_chat(&chat));
}

/// One random step: mostly pushes and sends, sometimes a 429 for the item just sent.
fn step(
    scheduler: &mut Scheduler<u64>,
    model: &mut Model,
    audit: &mut Audit,
    rng: &mut XorShift,
    now: &mut Instant,
    payload: &mut u64,
) {
    let roll = rng.below(100);
    if roll < 45 {
        let chat = format!("c{}", rng.below(40));
        let class = Class::ALL[rng.below(4) as usize];
        *payload += 1;
        model.queue(&chat, class, *payload, false);
        scheduler.push(item(&chat, class, *payload), *now);
        return;
    }
    match scheduler.next(*now) {
        Next::Ready(sent) => {
            model.sent(&sent.chat, sent.class, sent.payload, *now);
            if rng.below(20) == 0 {
                // Telegram answered 429: pause, then put the item back at the head.
                let retry_after = Duration::from_millis(500 + rng.below(3_000));
                let global = rng.below(4) == 0;
                scheduler.rate_limited(&sent.chat, retry_after, *now, global);
                model.paused.insert(sent.chat.clone(), *now + retry_after);
                if global {
                    model.global_pause = Some(*now + retry_after);
                }
                model.queue(&sent.chat, sent.class, sent.payload, true);
                scheduler.push_front(sent, *now);
            } else {
                assert!(audit.record(&sent.chat, *now), "429-equivalent at {now:?}");
            }
        }
        Next::WaitUntil(at) => {
            assert!(at > *now);
            *now = if rng.below(2) == 0 { at } else { *now + Duration::from_millis(rng.below(200)) };
        }
        Next::Idle => {
            assert!(model.queues.values().all(VecDeque::is_empty), "idle with items queued");
            *now += Duration::from_millis(rng.below(1_000));
        }
    }
}

fn run_property(seed: u64, pace: Pace) {
    let mut rng = XorShift::new(seed);
    let mut scheduler = Scheduler::new(pace.clone());
    let mut audit = Audit::for_pace(&pace);
    let mut model = Model::default();
    let mut now = Instant::now();
    let mut payload = 0;
    for _ in 0..30_000 {
        step(&mut scheduler, &mut model, &mut audit, &mut rng, &mut now, &mut payload);
        check_counts(&scheduler, &model, &mut rng);
    }
    // The run must have exercised what it claims to: backlog, promotions, 429s.
    let stats = scheduler.stats();
    assert!(stats.sent > 5_000 && stats.promoted > 100 && stats.rate_limited_global > 10);
    assert!(scheduler.len() > 1_000, "no backlog built up");
    // Drain: everything queued eventually leaves.
    loop {
        match scheduler.next(now) {
            Next::Ready(sent) => {
                model.sent(&sent.chat, sent.class, sent.payload, now);
                assert!(audit.record(&sent.chat, now));
            }
            Next::WaitUntil(at) => now = at,
            Next::Idle => break,
        }
    }
    check_counts(&scheduler, &model, &mut rng);
    assert!(scheduler.is_empty());
}

#[test]
fn random_pushes_retries_and_429s_keep_every_invariant_on_telegram_pace() {
    run_property(0x5EED_CAFE, Pace::telegram());
}

#[test]
fn random_pushes_retries_and_429s_keep_every_invariant_on_a_tight_custom_pace() {
    let pace = Pace {
        global_per_sec: 7.5,
        global_burst: 4,
        per_chat_interval: Duration::from_millis(700),
        per_chat_burst: 2,
        max_wait_before_promotion: Duration::from_secs(5),
    };
    run_property(42, pace);
}
