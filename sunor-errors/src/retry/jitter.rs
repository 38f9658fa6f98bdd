//! Jitter: how a computed backoff is spread, and the small random source behind it.

use std::cell::Cell;
use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

/// How a retry policy spreads its computed (exponential) delays, so that clients failed by
/// the same incident do not all come back at the same instant.
///
/// With `d` the exponential delay of this retry (`base × factor^retries`, capped):
///
/// | variant | wait |
/// |---|---|
/// | [`None`](Jitter::None) | exactly `d` |
/// | [`Additive`](Jitter::Additive) (default) | uniform in `[d, 1.5 d]` |
/// | [`Full`](Jitter::Full) | uniform in `[0, d]` |
/// | [`Equal`](Jitter::Equal) | uniform in `[d/2, d]` |
/// | [`Decorrelated`](Jitter::Decorrelated) | uniform in `[base, 3d]`, capped |
///
/// Every variant is then raised to the policy's minimum delay, and never below a delay the
/// server asked for: jitter may lengthen a server's delay, never shorten it.
///
/// **Why `Additive` is the default.** The API's docs say 1 s, 2 s, 4 s: a client should
/// never come back earlier than that, so jitter may only lengthen a documented wait. Half of
/// it again spreads a fleet's retries over a window as wide as half the delay. `Equal` and
/// `Full` spread as much or more but retry earlier than documented (`Full` almost at once);
/// `Decorrelated` (AWS's "decorrelated jitter", here in a stateless form keyed on the
/// exponential delay) may wait three times longer. The fleet simulation in `examples/`
/// compares them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Jitter {
    /// No jitter: the exponential delay exactly (the docs' 1 s, 2 s, 4 s).
    None,
    /// The exponential delay plus a uniform share of up to half of it: never earlier than
    /// documented.
    #[default]
    Additive,
    /// Uniform between zero and the exponential delay ("full jitter").
    Full,
    /// Half the exponential delay plus a uniform share of the other half ("equal jitter").
    Equal,
    /// Uniform between the base delay and three times the exponential delay.
    Decorrelated,
}

impl Jitter {
    /// The wait for exponential delay `delay`, with `base` the policy's base delay.
    pub(crate) fn apply(self, delay: Duration, base: Duration, rng: &mut JitterRng) -> Duration {
        match self {
            Jitter::None => delay,
            Jitter::Additive => rng.between(delay, delay.saturating_add(delay / 2)),
            Jitter::Full => rng.between(Duration::ZERO, delay),
            Jitter::Equal => rng.between(delay / 2, delay),
            Jitter::Decorrelated => {
                let low = base.min(delay);
                rng.between(low, delay.saturating_mul(3))
            }
        }
    }
}

/// The random source of jitter: SplitMix64, small, fast and good enough to spread retries
/// (not for anything secret).
///
/// [`RetryPolicy::decide`](super::RetryPolicy::decide) draws from a per-thread generator
/// seeded from the standard library's [`RandomState`]; tests and simulations pass their own
/// seeded one to [`RetryPolicy::decide_with`](super::RetryPolicy::decide_with) and get the
/// same decisions on every run. Seed one ([`new`](Self::new) or
/// [`from_entropy`](Self::from_entropy)) and pass it; drawing from it is the policy's
/// business.
///
/// ```
/// use sunor_errors::retry::{JitterRng, RetryPolicy};
/// use sunor_errors::{ErrorBody, ErrorCode};
///
/// let policy = RetryPolicy::default();
/// let error = ErrorBody::from_code(ErrorCode::BAD_GATEWAY);
/// assert_eq!(
///     policy.decide_with(0, &error, &mut JitterRng::new(7)),
///     policy.decide_with(0, &error, &mut JitterRng::new(7)),
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JitterRng {
    state: u64,
}

const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

impl JitterRng {
    /// A generator that always yields the same sequence for the same seed.
    pub const fn new(seed: u64) -> JitterRng {
        JitterRng { state: seed }
    }

    /// A generator seeded from the standard library's per-process random keys.
    pub fn from_entropy() -> JitterRng {
        JitterRng::new(RandomState::new().hash_one(0x5eed_u64))
    }

    /// The next 64 random bits.
    ///
    /// Hidden: the policy's own draw, not a general-purpose generator (public since 0.1.0,
    /// kept for that reason).
    #[doc(hidden)]
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A duration uniform in `[low, high]` (nanosecond resolution); `low` if `high < low`.
    ///
    /// Hidden, as [`next_u64`](Self::next_u64).
    #[doc(hidden)]
    pub fn between(&mut self, low: Duration, high: Duration) -> Duration {
        let Some(span) = high.checked_sub(low) else {
            return low;
        };
        let span = u64::try_from(span.as_nanos()).unwrap_or(u64::MAX);
        // Multiply-shift maps 64 random bits onto [0, span] without a division.
        let offset = ((u128::from(self.next_u64()) * (u128::from(span) + 1)) >> 64) as u64;
        low.saturating_add(Duration::from_nanos(offset))
    }

    /// Runs `f` with this thread's generator.
    pub(crate) fn with_thread_local<R>(f: impl FnOnce(&mut JitterRng) -> R) -> R {
        thread_local! {
            static STATE: Cell<Option<u64>> = const { Cell::new(None) };
        }
        STATE.with(|cell| {
            let mut rng = match cell.get() {
                Some(state) => JitterRng::new(state),
                None => JitterRng::from_entropy(),
            };
            let out = f(&mut rng);
            cell.set(Some(rng.state));
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_and_different_seeds_differ() {
        let mut a = JitterRng::new(1);
        let mut b = JitterRng::new(1);
        let mut c = JitterRng::new(2);
        let xs: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        let zs: Vec<u64> = (0..8).map(|_| c.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
    }

    #[test]
    fn splitmix_reference_value() {
        // First output of SplitMix64 seeded with 0 (the reference implementation's value).
        assert_eq!(JitterRng::new(0).next_u64(), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn between_stays_in_bounds_and_spreads() {
        let mut rng = JitterRng::new(42);
        let low = Duration::from_millis(500);
        let high = Duration::from_secs(1);
        let draws: Vec<Duration> = (0..1000).map(|_| rng.between(low, high)).collect();
        assert!(draws.iter().all(|d| *d >= low && *d <= high));
        assert!(draws.iter().any(|d| *d < Duration::from_millis(600)));
        assert!(draws.iter().any(|d| *d > Duration::from_millis(900)));
        assert_eq!(rng.between(high, low), high);
        assert_eq!(rng.between(low, low), low);
    }

    #[test]
    fn jitter_ranges() {
        let mut rng = JitterRng::new(3);
        let d = Duration::from_secs(4);
        let base = Duration::from_secs(1);
        for _ in 0..500 {
            assert_eq!(Jitter::None.apply(d, base, &mut rng), d);
            let additive = Jitter::Additive.apply(d, base, &mut rng);
            assert!(additive >= d && additive <= d + d / 2);
            assert!(Jitter::Full.apply(d, base, &mut rng) <= d);
            let equal = Jitter::Equal.apply(d, base, &mut rng);
            assert!(equal >= d / 2 && equal <= d);
            let dec = Jitter::Decorrelated.apply(d, base, &mut rng);
            assert!(dec >= base && dec <= d * 3);
        }
    }

    #[test]
    fn thread_local_generator_advances() {
        let a = JitterRng::with_thread_local(|rng| rng.next_u64());
        let b = JitterRng::with_thread_local(|rng| rng.next_u64());
        assert_ne!(a, b);
    }
}
