//! How calls that spend nothing are retried: how many attempts, how long a `Retry-After` is
//! honoured, and the wait between attempts. Used by every call (`http`) and by the token
//! request (`auth`), so both follow the client's settings.

use std::time::Duration;

/// How often and how long read-only calls are retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all (1 = no retry).
    pub max_attempts: u32,
    /// The longest wait honoured from a `Retry-After` header.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

/// Exponential backoff with full jitter: up to 250 ms × 2^(attempt-1), capped at 8 s, or the
/// server's `Retry-After` when it gave one.
pub fn backoff(attempt: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(wait) = retry_after {
        return wait;
    }
    let ceiling_ms = (250u64 << attempt.saturating_sub(1).min(5)).min(8_000);
    Duration::from_millis(ceiling_ms / 2 + fastrand::u64(0..=ceiling_ms / 2))
}
