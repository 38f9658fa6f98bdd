//! [`RetryPolicy`]: whether and when to retry after an error.

use std::time::Duration;

use super::{AttemptError, GiveUpReason, Jitter, JitterRng};
use crate::{ErrorBody, ErrorCode};

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryDecision {
    /// Sleep this long, then send the request again.
    Retry(Duration),
    /// Stop and surface the error.
    GiveUp,
}

/// Whether and when to retry after an error: the API's documented policy, done exactly.
///
/// [`RetryPolicy::default()`] is the policy of the API's errors page:
///
/// | error | decision |
/// |---|---|
/// | not retryable (400, 401, 402, 403, 404, 409, 422, 501, ...) | give up at once |
/// | 429 | wait exactly the server's delay (`Retry-After` header or `retry_after_seconds`, the larger), 30 s when neither is given |
/// | 408, other retryable 5xx, transport failures | wait 1 s, 2 s, 4 s (exponential), each lengthened by up to half ([`Jitter::Additive`]): in `[2^n s, 1.5 × 2^n s]` before retry `n`; at least the server's delay if it sent one |
/// | a server delay above 120 s ([`max_retry_after`](Self::max_retry_after)) | give up instead of sleeping |
/// | a server delay of zero (a past HTTP-date, `Retry-After: 0`) | retry promptly but not in a burst: 250–500 ms |
/// | after 3 retries | give up |
///
/// A server's delay is a floor: the policy never retries earlier than the server asked,
/// and jitter may only lengthen it.
///
/// **Why 120 s for `max_retry_after`.** The API's rate limit window is 60 s, so a real 429
/// never asks for more than 60 s (the docs' own example is exactly 60); twice that leaves
/// room for a window boundary and a short maintenance `503`. A longer delay (hours, or
/// `Retry-After: 99999999` from a broken proxy) means the server does not want this
/// request soon: holding a thread or task that long hides an outage from the caller, who
/// is better placed to decide (queue the job, tell the user). The default stays between
/// 60 s and an hour; raise it with the builder for batch jobs.
///
/// **Why [`Jitter::Additive`].** See [`Jitter`]: it spreads a fleet's retries and never
/// retries earlier than documented. [`Jitter::None`] gives the docs' exact 1 s, 2 s, 4 s.
///
/// ```
/// use std::time::Duration;
/// use sunor_errors::retry::{Jitter, RetryDecision, RetryPolicy};
/// use sunor_errors::{ErrorBody, ErrorCode};
///
/// let policy = RetryPolicy::default().jitter(Jitter::None);
/// let bad_gateway = ErrorBody::from_code(ErrorCode::BAD_GATEWAY);
/// assert_eq!(policy.decide(0, &bad_gateway), RetryDecision::Retry(Duration::from_secs(1)));
/// assert_eq!(policy.decide(2, &bad_gateway), RetryDecision::Retry(Duration::from_secs(4)));
/// assert_eq!(policy.decide(3, &bad_gateway), RetryDecision::GiveUp);
///
/// let rate_limited = ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS).with_retry_after_seconds(60);
/// assert_eq!(RetryPolicy::default().decide(0, &rate_limited), RetryDecision::Retry(Duration::from_secs(60)));
///
/// let no_credits = ErrorBody::from_code(ErrorCode::PAYMENT_REQUIRED);
/// assert_eq!(policy.decide(0, &no_credits), RetryDecision::GiveUp);
/// ```
///
/// To run an operation under a policy, see [`Retrier`](super::Retrier).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    // Crate-visible: the catalogue's `policy` block (`catalog/policy.rs`) writes them.
    pub(crate) max_retries: u32,
    pub(crate) base_delay: Duration,
    pub(crate) factor: u32,
    pub(crate) max_delay: Duration,
    pub(crate) min_delay: Duration,
    pub(crate) fallback_retry_after: Duration,
    pub(crate) max_retry_after: Duration,
    pub(crate) jitter: Jitter,
}

