//! [`RetryBudget`]: one token bucket per client that caps retries as a share of traffic.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

// Tokens are kept in thousandths so that a fractional reward fits in one atomic integer.
const MILLI: u32 = 1000;

/// A client-wide retry budget: a lock-free token bucket in the manner of gRPC's retry
/// throttling and the AWS SDKs' retry quota.
///
/// Every retry spends one token; every success (and every deliberate non-retryable answer:
/// the server is up) earns `token_ratio` tokens back, up to `max_tokens`. When fewer than one
/// token is left, retries are off: each request gets one attempt until successes refill the
/// bucket. In steady state retries are at most `token_ratio` of successes (10% by default);
/// in a total outage a client sends at most `max_tokens` retries in all, however long the
/// outage lasts, instead of multiplying its traffic by `1 + max_retries`.
///
/// The default, `RetryBudget::new(10, 0.1)`, is gRPC's documented example. The bucket starts
/// full. Clones share one bucket: give every request of a client the same budget.
///
/// Each call is one atomic read-modify-write (tens of nanoseconds uncontended); the count
/// never goes below zero nor above `max_tokens`.
///
/// ```
/// use sunor_errors::retry::RetryBudget;
///
/// let budget = RetryBudget::new(2, 0.5);
/// let shared = budget.clone();
/// assert!(budget.try_withdraw());
/// assert!(shared.try_withdraw());
/// assert!(!budget.try_withdraw()); // empty: retries are off
/// budget.deposit();
/// budget.deposit(); // two successes earn one token
/// assert!(shared.try_withdraw());
/// ```
#[derive(Clone)]
pub struct RetryBudget {
    inner: Arc<Bucket>,
}

struct Bucket {
    milli_tokens: AtomicU32,
    capacity: u32,
    reward: u32,
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
            }),
        }
    }

    /// Spends one token for a retry; `false` (and nothing spent) when less than one is left.
    pub fn try_withdraw(&self) -> bool {
        self.inner
            .milli_tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                tokens.checked_sub(MILLI)
            })
            .is_ok()
    }

    /// Earns `token_ratio` tokens back after a success, up to `max_tokens`.
    pub fn deposit(&self) {
        let bucket = &*self.inner;
        // Skip the write when full: the common case under healthy traffic stays a load.
        let _ = bucket
            .milli_tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                // Saturating: capacity and reward may each be near 4e9 thousandths, and
                // their sum would overflow `u32`.
                (tokens < bucket.capacity)
                    .then(|| tokens.saturating_add(bucket.reward).min(bucket.capacity))
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

    /// Whether a retry would be allowed now (at least one token left).
    pub fn allows_retry(&self) -> bool {
        self.inner.milli_tokens.load(Ordering::Acquire) >= MILLI
    }

    /// Whether `self` and `other` share one bucket.
    pub fn same_budget(&self, other: &RetryBudget) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Default for RetryBudget {
    /// `RetryBudget::new(10, 0.1)`: ten retries in reserve, one more per ten successes.
    fn default() -> RetryBudget {
        RetryBudget::new(10, 0.1)
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
    fn starts_full_and_empties_after_max_tokens_retries() {
        let budget = RetryBudget::default();
        assert_eq!(budget.max_tokens(), 10);
        assert_eq!(budget.token_ratio(), 0.1);
        assert_eq!(budget.tokens(), 10.0);
        for _ in 0..10 {
            assert!(budget.try_withdraw());
        }
        assert!(!budget.try_withdraw());
        assert!(!budget.allows_retry());
        assert_eq!(budget.tokens(), 0.0);
    }

    #[test]
    fn successes_earn_tokens_back_up_to_capacity() {
        let budget = RetryBudget::default();
        while budget.try_withdraw() {}
        for _ in 0..9 {
            budget.deposit();
        }
        assert!(!budget.try_withdraw(), "0.9 tokens do not pay for a retry");
        budget.deposit();
        assert!(budget.try_withdraw());
        assert!(!budget.try_withdraw());
        for _ in 0..1000 {
            budget.deposit();
        }
        assert_eq!(budget.tokens(), 10.0);
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
    }

    #[test]
    fn odd_parameters_are_clamped() {
        let zero = RetryBudget::new(0, 0.1);
        assert!(!zero.try_withdraw());
        zero.deposit();
        assert!(!zero.try_withdraw());
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
        assert_eq!(
            format!("{:?}", RetryBudget::default()),
            "RetryBudget { tokens: 10.0, max_tokens: 10, token_ratio: 0.1 }"
        );
    }
}
