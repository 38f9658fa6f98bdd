//! [`Retrier`]: a policy, a budget and a report hook. The loop that applies them is
//! `state.rs`; the executors are in `blocking.rs`, `asynchronous.rs` and the reqwest
//! integration.

use std::fmt;
use std::sync::Arc;

use super::{AttemptReport, RetryBudget, RetryPolicy};

type ReportHook = Arc<dyn Fn(&AttemptReport<'_>) + Send + Sync>;

/// Runs operations under a [`RetryPolicy`] and an optional [`RetryBudget`]: the retry loop,
/// done once.
///
/// - A non-retryable error stops at once; when retries run out, the last error is returned.
/// - A transport failure ([`AttemptError::Transport`](super::AttemptError::Transport)) is
///   retried as a 5xx would be.
/// - Every attempt is reported to [`on_attempt`](Self::on_attempt) (and, with the `tracing`
///   feature, as a `tracing` event with target `sunor_errors::retry`).
/// - No sleep is longer than the policy's [`longest_wait`](RetryPolicy::longest_wait).
///
/// Executors: [`run_blocking`](Self::run_blocking) (a thread sleeps),
/// [`run`](Self::run) (any async runtime: the caller passes its sleep) and, with the `tokio`
/// feature, [`run_tokio`](Self::run_tokio). With the `reqwest` feature,
/// `integrations::reqwest::send` sends a `reqwest` request through one.
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
/// let retrier = Retrier::new(RetryPolicy::default()).budget(RetryBudget::default());
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
}

impl Retrier {
    /// Runs operations under `policy`, with no budget; ambiguous failures are retried (the
    /// docs' behaviour).
    pub fn new(policy: RetryPolicy) -> Retrier {
        Retrier {
            policy,
            budget: None,
            repeat_ambiguous: true,
            on_attempt: None,
        }
    }

    /// Spends `budget` on every retry and refills it on every success. Share one budget
    /// (it is `Clone`) across every request of a client.
    #[must_use]
    pub fn budget(mut self, budget: RetryBudget) -> Retrier {
        self.budget = Some(budget);
        self
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

    /// The former name of [`non_idempotent`](Self::non_idempotent).
    #[deprecated(
        since = "0.2.0",
        note = "renamed to `non_idempotent`: the method is safe; it marks the request as not idempotent"
    )]
    #[must_use]
    pub fn unsafe_to_repeat(self) -> Retrier {
        self.non_idempotent()
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

    /// The policy.
    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// The budget, if any.
    pub fn retry_budget(&self) -> Option<&RetryBudget> {
        self.budget.as_ref()
    }

    /// Whether ambiguous failures are retried: `false` after
    /// [`non_idempotent`](Self::non_idempotent).
    pub fn repeats_ambiguous(&self) -> bool {
        self.repeat_ambiguous
    }
}

impl Default for Retrier {
    /// The documented policy, no budget, ambiguous failures retried.
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
            .finish()
    }
}