impl Default for RetryPolicy {
    /// The documented policy (see the type's docs).
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_secs(1),
            factor: 2,
            max_delay: Duration::from_secs(30),
            min_delay: Duration::from_millis(250),
            fallback_retry_after: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            jitter: Jitter::Additive,
        }
    }
}

// How an error is retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Permanent,
    RateLimited,
    Transient,
}

impl RetryPolicy {
    /// A policy that never retries.
    ///
    /// ```
    /// # use sunor_errors::retry::{RetryDecision, RetryPolicy};
    /// # use sunor_errors::{ErrorBody, ErrorCode};
    /// let error = ErrorBody::from_code(ErrorCode::BAD_GATEWAY);
    /// assert_eq!(RetryPolicy::never().decide(0, &error), RetryDecision::GiveUp);
    /// ```
    pub fn never() -> RetryPolicy {
        RetryPolicy::default().max_retries(0)
    }

    /// The most retries after the first attempt (default 3).
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> RetryPolicy {
        self.max_retries = retries;
        self
    }

    /// The first exponential delay (default 1 s).
    #[must_use]
    pub fn base_delay(mut self, delay: Duration) -> RetryPolicy {
        self.base_delay = delay;
        self
    }

    /// The growth of the exponential delay per retry (default 2: 1 s, 2 s, 4 s). A factor of
    /// 1 gives a constant delay; 0 is taken as 1.
    #[must_use]
    pub fn factor(mut self, factor: u32) -> RetryPolicy {
        self.factor = factor.max(1);
        self
    }

    /// The cap on a single computed (exponential, jittered) delay (default 30 s).
    #[must_use]
    pub fn max_delay(mut self, delay: Duration) -> RetryPolicy {
        self.max_delay = delay;
        self
    }

    /// The shortest wait before any retry (default 250 ms). A server delay of zero becomes a
    /// wait between this and twice this (exactly this with [`Jitter::None`]), so that
    /// clients answered with a past date do not all come back at once.
    #[must_use]
    pub fn min_delay(mut self, delay: Duration) -> RetryPolicy {
        self.min_delay = delay;
        self
    }

    /// The wait after a 429 that carries no delay at all (default 30 s, the docs' own
    /// client code). This is the policy's own choice, so `max_retry_after` does not apply
    /// to it.
    #[must_use]
    pub fn fallback_retry_after(mut self, delay: Duration) -> RetryPolicy {
        self.fallback_retry_after = delay;
        self
    }

    /// The longest server delay the policy will sleep for (default 120 s, see the type's
    /// docs); above it the policy gives up and the error surfaces.
    #[must_use]
    pub fn max_retry_after(mut self, delay: Duration) -> RetryPolicy {
        self.max_retry_after = delay;
        self
    }

    /// How computed delays are spread (default [`Jitter::Additive`]).
    #[must_use]
    pub fn jitter(mut self, jitter: Jitter) -> RetryPolicy {
        self.jitter = jitter;
        self
    }

    /// The longest server delay the policy sleeps for ([`max_retry_after`](Self::max_retry_after)).
    pub(crate) fn server_delay_cap(&self) -> Duration {
        self.max_retry_after
    }

    /// The longest single wait this policy can ask for: no executor sleeps longer between
    /// two attempts, whatever a server sends.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use sunor_errors::retry::RetryPolicy;
    /// assert_eq!(RetryPolicy::default().longest_wait(), Duration::from_secs(120));
    /// ```
    pub fn longest_wait(&self) -> Duration {
        self.max_retry_after
            .max(self.fallback_retry_after)
            .max(self.max_delay)
            .max(self.min_delay.saturating_mul(2))
    }

    /// Whether and when to retry after `error`, when `retries_so_far` retries have already
    /// been made (0 after the first attempt). Jitter comes from a per-thread generator.
    pub fn decide(&self, retries_so_far: u32, error: &ErrorBody) -> RetryDecision {
        JitterRng::with_thread_local(|rng| self.decide_with(retries_so_far, error, rng))
    }

