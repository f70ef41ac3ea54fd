//! The simulated clock: real time flows from a starting point, `advance` jumps ahead.

use std::time::Instant;

use time::{Duration, OffsetDateTime};

/// The simulated clock: real time flows, `advance` jumps ahead.
#[derive(Debug, Clone)]
pub(crate) struct Clock {
    base_sim: OffsetDateTime,
    base_real: Instant,
}

impl Clock {
    pub(crate) fn starting_at(at: OffsetDateTime) -> Clock {
        Clock {
            base_sim: at,
            base_real: Instant::now(),
        }
    }

    /// The simulated now, to the millisecond (what the APIs print).
    pub(crate) fn now(&self) -> OffsetDateTime {
        let elapsed = Duration::try_from(self.base_real.elapsed()).unwrap_or(Duration::ZERO);
        truncate_millis(self.base_sim + elapsed)
    }

    pub(crate) fn advance(&mut self, by: Duration) {
        self.base_sim += by;
    }
}

/// Drops sub-millisecond precision.
pub(crate) fn truncate_millis(t: OffsetDateTime) -> OffsetDateTime {
    let nanos = t.nanosecond();
    t.replace_nanosecond(nanos - nanos % 1_000_000).unwrap_or(t)
}
