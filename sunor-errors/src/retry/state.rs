//! [`RetryState`]: the retry loop, written once. The executors (the blocking one, the async
//! attempt driver of `attempts.rs` under the async executor, reqwest and the middleware,
//! and the tower policy) only call the operation, feed its outcome here, and sleep or
//! return as told.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, Instant};

use super::{AttemptError, AttemptOutcome, AttemptReport, GiveUpReason, Retrier, TransportError};
use crate::ErrorCode;
use crate::rate_limit::RateLimit;

/// What an executor does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Run attempt [`RetryState::attempt`] now.
    Go,
    /// Sleep this long, then ask [`RetryState::ready`] again.
    Retry(Duration),
    /// The run is over: return the last attempt's error (or, after
    /// [`record`](RetryState::record)ing a success, the success).
    Stop,
}

/// One run of an operation under a [`Retrier`]: the attempt counter, the clock, the
/// bookkeeping of every outcome (budget, pacer, reports) and every decision.
///
/// An executor makes one with [`new`](Self::new), then loops: [`ready`](Self::ready)
/// (sleep while it says `Retry`, return the last error on `Stop`); run attempt
/// [`attempt`](Self::attempt), bounded by [`attempt_limit`](Self::attempt_limit) if it can
/// abandon it ([`expired`](Self::expired) when it does); then [`succeeded`](Self::succeeded)
/// (the run ends) or [`failed`](Self::failed) (sleep what it says, or stop), or
/// [`record`](Self::record) for either, with what a response said about the rate limit.
#[derive(Clone)]
pub(crate) struct RetryState<'r> {
    retrier: Cow<'r, Retrier>,
    attempt: u32,
    deadline: Option<Instant>,
    // The budget's number of the failure being retried: other failures after it hold the
    // retry back.
    mark: Option<u64>,
    // Whether the limit of the attempt in flight is the deadline (else the attempt timeout).
    limited_by_deadline: bool,
}

/// The error of an abandoned attempt: the attempt timeout or the deadline elapsed.
#[derive(Debug)]
pub(crate) struct Elapsed {
    what: &'static str,
    after: Duration,
}

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} elapsed ({:?})", self.what, self.after)
    }
}

impl StdError for Elapsed {}

impl<'r> RetryState<'r> {
    /// A run that starts now and has not made its first attempt yet.
    pub(crate) fn new(retrier: &'r Retrier) -> RetryState<'r> {
        RetryState::start(Cow::Borrowed(retrier))
    }

    /// [`new`](Self::new) for a driver that cannot borrow (a tower policy).
    #[cfg(feature = "tower-retry")]
    pub(crate) fn owned(retrier: Retrier) -> RetryState<'static> {
        RetryState::start(Cow::Owned(retrier))
    }