    /// [`decide`](Self::decide) with the jitter drawn from `rng`: the same seed gives the same
    /// decisions (for tests and simulations).
    ///
    /// ```
    /// use sunor_errors::retry::{JitterRng, RetryPolicy};
    /// use sunor_errors::{ErrorBody, ErrorCode};
    ///
    /// let error = ErrorBody::from_code(ErrorCode::INTERNAL_SERVER_ERROR);
    /// let policy = RetryPolicy::default();
    /// assert_eq!(
    ///     policy.decide_with(1, &error, &mut JitterRng::new(9)),
    ///     policy.decide_with(1, &error, &mut JitterRng::new(9)),
    /// );
    /// ```
    pub fn decide_with(
        &self,
        retries_so_far: u32,
        error: &ErrorBody,
        rng: &mut JitterRng,
    ) -> RetryDecision {
        to_decision(self.plan_body(retries_so_far, error, rng))
    }

    /// [`decide`](Self::decide) for any failure of an attempt: a transport failure is retried
    /// as a 5xx would be; [`AttemptError::Other`] is never retried.
    ///
    /// ```
    /// # use std::time::Duration;
    /// use sunor_errors::retry::{AttemptError, Jitter, RetryDecision, RetryPolicy, TransportError};
    ///
    /// let refused = AttemptError::from(TransportError::not_sent("connection refused"));
    /// let policy = RetryPolicy::default().jitter(Jitter::None);
    /// assert_eq!(policy.decide_error(1, &refused), RetryDecision::Retry(Duration::from_secs(2)));
    /// ```
    pub fn decide_error(&self, retries_so_far: u32, error: &AttemptError) -> RetryDecision {
        JitterRng::with_thread_local(|rng| to_decision(self.plan(retries_so_far, error, None, rng)))
    }

    /// The wait before the next retry, or why not to retry. `reset` is when the server's
    /// rate-limit window resets, if its headers said: a 429 that carries no delay of its own
    /// waits until then instead of the fallback (capped like any server delay).
    pub(crate) fn plan(
        &self,
        retries_so_far: u32,
        error: &AttemptError,
        reset: Option<Duration>,
        rng: &mut JitterRng,
    ) -> Result<Duration, GiveUpReason> {
        match error {
            AttemptError::Api(body)
                if body.code() == ErrorCode::TOO_MANY_REQUESTS && body.retry_after().is_none() =>
            {
                let class = Class::RateLimited;
                self.plan_class(retries_so_far, class, reset, rng)
            }
            AttemptError::Api(body) => self.plan_body(retries_so_far, body, rng),
            AttemptError::Transport(_) => {
                self.plan_class(retries_so_far, Class::Transient, None, rng)
            }
            AttemptError::Other(_) => Err(GiveUpReason::NotRetryable),
        }
    }

    fn plan_body(
        &self,
        retries_so_far: u32,
        body: &ErrorBody,
        rng: &mut JitterRng,
    ) -> Result<Duration, GiveUpReason> {
        let class = if !body.is_retryable() {
            Class::Permanent
        } else if body.code() == ErrorCode::TOO_MANY_REQUESTS {
            Class::RateLimited
        } else {
            Class::Transient
        };
        self.plan_class(retries_so_far, class, body.retry_after(), rng)
    }

    fn plan_class(
        &self,
        retries_so_far: u32,
        class: Class,
        server_delay: Option<Duration>,
        rng: &mut JitterRng,
    ) -> Result<Duration, GiveUpReason> {
        if class == Class::Permanent {
            return Err(GiveUpReason::NotRetryable);
        }
        if retries_so_far >= self.max_retries {
            return Err(GiveUpReason::RetriesExhausted);
        }
        if server_delay.is_some_and(|delay| delay > self.max_retry_after) {
            return Err(GiveUpReason::ServerDelayTooLong);
        }
        let wait = match class {
            Class::RateLimited => server_delay.unwrap_or(self.fallback_retry_after),
            _ => {
                let exponential = self.exponential(retries_so_far);
                let jittered = self
                    .jitter
                    .apply(exponential, self.base_delay, rng)
                    .min(self.max_delay);
                // The server's delay is a floor.
                jittered.max(server_delay.unwrap_or(Duration::ZERO))
            }
        };
        if wait >= self.min_delay {
            return Ok(wait);
        }
        Ok(match self.jitter {
            Jitter::None => self.min_delay,
            _ => rng.between(self.min_delay, self.min_delay.saturating_mul(2)),
        })
    }

