//! [`Retrier`]: a policy, a budget and a report hook. The loop that applies them is
//! `state.rs`, driven by `blocking.rs` and, for every async executor (`asynchronous.rs`, the
//! reqwest and middleware integrations), by `attempts.rs`.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::pacing::Pacer;
use super::{AttemptReport, JitterRng, RetryBudget, RetryPolicy};
use crate::rate_limit::RateLimit;

type ReportHook = Arc<dyn Fn(&AttemptReport<'_>) + Send + Sync>;
type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

/// Runs operations under a [`RetryPolicy`] and a client-wide [`RetryBudget`]: the retry
/// loop, done once.
///
/// - A non-retryable error stops at once; when retries run out, the last error is returned.
/// - Every `Retrier` has a budget ([`RetryBudget::default()`]) unless its caller opts out
///   with [`without_budget`](Self::without_budget): keep one `Retrier` per client (clones
///   share its budget), not one per request, or a fleet in an outage retries unchecked.
/// - [`deadline`](Self::deadline) bounds a whole operation, [`attempt_timeout`](Self::attempt_timeout)
///   each attempt; [`pace_rate_limits`](Self::pace_rate_limits) holds requests while the
///   server's rate limit is spent.
/// - A transport failure ([`AttemptError::Transport`](super::AttemptError::Transport)) is
///   retried as a 5xx would be.
/// - Every attempt is reported to [`on_attempt`](Self::on_attempt) (and, with the `tracing`
///   feature, as a `tracing` event with target `sunor_errors::retry`).
/// - No sleep is longer than the policy's [`longest_wait`](RetryPolicy::longest_wait).
///
/// Executors: [`run_blocking`](Self::run_blocking) (a thread sleeps),
/// [`run`](Self::run) (any async runtime: the caller passes its sleep) and, with the `tokio`
/// feature, [`run_tokio`](Self::run_tokio). With the `reqwest` feature,
/// `sunor_errors::reqwest::send` sends a `reqwest` request through one.
///
/// A `Retrier` is cheap to clone (the budget and the hook are shared): keep one per client
/// and clone it to change a setting for one request.
///
/// # Requests that are not idempotent
///
/// The API has no idempotency key, yet its docs retry `POST /api/v1/task` on 5xx and 429,
/// and a `Retrier` follows them by default. A 5xx, or a timeout once the request was sent,
/// is ambiguous: the server may have created the task before failing, and a retry may
/// create (and bill) a second one. Failed tasks are refunded, so the docs accept that risk.
/// A caller that cannot must call [`non_idempotent`](Self::non_idempotent): ambiguous
/// failures then surface at once, while a 429 or a connection that was never made (always
/// safe) are still retried.
///
/// ```
/// use sunor_errors::retry::{AttemptError, Retrier, RetryBudget, RetryPolicy};
/// use sunor_errors::{ErrorBody, ErrorCode};
///
/// let retrier = Retrier::new(RetryPolicy::default()); // with RetryBudget::default()
/// let mut calls = 0;
/// let result: Result<(), AttemptError> = retrier.run_blocking(|_attempt| {
///     calls += 1;
///     Err(ErrorBody::from_code(ErrorCode::PAYMENT_REQUIRED).into())
/// });
/// assert_eq!(calls, 1); // 402 is not retryable: no sleep, no second call
/// assert_eq!(result.unwrap_err().as_error_body().unwrap().code(), ErrorCode::PAYMENT_REQUIRED);
/// ```
#[derive(Clone)]
pub struct Retrier {
    // Read by the loop in `state.rs`.
    pub(super) policy: RetryPolicy,
    pub(super) budget: Option<RetryBudget>,
    pub(super) repeat_ambiguous: bool,
    pub(super) on_attempt: Option<ReportHook>,
    pub(super) deadline: Option<Duration>,
    pub(super) attempt_timeout: Option<Duration>,
    pub(super) pacer: Option<Arc<Pacer>>,
    clock: Option<Clock>,
    rng: Option<Arc<Mutex<JitterRng>>>,
}

impl Retrier {
    /// Runs operations under `policy` and a fresh [`RetryBudget::default()`]; ambiguous
    /// failures are retried (the docs' behaviour). Make one per client and clone it.
    pub fn new(policy: RetryPolicy) -> Retrier {
        Retrier {
            policy,
            budget: Some(RetryBudget::default()),
            repeat_ambiguous: true,
            on_attempt: None,
            deadline: None,
            attempt_timeout: None,
            pacer: None,
            clock: None,
            rng: None,
        }
    }

    /// Uses `budget` (see [`RetryBudget`]) instead of the default one. Share one budget (it
    /// is `Clone`) across every request of a client.
    #[must_use]
    pub fn budget(mut self, budget: RetryBudget) -> Retrier {
        self.budget = Some(budget);
        self
    }

    /// Opts out of the budget: every request retries as its policy says, whatever the rest
    /// of the client sees. For a single request or a test; a fleet of such clients
    /// multiplies a failing server's load by up to `1 + max_retries`.
    #[must_use]
    pub fn without_budget(mut self) -> Retrier {
        self.budget = None;
        self
    }

    /// Ends every operation within `deadline` from its start, attempts and waits included.
    ///
    /// A wait that would cross it, or a server delay longer than what is left, gives up at
    /// once ([`GiveUpReason::Deadline`](super::GiveUpReason::Deadline)). The async
    /// executors ([`run`](Self::run)) and the reqwest helpers also abandon an attempt still
    /// in flight at the deadline (`Deadline` again); the blocking executor cannot interrupt
    /// a running closure, so there the deadline bounds the waits.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sunor_errors::retry::{AttemptError, AttemptOutcome, GiveUpReason, Retrier, RetryPolicy};
    /// use sunor_errors::{ErrorBody, ErrorCode};
    ///
    /// let retrier = Retrier::new(RetryPolicy::default())
    ///     .deadline(Duration::from_millis(500))
    ///     .on_attempt(|report| {
    ///         assert_eq!(report.outcome(), AttemptOutcome::GaveUp(GiveUpReason::Deadline))
    ///     });
    /// let result: Result<(), _> = retrier.run_blocking(|_| {
    ///     Err(AttemptError::from(ErrorBody::from_code(ErrorCode::BAD_GATEWAY)))
    /// });
    /// // The first retry would wait at least 1 s: past the deadline, so no sleep at all.
    /// assert!(result.is_err());
    /// ```
    #[must_use]
    pub fn deadline(mut self, deadline: Duration) -> Retrier {
        self.deadline = Some(deadline);
        self
    }

    /// Abandons each attempt of the async executors and of the reqwest helpers (reading the
    /// error body included) after `timeout`. It then counts as a transport failure that may
    /// have been sent ([`TransportError::maybe_sent`](super::TransportError::maybe_sent)),
    /// retried as such. The blocking executor cannot interrupt an attempt and ignores it.
    #[must_use]
    pub fn attempt_timeout(mut self, timeout: Duration) -> Retrier {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Paces the client by the server's rate-limit headers: after a response said that
    /// nothing is left of the quota (`X-RateLimit-Remaining: 0` or `RateLimit: ..;r=0`,
    /// with a reset), the next attempt of any request of this `Retrier` and its clones
    /// waits for the reset instead of provoking a 429. A reset further away than the
    /// policy's [`max_retry_after`](RetryPolicy::max_retry_after), or past a retry's
    /// deadline, is not waited for.
    ///
    /// The reqwest helpers report every response's headers; other drivers call
    /// [`observe_rate_limit`](Self::observe_rate_limit). The hold is measured on the
    /// retrier's [`clock`](Self::clock): a sleep given to an executor (`*_with_sleep`,
    /// [`run`](Self::run)) must let that much time pass on it.
    #[must_use]
    pub fn pace_rate_limits(mut self) -> Retrier {
        self.pacer = Some(Arc::new(Pacer::default()));
        self
    }

    /// Tells the pacer ([`pace_rate_limits`](Self::pace_rate_limits)) what a response said;
    /// nothing happens when pacing is off.
    ///
    /// The example runs on a virtual clock (see [`clock`](Self::clock)) that only the sleep
    /// moves, so what it shows holds whatever else the machine is doing.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use std::time::{Duration, Instant};
    /// use sunor_errors::rate_limit::RateLimit;
    /// use sunor_errors::retry::{AttemptError, Retrier, RetryPolicy};
    ///
    /// let now = Arc::new(Mutex::new(Instant::now()));
    /// let clock = Arc::clone(&now);
    /// let retrier = Retrier::new(RetryPolicy::default())
    ///     .pace_rate_limits()
    ///     .clock(move || *clock.lock().unwrap());
    /// retrier.observe_rate_limit(&RateLimit::new(60, 0, Duration::from_millis(50)));
    ///
    /// let mut slept = Vec::new();
    /// let result: Result<(), AttemptError> = retrier.run_blocking_with_sleep(
    ///     |_| Ok(()),
    ///     |wait| {
    ///         slept.push(wait);
    ///         *now.lock().unwrap() += wait;
    ///     },
    /// );
    /// assert!(result.is_ok());
    /// // Held until the reset, then sent.
    /// assert_eq!(slept, [Duration::from_millis(50)]);
    /// ```
    pub fn observe_rate_limit(&self, limit: &RateLimit) {
        if let Some(pacer) = &self.pacer {
            pacer.observe(limit, self.now());
        }
    }

    /// Reads time from `clock` instead of [`Instant::now`]: for deadlines and pacing under
    /// a virtual clock (tokio's paused time, a simulation).
    #[must_use]
    pub fn clock(mut self, clock: impl Fn() -> Instant + Send + Sync + 'static) -> Retrier {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Draws jitter from one generator seeded with `seed`, shared by clones, instead of the
    /// per-thread one: the same seed and the same outcomes give the same waits (for tests
    /// and simulations; see [`RetryPolicy::decide_with`]).
    #[must_use]
    pub fn jitter_seed(mut self, seed: u64) -> Retrier {
        self.rng = Some(Arc::new(Mutex::new(JitterRng::new(seed))));
        self
    }

    /// Runs `f` with this retrier's jitter generator.
    pub(crate) fn with_rng<R>(&self, f: impl FnOnce(&mut JitterRng) -> R) -> R {
        match &self.rng {
            Some(rng) => f(&mut rng.lock().unwrap_or_else(|e| e.into_inner())),
            None => JitterRng::with_thread_local(f),
        }
    }

    /// The current time on this retrier's clock.
    pub(crate) fn now(&self) -> Instant {
        match &self.clock {
            Some(clock) => clock(),
            None => Instant::now(),
        }
    }

    /// Marks the request as not idempotent: running it twice may do its work twice (create,
    /// and bill, a second task). An ambiguous failure, one after which the server may have
    /// acted (a 5xx, or a transport failure after the request may have been sent), is then
    /// returned at once ([`GiveUpReason::NotSafeToRepeat`](super::GiveUpReason::NotSafeToRepeat)).
    /// A 429 and a failure before the request was sent (connection refused, DNS) are still
    /// retried: the server did not act on them. See the type's docs for the trade-off.
    ///
    /// ```
    /// use sunor_errors::retry::{AttemptError, Retrier, RetryPolicy};
    /// use sunor_errors::{ErrorBody, ErrorCode};
    ///
    /// let create_task = Retrier::new(RetryPolicy::default()).non_idempotent();
    /// let mut calls = 0;
    /// let result: Result<(), AttemptError> = create_task.run_blocking(|_attempt| {
    ///     calls += 1;
    ///     Err(ErrorBody::from_code(ErrorCode::BAD_GATEWAY).into())
    /// });
    /// assert_eq!(calls, 1); // the task may exist: not sent again
    /// assert!(result.unwrap_err().is_ambiguous());
    /// ```
    #[must_use]
    pub fn non_idempotent(mut self) -> Retrier {
        self.repeat_ambiguous = false;
        self
    }

    /// Calls `hook` after every attempt with what happened and what comes next.
    #[must_use]
    pub fn on_attempt(
        mut self,
        hook: impl Fn(&AttemptReport<'_>) + Send + Sync + 'static,
    ) -> Retrier {
        self.on_attempt = Some(Arc::new(hook));
        self
    }

    // Getters. A builder method takes `self` by value and its setting (`deadline(self,
    // Duration)`), and Rust allows one method per name: each getter is the builder's name
    // with the `_ref` suffix, the convention of `http::request::Builder` (`method` /
    // `method_ref`, `uri` / `uri_ref`), so that the pair is found together. `Copy` settings
    // come back by value. A flag set by a method without an argument reads as `is_<name>`.

    /// The policy (given to [`new`](Self::new)).
    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// The budget, if any ([`budget`](Self::budget); `None` after
    /// [`without_budget`](Self::without_budget)).
    pub fn budget_ref(&self) -> Option<&RetryBudget> {
        self.budget.as_ref()
    }

    /// Whether ambiguous failures are refused: `true` after
    /// [`non_idempotent`](Self::non_idempotent).
    pub fn is_non_idempotent(&self) -> bool {
        !self.repeat_ambiguous
    }

    /// The operation's deadline, if any ([`deadline`](Self::deadline)).
    pub fn deadline_ref(&self) -> Option<Duration> {
        self.deadline
    }

    /// The per-attempt timeout, if any ([`attempt_timeout`](Self::attempt_timeout)).
    pub fn attempt_timeout_ref(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    /// The budget, if any: the 0.1.0 name of [`budget_ref`](Self::budget_ref).
    #[deprecated(
        since = "0.2.0",
        note = "renamed to `budget_ref`, beside the builder `budget`"
    )]
    pub fn retry_budget(&self) -> Option<&RetryBudget> {
        self.budget_ref()
    }

    /// Whether ambiguous failures are retried: the 0.1.0 reading of
    /// [`is_non_idempotent`](Self::is_non_idempotent), negated.
    #[deprecated(
        since = "0.2.0",
        note = "use `!is_non_idempotent()`, named after the builder `non_idempotent`"
    )]
    pub fn repeats_ambiguous(&self) -> bool {
        self.repeat_ambiguous
    }
}

impl Default for Retrier {
    /// The documented policy, [`RetryBudget::default()`], ambiguous failures retried.
    fn default() -> Retrier {
        Retrier::new(RetryPolicy::default())
    }
}

impl fmt::Debug for Retrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Retrier")
            .field("policy", &self.policy)
            .field("budget", &self.budget)
            .field("repeat_ambiguous", &self.repeat_ambiguous)
            .field("on_attempt", &self.on_attempt.as_ref().map(|_| "Fn"))
            .field("deadline", &self.deadline)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("pace_rate_limits", &self.pacer.is_some())
            .field("clock", &self.clock.as_ref().map(|_| "Fn"))
            .field("jitter_seeded", &self.rng.is_some())
            .finish()
    }
}

// For the shared vectors only (`tests/tests/wire/shared_vectors.rs`): the test sets the
// generator's next output before each draw. Not part of the API.
impl Retrier {
    /// Draws jitter from `rng`, which the caller keeps. For the shared vectors only.
    #[doc(hidden)]
    #[must_use]
    pub fn __jitter_rng(mut self, rng: Arc<Mutex<JitterRng>>) -> Retrier {
        self.rng = Some(rng);
        self
    }
}
