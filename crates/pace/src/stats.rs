//! Counters the send worker exports as metrics (the crate itself has no metrics dependency).

/// Totals since the scheduler was created; read with [`crate::Scheduler::stats`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Items handed out by `next` as `Ready`.
    pub sent: u64,
    /// Of those, items sent on a promoted (anti-starvation) turn.
    pub promoted: u64,
    /// 429 answers reported through `rate_limited`, per chat and global alike.
    pub rate_limited: u64,
    /// Of those, the ones that paused the whole bot.
    pub rate_limited_global: u64,
    /// Times the global rate was lowered after a 429 judged bot-wide.
    pub rate_decreases: u64,
}
