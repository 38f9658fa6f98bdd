//! The catalogue's `policy` block: the default retry policy as numbers, for the generated
//! clients of other languages (`RetryPolicy::default()` with `Retrier::new`'s default
//! `RetryBudget`). Each key is documented in the [module docs](super#the-policy-block).

use std::time::Duration;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::ErrorCode;
use crate::retry::{Jitter, RetryBudget, RetryPolicy};

/// What a retryable failure costs the budget, in tokens (`budget.rs`: one token each).
const RETRY_COST: u32 = 1;
/// Retries are on while more than this share of the bucket is left (`budget.rs`: half).
const THRESHOLD: f64 = 0.5;

/// The block's numbers.
pub(crate) struct Policy {
    retryable: Vec<u16>,
    retry: RetryPolicy,
    max_tokens: u32,
    token_ratio: f64,
}

impl Policy {
    /// The default policy and budget.
    pub(crate) fn default_policy() -> Policy {
        let budget = RetryBudget::default();
        Policy {
            retryable: (400..=599)
                .filter(|&code| ErrorCode::from_u16(code).is_ok_and(ErrorCode::is_retryable))
                .collect(),
            retry: RetryPolicy::default(),
            max_tokens: budget.max_tokens(),
            token_ratio: budget.token_ratio(),
        }
    }
}

fn seconds(delay: Duration) -> f64 {
    delay.as_secs_f64()
}

/// Seconds as JSON writes them: an integer when whole (`1`, not `1.0`).
struct Seconds(Duration);

impl Serialize for Seconds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.subsec_nanos() == 0 {
            serializer.serialize_u64(self.0.as_secs())
        } else {
            serializer.serialize_f64(seconds(self.0))
        }
    }
}

/// The jitter's name and bounds, as multiples of the exponential delay.
fn jitter(jitter: Jitter) -> (&'static str, f64, f64) {
    match jitter {
        Jitter::None => ("none", 1.0, 1.0),
        Jitter::Additive => ("additive", 1.0, 1.5),
        Jitter::Full => ("full", 0.0, 1.0),
        Jitter::Equal => ("equal", 0.5, 1.0),
        // From the base delay (not a multiple of the exponential one) to three times it.
        _ => ("decorrelated", 0.0, 3.0),
    }
}

struct Backoff<'a>(&'a RetryPolicy);

impl Serialize for Backoff<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let n = self.0;
        let (name, low, high) = jitter(n.jitter);
        let mut s = serializer.serialize_struct("Backoff", 6)?;
        s.serialize_field("base_seconds", &Seconds(n.base_delay))?;
        s.serialize_field("factor", &n.factor)?;
        s.serialize_field("max_seconds", &Seconds(n.max_delay))?;
        s.serialize_field("jitter", name)?;
        s.serialize_field("jitter_low", &low)?;
        s.serialize_field("jitter_high", &high)?;
        s.end()
    }
}

struct Budget<'a>(&'a Policy);

impl Serialize for Budget<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Budget", 4)?;
        s.serialize_field("max_tokens", &self.0.max_tokens)?;
        s.serialize_field("token_ratio", &self.0.token_ratio)?;
        s.serialize_field("retry_cost", &RETRY_COST)?;
        s.serialize_field("threshold", &THRESHOLD)?;
        s.end()
    }
}

impl Serialize for Policy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let n = &self.retry;
        let mut s = serializer.serialize_struct("Policy", 8)?;
        s.serialize_field("retryable_codes", &self.retryable)?;
        s.serialize_field("max_retries", &n.max_retries)?;
        s.serialize_field("backoff", &Backoff(n))?;
        s.serialize_field("min_delay_seconds", &Seconds(n.min_delay))?;
        // A zero server delay waits between the minimum and twice it (`policy.rs`): the top,
        // as a multiple of the minimum, as `backoff.jitter_high` is of the exponential wait.
        s.serialize_field("min_delay_jitter_high", &2.0)?;
        s.serialize_field(
            "rate_limited_fallback_seconds",
            &Seconds(n.fallback_retry_after),
        )?;
        s.serialize_field("max_retry_after_seconds", &Seconds(n.max_retry_after))?;
        s.serialize_field("budget", &Budget(self))?;
        s.end()
    }
}
