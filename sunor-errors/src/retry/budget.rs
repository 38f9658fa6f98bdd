//! [`RetryBudget`]: one token bucket per client that caps retries as a share of traffic.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

// Tokens are kept in thousandths so that a fractional reward fits in one atomic integer.
const MILLI: u32 = 1000;

/// A client-wide retry budget: gRPC's retry throttling, a lock-free token bucket that every
/// request of a client shares, plus a memory of the last outcomes that holds retries back
/// while the server is failing everyone.
///
/// - Every retryable failure (a 408 or 5xx answer, a transport failure), first attempt or
///   retry, spends one token; every success (and every deliberate non-retryable answer: the
///   server is up) earns `token_ratio` tokens back, up to `max_tokens`. A 429 neither spends
///   nor earns: the server is up and said when to come back.
/// - Retries are on only while more than half of the bucket is left
///   ([`allows_retry`](Self::allows_retry)). A few failures in a row cost nothing; a long
///   outage empties the bucket and the client sends each request once until successes
///   refill it, so a recovering server is not met by a burst of stale retries.
/// - A retry that comes due while the client's last two outcomes were failures, one of them
///   newer than the failure being retried, waits for its next turn instead (it counts as a
///   retry, sends nothing, spends nothing): other requests have just found the server down.
///   A lone request is always retried on time.
///
/// The default, `RetryBudget::new(20, 0.2)`, keeps retries on through about ten seconds of
/// total failure at one request per second (a blip) and while up to one request in six
/// fails (`0.2 / 1.2`); see the fleet simulation in `BENCHMARKS.md` for what it does to a
/// fleet's load. The bucket starts full. Clones share one bucket: give every request of a
/// client the same budget (a [`Retrier`](super::Retrier) and its clones do).
///
/// Each call is one atomic read-modify-write (tens of nanoseconds uncontended); the count
/// never goes below zero nor above `max_tokens`.
///
/// ```
/// use sunor_errors::retry::RetryBudget;
///
/// let budget = RetryBudget::new(4, 0.5);
/// let shared = budget.clone();
/// assert!(budget.record_failure()); // 3 of 4 left: retries on
/// assert!(!shared.record_failure()); // 2 of 4: not more than half, retries off
/// budget.deposit();
/// budget.deposit(); // two successes earn one token
/// assert!(shared.allows_retry());
/// ```
#[derive(Clone)]
pub struct RetryBudget {
    inner: Arc<Bucket>,
}

struct Bucket {
    milli_tokens: AtomicU32,
    capacity: u32,
    reward: u32,
    // (failures so far << 2) | (previous outcome failed << 1) | (last outcome failed).
    outcomes: AtomicU64,
}

impl RetryBudget {
    /// A full bucket of `max_tokens` tokens (at most 4 000 000) that earns `token_ratio`
    /// tokens per success (clamped to `0.001..=max_tokens`; a NaN is taken as 0.1).
    pub fn new(max_tokens: u32, token_ratio: f64) -> RetryBudget {
        let capacity = max_tokens.min(4_000_000) * MILLI;
        let ratio = if token_ratio.is_nan() {
            0.1
        } else {
            token_ratio
        };
        // Rounded to thousandths: the bucket's resolution.
        let reward = (ratio * f64::from(MILLI))
            .round()
            .clamp(1.0, f64::from(capacity.max(1)));
        RetryBudget {
            inner: Arc::new(Bucket {
                milli_tokens: AtomicU32::new(capacity),
                capacity,
                reward: reward as u32,
                outcomes: AtomicU64::new(0),
            }),
        }
    }

    /// Spends one token for a failed attempt (none when the bucket is empty) and returns
    /// whether retries are still on ([`allows_retry`](Self::allows_retry)).
    pub fn record_failure(&self) -> bool {
        self.fail().0
    }

    /// [`record_failure`](Self::record_failure), also returning the failure's number, the
    /// mark that [`failed_since`](Self::failed_since) compares with.
    pub(crate) fn fail(&self) -> (bool, u64) {
        let bucket = &*self.inner;
        let tokens =
            match bucket
                .milli_tokens
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                    Some(tokens.saturating_sub(MILLI))
                }) {
                Ok(before) | Err(before) => before.saturating_sub(MILLI),
            };
        let before = bucket
            .outcomes
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |state| {
                Some(next_outcome(state, true))
            })
            .unwrap_or_else(|state| state);
        (self.above_half(tokens), (before >> 2) + 1)
    }

    /// Whether the client's last two outcomes were failures and the newest failure came
    /// after failure number `mark`: the server has failed someone else since.
    pub(crate) fn failed_since(&self, mark: u64) -> bool {
        let state = self.inner.outcomes.load(Ordering::Acquire);
        state & 0b11 == 0b11 && state >> 2 > mark
    }

    /// Spends one token if at least one is left, else returns `false` and spends nothing:
    /// the bucket's raw withdrawal. A [`Retrier`](super::Retrier) spends through
    /// [`record_failure`](Self::record_failure) instead.
    pub fn try_withdraw(&self) -> bool {
        self.inner
            .milli_tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                tokens.checked_sub(MILLI)
            })
            .is_ok()
    }

    /// Records a success: earns `token_ratio` tokens back, up to `max_tokens`.
    pub fn deposit(&self) {
        let bucket = &*self.inner;
        // Skip the write when nothing changes: under healthy traffic this stays two loads.
        let _ = bucket
            .milli_tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                // Saturating: capacity and reward may each be near 4e9 thousandths, and
                // their sum would overflow `u32`.
                (tokens < bucket.capacity)
                    .then(|| tokens.saturating_add(bucket.reward).min(bucket.capacity))
            });
        let _ = bucket
            .outcomes
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |state| {
                (state & 0b11 != 0).then(|| next_outcome(state, false))
            });
    }

    /// The tokens left (a fraction when successes earned part of one).
    pub fn tokens(&self) -> f64 {
        f64::from(self.inner.milli_tokens.load(Ordering::Acquire)) / f64::from(MILLI)
    }

    /// The bucket's capacity.
    pub fn max_tokens(&self) -> u32 {
        self.inner.capacity / MILLI
    }

    /// The tokens earned per success.
    pub fn token_ratio(&self) -> f64 {
        f64::from(self.inner.reward) / f64::from(MILLI)
    }

    /// Whether retries are on: more than half of `max_tokens` is left.
    pub fn allows_retry(&self) -> bool {
        self.above_half(self.inner.milli_tokens.load(Ordering::Acquire))
    }

    fn above_half(&self, milli_tokens: u32) -> bool {
        u64::from(milli_tokens) * 2 > u64::from(self.inner.capacity)
    }

    /// Whether `self` and `other` share one bucket.
    pub fn same_budget(&self, other: &RetryBudget) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

