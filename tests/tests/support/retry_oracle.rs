//! An independent model of the retry policy's documented guarantees, shared by
//! `tests/tests/client/prop_retry.rs` and `fuzz/fuzz_targets/retry_decide.rs` (included by path).
//! It recomputes bounds from the builder settings and the docs' tables, not from the
//! policy's code, and panics with the inputs on any broken guarantee.

use std::time::Duration;

use sunor_errors::retry::{Jitter, RetryDecision};

/// The builder settings of one policy, kept so the model can recompute every bound.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Knobs {
    pub(crate) max_retries: u32,
    pub(crate) base_delay: Duration,
    pub(crate) factor: u32,
    pub(crate) max_delay: Duration,
    pub(crate) min_delay: Duration,
    pub(crate) fallback_retry_after: Duration,
    pub(crate) max_retry_after: Duration,
    pub(crate) jitter: Jitter,
}

impl Knobs {
    /// The policy built from these settings through the public builder.
    pub(crate) fn policy(&self) -> sunor_errors::retry::RetryPolicy {
        sunor_errors::retry::RetryPolicy::default()
            .max_retries(self.max_retries)
            .base_delay(self.base_delay)
            .factor(self.factor)
            .max_delay(self.max_delay)
            .min_delay(self.min_delay)
            .fallback_retry_after(self.fallback_retry_after)
            .max_retry_after(self.max_retry_after)
            .jitter(self.jitter)
    }

    /// The documented cap on any single wait (the four caps of `longest_wait`).
    pub(crate) fn cap(&self) -> Duration {
        self.max_retry_after
            .max(self.fallback_retry_after)
            .max(self.max_delay)
            .max(self.min_delay.saturating_mul(2))
    }

    /// `base × factor^retries`, capped at `max_delay`, in exact integer arithmetic.
    pub(crate) fn exponential(&self, retries: u32) -> Duration {
        let cap = self.max_delay.as_nanos();
        let factor = u128::from(self.factor.max(1));
        let mut nanos = self.base_delay.as_nanos().min(cap);
        for _ in 0..retries {
            if nanos >= cap || nanos == 0 || factor == 1 {
                break;
            }
            nanos = nanos.saturating_mul(factor).min(cap);
        }
        from_nanos(nanos)
    }
}

fn from_nanos(nanos: u128) -> Duration {
    let secs = u64::try_from(nanos / 1_000_000_000).unwrap_or(u64::MAX);
    Duration::new(secs, (nanos % 1_000_000_000) as u32)
}

/// The errors page's list: 408, 429 and every 5xx except 501, 505, 506, 508, 510, 511.
pub(crate) fn documented_retryable(code: u16) -> bool {
    matches!(code, 408 | 429)
        || ((500..=599).contains(&code) && !matches!(code, 501 | 505 | 506 | 508 | 510 | 511))
}

/// What failed: an API error (status code and server delay) or a transport failure.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Failure {
    Api {
        code: u16,
        server_delay: Option<u64>,
    },
    Transport,
}

/// Checks one decision against every documented guarantee.
pub(crate) fn check(knobs: &Knobs, retries: u32, failure: Failure, decision: RetryDecision) {
    let ctx = || format!("{knobs:?} retries={retries} {failure:?} -> {decision:?}");
    let (retryable, rate_limited, server) = match failure {
        Failure::Api { code, server_delay } => (
            documented_retryable(code),
            code == 429,
            server_delay.map(Duration::from_secs),
        ),
        Failure::Transport => (true, false, None),
    };
    let should_retry = retryable
        && retries < knobs.max_retries
        && server.is_none_or(|s| s <= knobs.max_retry_after);
    let wait = match decision {
        RetryDecision::GiveUp => {
            assert!(!should_retry, "gave up with retries left: {}", ctx());
            return;
        }
        RetryDecision::Retry(wait) => wait,
    };
    assert!(retryable, "retried a non-retryable error: {}", ctx());
    assert!(
        retries < knobs.max_retries,
        "retried past max_retries: {}",
        ctx()
    );
    assert!(should_retry, "retried past max_retry_after: {}", ctx());
    assert!(
        wait <= knobs.cap(),
        "wait above the cap {:?}: {}",
        knobs.cap(),
        ctx()
    );
    assert!(
        wait <= knobs.policy().longest_wait(),
        "above longest_wait: {}",
        ctx()
    );
    assert!(wait >= knobs.min_delay, "wait below min_delay: {}", ctx());
    if let Some(server) = server {
        assert!(wait >= server, "wait below the server's delay: {}", ctx());
    }
    // A wait below min_delay is raised into [min, 2 min] (exactly min without jitter).
    let raised_hi = match knobs.jitter {
        Jitter::None => knobs.min_delay,
        _ => knobs.min_delay.saturating_mul(2),
    };
    let raised = wait >= knobs.min_delay && wait <= raised_hi;
    if rate_limited {
        // 429: exactly the server's delay (or the fallback), unless raised to min_delay.
        let exact = server.unwrap_or(knobs.fallback_retry_after);
        if exact >= knobs.min_delay {
            assert_eq!(wait, exact, "429 not waiting exactly: {}", ctx());
        } else {
            assert!(raised, "429 short delay not raised to min_delay: {}", ctx());
        }
        return;
    }
    // 408, other 5xx, transport: jittered exponential, capped, floored by the server.
    let exp = knobs.exponential(retries);
    let (low, high) = match knobs.jitter {
        Jitter::None => (exp, exp),
        Jitter::Additive => (exp, exp.saturating_add(exp / 2)),
        Jitter::Full => (Duration::ZERO, exp),
        Jitter::Equal => (exp / 2, exp),
        Jitter::Decorrelated => (knobs.base_delay.min(exp), exp.saturating_mul(3)),
        _ => (Duration::ZERO, Duration::MAX),
    };
    let high = high.min(knobs.max_delay);
    let floor = server.unwrap_or(Duration::ZERO);
    let jittered_hi = high.max(floor);
    let jittered_lo = low.max(floor);
    let in_jitter_range = wait >= jittered_lo && wait <= jittered_hi;
    assert!(
        // Raising only happens to a jittered wait below min_delay.
        in_jitter_range || (raised && jittered_lo < knobs.min_delay),
        "wait outside [{jittered_lo:?}, {jittered_hi:?}] and not a raised short wait: {}",
        ctx()
    );
    if knobs.jitter == Jitter::None && jittered_lo >= knobs.min_delay {
        assert_eq!(wait, jittered_lo, "unjittered wait not exact: {}", ctx());
    }
}
