//! The client-wide rate-limit pacer behind [`Retrier::pace_rate_limits`](super::Retrier::pace_rate_limits):
//! after a response said that nothing is left of the quota, the next request waits for
//! the reset.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::rate_limit::RateLimit;

/// When the quota is next available, shared by every clone of a `Retrier`.
#[derive(Debug, Default)]
pub(crate) struct Pacer {
    not_before: Mutex<Option<Instant>>,
}

impl Pacer {
    /// Learns from one response seen at `now`: `remaining` 0 with a reset holds requests
    /// until then; a response with quota left lifts the hold.
    pub(crate) fn observe(&self, limit: &RateLimit, now: Instant) {
        let mut not_before = self.not_before.lock().unwrap_or_else(|e| e.into_inner());
        match (limit.remaining(), limit.reset()) {
            (Some(0), Some(reset)) => {
                let until = now.checked_add(reset);
                *not_before = (*not_before).max(until);
            }
            (Some(_), _) => *not_before = None,
            (None, _) => {}
        }
    }

    /// How long a request made at `now` should wait, if at all.
    pub(crate) fn hold(&self, now: Instant) -> Option<Duration> {
        let not_before = *self.not_before.lock().unwrap_or_else(|e| e.into_inner());
        not_before
            .and_then(|at| at.checked_duration_since(now))
            .filter(|wait| !wait.is_zero())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_until_the_reset_and_lifts_when_quota_is_back() {
        let pacer = Pacer::default();
        let now = Instant::now();
        assert_eq!(pacer.hold(now), None);
        pacer.observe(&RateLimit::new(60, 3, Duration::from_secs(9)), now);
        assert_eq!(pacer.hold(now), None);
        pacer.observe(&RateLimit::new(60, 0, Duration::from_secs(9)), now);
        assert_eq!(pacer.hold(now), Some(Duration::from_secs(9)));
        // An earlier reset seen later does not shorten the hold.
        pacer.observe(&RateLimit::new(60, 0, Duration::from_secs(1)), now);
        assert_eq!(
            pacer.hold(now + Duration::from_secs(4)),
            Some(Duration::from_secs(5))
        );
        assert_eq!(pacer.hold(now + Duration::from_secs(9)), None);
        pacer.observe(&RateLimit::new(60, 60, Duration::from_secs(60)), now);
        assert_eq!(pacer.hold(now), None);
    }
}
