//! How often and how patiently a transient send failure is retried.

use std::time::Duration;

/// Transient failures give up after this many attempts and become dead letters.
pub(super) const MAX_ATTEMPTS: i64 = 12;

/// Exponential backoff from `base`, doubling per attempt, capped at an hour.
pub fn backoff(base: Duration, attempts: i64) -> Duration {
    let factor = 2u32.saturating_pow(attempts.clamp(0, 20) as u32);
    base.saturating_mul(factor).min(Duration::from_secs(3600))
}