// The outcome memory after one more outcome.
fn next_outcome(state: u64, failed: bool) -> u64 {
    let count = (state >> 2)
        .saturating_add(u64::from(failed))
        .min(u64::MAX >> 2);
    (count << 2) | ((state & 1) << 1) | u64::from(failed)
}

impl Default for RetryBudget {
    /// `RetryBudget::new(20, 0.2)` (see the type's docs for why).
    fn default() -> RetryBudget {
        RetryBudget::new(20, 0.2)
    }
}

impl fmt::Debug for RetryBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryBudget")
            .field("tokens", &self.tokens())
            .field("max_tokens", &self.max_tokens())
            .field("token_ratio", &self.token_ratio())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_spend_and_retries_stop_at_half() {
        let budget = RetryBudget::default();
        assert_eq!(budget.max_tokens(), 20);
        assert_eq!(budget.token_ratio(), 0.2);
        assert_eq!(budget.tokens(), 20.0);
        for left in (11..20).rev() {
            assert!(budget.record_failure(), "{left}");
        }
        assert!(!budget.record_failure()); // 10 of 20: not more than half
        assert!(!budget.allows_retry());
        for _ in 0..20 {
            budget.record_failure();
        }
        assert_eq!(budget.tokens(), 0.0, "never below zero");
        for _ in 0..55 {
            budget.deposit();
        }
        assert_eq!(budget.tokens(), 11.0);
        assert!(budget.allows_retry());
        for _ in 0..1000 {
            budget.deposit();
        }
        assert_eq!(budget.tokens(), 20.0);
    }

    #[test]
    fn raw_withdrawals_spend_whole_tokens_only() {
        let budget = RetryBudget::new(2, 0.5);
        assert!(budget.try_withdraw() && budget.try_withdraw());
        assert!(!budget.try_withdraw());
        budget.deposit();
        assert!(!budget.try_withdraw(), "half a token does not pay");
        budget.deposit();
        assert!(budget.try_withdraw());
    }

    #[test]
    fn the_outcome_memory_sees_failures_of_others() {
        let budget = RetryBudget::new(100, 0.1);
        let (_, mine) = budget.fail();
        assert_eq!(mine, 1);
        assert!(!budget.failed_since(mine), "only my own failure");
        let (_, other) = budget.fail();
        assert_eq!(other, 2);
        assert!(budget.failed_since(mine));
        assert!(!budget.failed_since(other));
        budget.deposit();
        assert!(!budget.failed_since(mine), "a success since");
        budget.fail();
        assert!(!budget.failed_since(mine), "one failure after a success");
        budget.fail();
        assert!(budget.failed_since(mine));
    }

    #[test]
    fn clones_share_and_new_budgets_do_not() {
        let a = RetryBudget::new(1, 1.0);
        let b = a.clone();
        assert!(a.same_budget(&b));
        assert!(!a.same_budget(&RetryBudget::new(1, 1.0)));
        assert!(b.try_withdraw());
        assert!(!a.try_withdraw());
        a.deposit();
        assert!(b.try_withdraw());
        let (_, first) = a.fail();
        b.fail();
        assert!(a.failed_since(first));
    }

    #[test]
    fn odd_parameters_are_clamped() {
        let zero = RetryBudget::new(0, 0.1);
        assert!(!zero.try_withdraw());
        assert!(!zero.record_failure());
        zero.deposit();
        assert!(!zero.allows_retry());
        assert_eq!(zero.tokens(), 0.0);
        let nan = RetryBudget::new(3, f64::NAN);
        assert_eq!(nan.token_ratio(), 0.1);
        let tiny = RetryBudget::new(3, 0.0);
        assert_eq!(tiny.token_ratio(), 0.001);
        let huge = RetryBudget::new(2, 1e12);
        assert_eq!(huge.token_ratio(), 2.0);
        assert_eq!(RetryBudget::new(u32::MAX, 0.1).max_tokens(), 4_000_000);
        // Regression: a near-full bucket of the largest size with the largest reward used to
        // overflow `u32` on deposit (a panic in debug builds, a wrapped, tiny count in release).
        let largest = RetryBudget::new(4_000_000, 4e6);
        assert!(largest.try_withdraw());
        largest.deposit();
        assert_eq!(largest.tokens(), 4_000_000.0);
        assert!(largest.record_failure());
        assert_eq!(
            format!("{:?}", RetryBudget::default()),
            "RetryBudget { tokens: 20.0, max_tokens: 20, token_ratio: 0.2 }"
        );
    }
}