    // base × factor^retries, capped at max_delay (no overflow whatever the knobs). At most
    // ~100 steps: a zero delay or a factor of 1 never grows, so it stops at once rather
    // than looping `retries_so_far` (up to 4 billion) times.
    fn exponential(&self, retries_so_far: u32) -> Duration {
        let mut delay = self.base_delay.min(self.max_delay);
        if delay.is_zero() || self.factor == 1 {
            return delay;
        }
        for _ in 0..retries_so_far {
            if delay >= self.max_delay {
                break;
            }
            delay = delay.saturating_mul(self.factor).min(self.max_delay);
        }
        delay
    }
}

fn to_decision(plan: Result<Duration, GiveUpReason>) -> RetryDecision {
    match plan {
        Ok(delay) => RetryDecision::Retry(delay),
        Err(_) => RetryDecision::GiveUp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::TransportError;

    fn secs(s: u64) -> RetryDecision {
        RetryDecision::Retry(Duration::from_secs(s))
    }

    fn body(code: u16) -> ErrorBody {
        ErrorBody::from_code(ErrorCode::from_u16(code).unwrap())
    }

    #[test]
    fn non_retryable_codes_give_up_at_once() {
        let policy = RetryPolicy::default();
        for code in [400, 401, 402, 403, 404, 409, 422, 501, 505, 511] {
            assert_eq!(
                policy.decide(0, &body(code)),
                RetryDecision::GiveUp,
                "{code}"
            );
        }
        // Even with a delay and retries left.
        let with_delay = body(400).with_retry_after_seconds(1);
        assert_eq!(policy.decide(0, &with_delay), RetryDecision::GiveUp);
    }

    #[test]
    fn server_errors_back_off_exponentially_then_give_up() {
        let policy = RetryPolicy::default().jitter(Jitter::None);
        for code in [500, 502, 503, 504, 408] {
            let error = body(code);
            assert_eq!(policy.decide(0, &error), secs(1), "{code}");
            assert_eq!(policy.decide(1, &error), secs(2), "{code}");
            assert_eq!(policy.decide(2, &error), secs(4), "{code}");
            assert_eq!(policy.decide(3, &error), RetryDecision::GiveUp, "{code}");
        }
    }

    #[test]
    fn rate_limit_waits_the_server_delay_or_30s() {
        let policy = RetryPolicy::default();
        let with = body(429).with_retry_after_seconds(7);
        for retries in 0..3 {
            assert_eq!(policy.decide(retries, &with), secs(7));
        }
        assert_eq!(policy.decide(3, &with), RetryDecision::GiveUp);
        assert_eq!(policy.decide(0, &body(429)), secs(30));
        assert_eq!(policy.decide(2, &body(429)), secs(30));
        let at_cap = body(429).with_retry_after_seconds(120);
        assert_eq!(policy.decide(0, &at_cap), secs(120));
        let past_cap = body(429).with_retry_after_seconds(121);
        assert_eq!(policy.decide(0, &past_cap), RetryDecision::GiveUp);
        let absurd = body(429).with_retry_after_seconds(99_999_999);
        assert_eq!(policy.decide(0, &absurd), RetryDecision::GiveUp);
    }

    #[test]
    fn server_delay_is_a_floor_for_5xx() {
        let policy = RetryPolicy::default().jitter(Jitter::None);
        let error = body(503).with_retry_after_seconds(10);
        assert_eq!(policy.decide(0, &error), secs(10));
        let short = body(503).with_retry_after_seconds(1);
        assert_eq!(policy.decide(2, &short), secs(4));
        for jitter in [
            Jitter::Additive,
            Jitter::Full,
            Jitter::Equal,
            Jitter::Decorrelated,
        ] {
            let policy = RetryPolicy::default().jitter(jitter);
            let mut rng = JitterRng::new(11);
            for retries in 0..3 {
                for _ in 0..200 {
                    match policy.decide_with(retries, &error, &mut rng) {
                        RetryDecision::Retry(d) => assert!(d >= Duration::from_secs(10)),
                        RetryDecision::GiveUp => panic!("gave up"),
                    }
                }
            }
        }
    }

    #[test]
    fn zero_delay_retries_promptly_but_spread() {
        let policy = RetryPolicy::default();
        let past = body(429).with_retry_after_seconds(0);
        let mut rng = JitterRng::new(5);
        let waits: Vec<Duration> = (0..100)
            .map(|_| match policy.decide_with(0, &past, &mut rng) {
                RetryDecision::Retry(d) => d,
                RetryDecision::GiveUp => panic!("gave up"),
            })
            .collect();
        assert!(
            waits
                .iter()
                .all(|d| *d >= Duration::from_millis(250) && *d <= Duration::from_millis(500))
        );
        let distinct: std::collections::HashSet<_> = waits.iter().collect();
        assert!(distinct.len() > 90, "{} distinct waits", distinct.len());
        let exact = RetryPolicy::default().jitter(Jitter::None);
        assert_eq!(
            exact.decide(0, &past),
            RetryDecision::Retry(Duration::from_millis(250))
        );
    }

    #[test]
    fn the_default_never_retries_earlier_than_documented() {
        let policy = RetryPolicy::default();
        let mut rng = JitterRng::new(1);
        for (retries, documented) in [(0, 1000), (1, 2000), (2, 4000)] {
            let waits: Vec<Duration> = (0..500)
                .map(
                    |_| match policy.decide_with(retries, &body(500), &mut rng) {
                        RetryDecision::Retry(d) => d,
                        RetryDecision::GiveUp => panic!("gave up"),
                    },
                )
                .collect();
            let low = Duration::from_millis(documented);
            let high = Duration::from_millis(documented * 3 / 2);
            assert!(waits.iter().all(|d| *d >= low && *d <= high), "{waits:?}");
            // Spread over the whole window, not stuck at one end.
            assert!(waits.iter().any(|d| *d < low + (high - low) / 10));
            assert!(waits.iter().any(|d| *d > high - (high - low) / 10));
        }
    }

    #[test]
    fn a_429_without_delay_waits_for_the_reset() {
        let policy = RetryPolicy::default();
        let mut rng = JitterRng::new(0);
        let bare = AttemptError::from(body(429));
        let reset = Some(Duration::from_secs(17));
        assert_eq!(
            policy.plan(0, &bare, reset, &mut rng),
            Ok(Duration::from_secs(17))
        );
        assert_eq!(
            policy.plan(0, &bare, None, &mut rng),
            Ok(Duration::from_secs(30))
        );
        assert_eq!(
            policy.plan(0, &bare, Some(Duration::from_secs(121)), &mut rng),
            Err(GiveUpReason::ServerDelayTooLong)
        );
        // The server's own delay wins over the reset; other codes ignore it.
        let with = AttemptError::from(body(429).with_retry_after_seconds(3));
        assert_eq!(
            policy.plan(0, &with, reset, &mut rng),
            Ok(Duration::from_secs(3))
        );
        let exact = RetryPolicy::default().jitter(Jitter::None);
        let bad_gateway = AttemptError::from(body(502));
        assert_eq!(
            exact.plan(0, &bad_gateway, reset, &mut rng),
            Ok(Duration::from_secs(1))
        );
    }

    #[test]
    fn builder_knobs_and_caps() {
        let policy = RetryPolicy::default()
            .jitter(Jitter::None)
            .max_retries(10)
            .base_delay(Duration::from_millis(100))
            .factor(3)
            .max_delay(Duration::from_secs(2));
        let waits: Vec<RetryDecision> = (0..6).map(|n| policy.decide(n, &body(502))).collect();
        assert_eq!(
            waits,
            [
                RetryDecision::Retry(Duration::from_millis(250)), // raised to min_delay
                RetryDecision::Retry(Duration::from_millis(300)),
                RetryDecision::Retry(Duration::from_millis(900)),
                secs(2),
                secs(2),
                secs(2),
            ]
        );
        // A huge retry count does not overflow.
        assert_eq!(policy.decide(9, &body(502)), secs(2));
        let policy = RetryPolicy::default()
            .max_retries(u32::MAX)
            .factor(u32::MAX)
            .max_delay(Duration::MAX);
        assert!(matches!(
            policy.decide(u32::MAX - 1, &body(502)),
            RetryDecision::Retry(_)
        ));
        assert_eq!(
            RetryPolicy::default()
                .fallback_retry_after(Duration::from_secs(5))
                .decide(0, &body(429)),
            secs(5)
        );
        assert_eq!(
            RetryPolicy::default()
                .max_retry_after(Duration::from_secs(3600))
                .decide(0, &body(429).with_retry_after_seconds(3600)),
            secs(3600)
        );
        assert_eq!(
            RetryPolicy::default().factor(0),
            RetryPolicy::default().factor(1)
        );
    }

    #[test]
    fn a_delay_that_cannot_grow_is_computed_at_once() {
        // Regression (found by fuzz/retry_decide): with a zero base delay or a factor of 1
        // the exponential never reached max_delay, so each decision looped `retries_so_far`
        // times: about 4 billion steps (minutes) for `decide(u32::MAX - 1, ..)`.
        let many = RetryPolicy::default()
            .jitter(Jitter::None)
            .max_retries(u32::MAX);
        let zero_base = many.clone().base_delay(Duration::ZERO).factor(74);
        assert_eq!(
            zero_base.decide(u32::MAX - 1, &body(502)),
            RetryDecision::Retry(Duration::from_millis(250))
        );
        let constant = many.factor(1);
        assert_eq!(constant.decide(u32::MAX - 1, &body(502)), secs(1));
    }

    #[test]
    fn decisions_never_exceed_longest_wait() {
        let mut rng = JitterRng::new(99);
        for jitter in [
            Jitter::None,
            Jitter::Additive,
            Jitter::Full,
            Jitter::Equal,
            Jitter::Decorrelated,
        ] {
            let policy = RetryPolicy::default().jitter(jitter).max_retries(50);
            for retries in 0..50 {
                for seconds in [None, Some(0), Some(1), Some(60), Some(120), Some(121)] {
                    for code in [408, 429, 500, 502, 503] {
                        let mut error = body(code);
                        if let Some(s) = seconds {
                            error = error.with_retry_after_seconds(s);
                        }
                        if let RetryDecision::Retry(d) =
                            policy.decide_with(retries, &error, &mut rng)
                        {
                            assert!(d <= policy.longest_wait(), "{d:?}");
                            assert!(d >= Duration::from_millis(250));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn transport_failures_retry_like_5xx() {
        let policy = RetryPolicy::default().jitter(Jitter::None);
        let refused = AttemptError::from(TransportError::not_sent("refused"));
        let timeout = AttemptError::from(TransportError::maybe_sent("timeout"));
        for error in [&refused, &timeout] {
            assert_eq!(policy.decide_error(0, error), secs(1));
            assert_eq!(policy.decide_error(2, error), secs(4));
            assert_eq!(policy.decide_error(3, error), RetryDecision::GiveUp);
        }
        let other = AttemptError::Other("bad".into());
        assert_eq!(policy.decide_error(0, &other), RetryDecision::GiveUp);
        let mut rng = JitterRng::new(0);
        assert_eq!(
            policy.plan(0, &other, None, &mut rng),
            Err(GiveUpReason::NotRetryable)
        );
        assert_eq!(
            policy.plan(3, &refused, None, &mut rng),
            Err(GiveUpReason::RetriesExhausted)
        );
        let long = AttemptError::from(body(503).with_retry_after_seconds(500));
        assert_eq!(
            policy.plan(0, &long, None, &mut rng),
            Err(GiveUpReason::ServerDelayTooLong)
        );
    }

    #[test]
    fn never_policy() {
        assert_eq!(
            RetryPolicy::never().decide(0, &body(429)),
            RetryDecision::GiveUp
        );
    }
}