    fn start(retrier: Cow<'r, Retrier>) -> RetryState<'r> {
        let deadline = retrier
            .deadline
            .and_then(|deadline| retrier.now().checked_add(deadline));
        RetryState {
            retrier,
            attempt: 1,
            deadline,
            mark: None,
            limited_by_deadline: false,
        }
    }

    /// The number of the attempt to run now, from 1 (the first try).
    pub(crate) fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Whether attempt [`attempt`](Self::attempt) may go now; `last` is the previous
    /// attempt's error (`None` before the first, which is never stopped: it is sent when a
    /// hold cannot be honoured).
    pub(crate) fn ready(&mut self, last: Option<&AttemptError>) -> Next {
        let now = self.retrier.now();
        if let Some(last) = last {
            if self.deadline.is_some_and(|deadline| now >= deadline) {
                return self.give_up(last, GiveUpReason::Deadline);
            }
            // Other requests found the server down since: this retry is spent without
            // sending, and the next one waits its turn.
            if let (Some(budget), Some(mark)) = (&self.retrier.budget, self.mark)
                && budget.failed_since(mark)
            {
                let retries_so_far = self.attempt.saturating_sub(1);
                let wait = match self.plan(retries_so_far, last, None, now) {
                    Ok(wait) => wait,
                    Err(reason) => return self.give_up(last, reason),
                };
                self.attempt = self.attempt.saturating_add(1);
                self.report(&AttemptReport::new(
                    self.attempt,
                    Some(last),
                    AttemptOutcome::Held(wait),
                ));
                return Next::Retry(wait);
            }
        }
        let hold = self
            .retrier
            .pacer
            .as_ref()
            .and_then(|pacer| pacer.hold(now));
        if let Some(wait) = hold.filter(|wait| *wait <= self.retrier.policy.server_delay_cap()) {
            if self.crosses_deadline(now, wait) {
                if let Some(last) = last {
                    return self.give_up(last, GiveUpReason::Deadline);
                }
                return Next::Go;
            }
            self.report(&AttemptReport::new(
                self.attempt,
                last,
                AttemptOutcome::Held(wait),
            ));
            return Next::Retry(wait);
        }
        Next::Go
    }

    /// How long the attempt about to run may take, if bounded: the attempt timeout or the
    /// time left before the deadline, whichever is shorter.
    pub(crate) fn attempt_limit(&mut self) -> Option<Duration> {
        let left = self
            .deadline
            .map(|deadline| deadline.saturating_duration_since(self.retrier.now()));
        let timeout = self.retrier.attempt_timeout;
        self.limited_by_deadline = match (left, timeout) {
            (Some(left), Some(timeout)) => left <= timeout,
            (Some(_), None) => true,
            (None, _) => false,
        };
        match (left, timeout) {
            (Some(left), Some(timeout)) => Some(left.min(timeout)),
            (left, timeout) => left.or(timeout),
        }
    }

    /// Records that the attempt was abandoned at its [`attempt_limit`](Self::attempt_limit):
    /// a transport failure that may have been sent. At the deadline the run stops
    /// ([`GiveUpReason::Deadline`]); after an attempt timeout it is decided like any
    /// failure.
    pub(crate) fn expired(&mut self, replayable: bool) -> (AttemptError, Next) {
        let retrier = &self.retrier;
        let (what, after) = match (self.limited_by_deadline, retrier.deadline) {
            (true, Some(deadline)) => ("deadline", deadline),
            _ => (
                "attempt timeout",
                retrier.attempt_timeout.unwrap_or_default(),
            ),
        };
        let error = AttemptError::from(TransportError::maybe_sent(Elapsed { what, after }));
        let next = if self.limited_by_deadline {
            if let Some(budget) = &self.retrier.budget {
                budget.fail();
            }
            self.give_up(&error, GiveUpReason::Deadline)
        } else {
            self.failed(&error, replayable)
        };
        (error, next)
    }

    /// Records that the current attempt succeeded: refills the budget and reports.
    pub(crate) fn succeeded(&mut self) {
        if let Some(budget) = &self.retrier.budget {
            budget.deposit();
        }
        self.report(&AttemptReport::new(
            self.attempt,
            None,
            AttemptOutcome::Succeeded,
        ));
    }

    /// Records what the current attempt gave: `error` when it failed, `rate_limit` when a
    /// response said something about the rate limit (it feeds the pacer). A success ends
    /// the run ([`succeeded`](Self::succeeded), then [`Next::Stop`]); a failure is decided
    /// as [`failed`](Self::failed) decides it, except that a 429 without a delay of its own
    /// waits until the rate limit's reset.
    pub(crate) fn record(
        &mut self,
        error: Option<&AttemptError>,
        rate_limit: Option<&RateLimit>,
        replayable: bool,
    ) -> Next {
        if let Some(rate_limit) = rate_limit {
            self.retrier.observe_rate_limit(rate_limit);
        }
        match error {
            None => {
                self.succeeded();
                Next::Stop
            }
            Some(error) => {
                let reset = rate_limit.and_then(RateLimit::reset);
                self.failed_with_reset(error, replayable, reset)
            }
        }
    }

    /// Records that the current attempt failed with `error`, decides what follows and
    /// reports it. On [`Next::Retry`] the counter moves to the next attempt. `replayable` is
    /// whether the request can be sent again at all.
    pub(crate) fn failed(&mut self, error: &AttemptError, replayable: bool) -> Next {
        self.failed_with_reset(error, replayable, None)
    }

    // `failed` for a response whose rate-limit headers said when the window resets: a 429
    // without a delay of its own waits until then.
    fn failed_with_reset(
        &mut self,
        error: &AttemptError,
        replayable: bool,
        reset: Option<Duration>,
    ) -> Next {
        let outcome = match self.decide(error, replayable, reset) {
            Ok(wait) => AttemptOutcome::RetryAfter(wait),
            Err(reason) => AttemptOutcome::GaveUp(reason),
        };
        self.report(&AttemptReport::new(self.attempt, Some(error), outcome));
        match outcome {
            AttemptOutcome::RetryAfter(wait) => {
                self.attempt = self.attempt.saturating_add(1);
                Next::Retry(wait)
            }
            _ => Next::Stop,
        }
    }

    fn give_up(&self, last: &AttemptError, reason: GiveUpReason) -> Next {
        self.report(&AttemptReport::new(
            self.attempt,
            Some(last),
            AttemptOutcome::GaveUp(reason),
        ));
        Next::Stop
    }

    fn crosses_deadline(&self, now: Instant, wait: Duration) -> bool {
        self.deadline
            .is_some_and(|deadline| now.checked_add(wait).is_none_or(|end| end >= deadline))
    }

    // The checks run cheapest and most final first; the budget decides last, so that a
    // refusal names the first reason that would have stopped the retry anyway.
    fn decide(
        &mut self,
        error: &AttemptError,
        replayable: bool,
        reset: Option<Duration>,
    ) -> Result<Duration, GiveUpReason> {
        if !error.is_retryable() {
            // The server answered on purpose: it is up, which refills the budget too.
            if let (Some(budget), AttemptError::Api(_)) = (&self.retrier.budget, error) {
                budget.deposit();
            }
            return Err(GiveUpReason::NotRetryable);
        }
        // Every retryable failure costs a token, retried or not (gRPC's throttling); a 429
        // does not: the server is up and said when to come back.
        let rate_limited = error
            .as_error_body()
            .is_some_and(|body| body.code() == ErrorCode::TOO_MANY_REQUESTS);
        let allowed = match &self.retrier.budget {
            Some(budget) if rate_limited => {
                // Not a sign that the server is down: nothing to hold this retry back for.
                self.mark = None;
                budget.allows_retry()
            }
            Some(budget) => {
                let (allowed, mark) = budget.fail();
                self.mark = Some(mark);
                allowed
            }
            None => true,
        };
        if !self.retrier.repeat_ambiguous && error.is_ambiguous() {
            return Err(GiveUpReason::NotSafeToRepeat);
        }
        if !replayable {
            return Err(GiveUpReason::NotReplayable);
        }
        let retries_so_far = self.attempt.saturating_sub(1);
        let wait = self.plan(retries_so_far, error, reset, self.retrier.now())?;
        if !allowed {
            return Err(GiveUpReason::BudgetExhausted);
        }
        Ok(wait)
    }

    // The policy's wait (capped at its longest wait), unless it crosses the deadline. A
    // server delay past the policy's cap crosses both limits: the nearer one is the reason
    // (`Deadline` when even a wait of the cap would cross the deadline).
    fn plan(
        &self,
        retries_so_far: u32,
        error: &AttemptError,
        reset: Option<Duration>,
        now: Instant,
    ) -> Result<Duration, GiveUpReason> {
        let policy = &self.retrier.policy;
        let wait = self
            .retrier
            .with_rng(|rng| policy.plan(retries_so_far, error, reset, rng))
            .map_err(|reason| match reason {
                GiveUpReason::ServerDelayTooLong
                    if self.crosses_deadline(now, policy.server_delay_cap()) =>
                {
                    GiveUpReason::Deadline
                }
                reason => reason,
            })?
            .min(policy.longest_wait());
        if self.crosses_deadline(now, wait) {
            return Err(GiveUpReason::Deadline);
        }
        Ok(wait)
    }

    fn report(&self, report: &AttemptReport<'_>) {
        #[cfg(feature = "tracing")]
        trace_report(report);
        if let Some(hook) = &self.retrier.on_attempt {
            hook(report);
        }
    }
}

// Attempt events carry OpenTelemetry's HTTP names: `http.request.resend_count` (on a
// resend only), `http.response.status_code` (when the server answered) and `error.type`
// (the status code, or `transport` / `timeout` / `other`).
#[cfg(feature = "tracing")]
fn trace_report(report: &AttemptReport<'_>) {
    let attempt = report.attempt();
    let resend_count = attempt.checked_sub(1).filter(|count| *count > 0);
    let status_code = report
        .error()
        .and_then(AttemptError::as_error_body)
        .map(|body| body.code().as_u16());
    let error_type = report.error().map(error_type);
    match (report.error(), report.outcome()) {
        (_, AttemptOutcome::Held(wait)) => tracing::debug!(
            target: "sunor_errors::retry",
            attempt,
            http.request.resend_count = resend_count,
            wait_ms = millis(wait),
            "attempt held"
        ),
        (None, _) => tracing::debug!(
            target: "sunor_errors::retry",
            attempt,
            http.request.resend_count = resend_count,
            "attempt succeeded"
        ),
        (Some(error), AttemptOutcome::RetryAfter(wait)) => tracing::info!(
            target: "sunor_errors::retry",
            attempt,
            http.request.resend_count = resend_count,
            http.response.status_code = status_code,
            error.r#type = error_type.as_deref(),
            wait_ms = millis(wait),
            %error,
            "attempt failed, retrying"
        ),
        (Some(error), outcome) => {
            let reason = match outcome {
                AttemptOutcome::GaveUp(reason) => reason.as_str(),
                _ => "",
            };
            tracing::warn!(
                target: "sunor_errors::retry",
                attempt,
                http.request.resend_count = resend_count,
                http.response.status_code = status_code,
                error.r#type = error_type.as_deref(),
                reason,
                %error,
                "attempt failed, giving up"
            )
        }
    }
}

#[cfg(feature = "tracing")]
fn millis(wait: Duration) -> u64 {
    u64::try_from(wait.as_millis()).unwrap_or(u64::MAX)
}

// OpenTelemetry's `error.type`: low cardinality, the status code when there is one.
#[cfg(feature = "tracing")]
fn error_type(error: &AttemptError) -> Cow<'static, str> {
    match error {
        AttemptError::Api(body) => Cow::Owned(body.code().as_u16().to_string()),
        AttemptError::Transport(transport) if transport.get_ref().is::<Elapsed>() => {
            Cow::Borrowed("timeout")
        }
        AttemptError::Transport(_) => Cow::Borrowed("transport"),
        AttemptError::Other(_) => Cow::Borrowed("other"),
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
