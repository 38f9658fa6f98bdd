//! What an executor reports after every attempt, so that users can log it.

use std::fmt;
use std::time::Duration;

use super::AttemptError;

/// Why an executor stopped retrying and returned the last error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GiveUpReason {
    /// The error is not retryable (400, 401, 402, 404, ..., or [`AttemptError::Other`]).
    NotRetryable,
    /// The policy's maximum number of retries is spent.
    RetriesExhausted,
    /// The server asked for a delay above the policy's
    /// [`max_retry_after`](super::RetryPolicy::max_retry_after).
    ServerDelayTooLong,
    /// The client's [`RetryBudget`](super::RetryBudget) is empty.
    BudgetExhausted,
    /// The failure is ambiguous (a 5xx, or a transport failure after the request may have
    /// been sent) and the request is not idempotent
    /// ([`Retrier::non_idempotent`](super::Retrier::non_idempotent)): the server may have
    /// acted on it, and sending it again may do the work twice.
    NotSafeToRepeat,
    /// The request cannot be sent twice (its body is a stream that cannot be cloned).
    NotReplayable,
    /// The wait before the next attempt would cross the
    /// [`Retrier::deadline`](super::Retrier::deadline), or an attempt was still in flight
    /// when it passed.
    Deadline,
}

impl GiveUpReason {
    /// A short lowercase description, as used in logs.
    pub const fn as_str(self) -> &'static str {
        match self {
            GiveUpReason::NotRetryable => "not retryable",
            GiveUpReason::RetriesExhausted => "retries exhausted",
            GiveUpReason::ServerDelayTooLong => "server delay too long",
            GiveUpReason::BudgetExhausted => "retry budget exhausted",
            GiveUpReason::NotSafeToRepeat => "not safe to repeat",
            GiveUpReason::NotReplayable => "request body cannot be replayed",
            GiveUpReason::Deadline => "deadline exceeded",
        }
    }
}

impl fmt::Display for GiveUpReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the executor does after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AttemptOutcome {
    /// The attempt succeeded; its value is returned.
    Succeeded,
    /// The attempt failed and the executor sleeps this long before the next one.
    RetryAfter(Duration),
    /// The attempt failed and its error is returned.
    GaveUp(GiveUpReason),
    /// The attempt is held back this long before it is sent: the rate limit is spent until
    /// its reset ([`Retrier::pace_rate_limits`](super::Retrier::pace_rate_limits)), or, for
    /// a retry, other requests of the client failed since (see
    /// [`RetryBudget`](super::RetryBudget)); a retry held for that reason counts as made,
    /// and its report carries the next attempt's number.
    Held(Duration),
}

/// One attempt, as reported to [`Retrier::on_attempt`](super::Retrier::on_attempt).
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use std::time::Duration;
/// use sunor_errors::retry::{AttemptError, AttemptOutcome, Jitter, Retrier, RetryPolicy};
/// use sunor_errors::{ErrorBody, ErrorCode};
///
/// let log = Arc::new(Mutex::new(Vec::new()));
/// let sink = Arc::clone(&log);
/// let retrier = Retrier::new(RetryPolicy::default().jitter(Jitter::None))
///     .on_attempt(move |report| sink.lock().unwrap().push(report.to_string()));
/// let result = retrier.run_blocking_with_sleep(
///     |attempt| match attempt {
///         1 => Err(AttemptError::from(ErrorBody::from_code(ErrorCode::BAD_GATEWAY))),
///         _ => Ok("done"),
///     },
///     |_| {},
/// );
/// assert_eq!(result.unwrap(), "done");
/// assert_eq!(
///     *log.lock().unwrap(),
///     [
///         "attempt 1 failed (API error 502: Upstream provider error), retrying in 1s",
///         "attempt 2 succeeded",
///     ]
/// );
/// ```
#[derive(Debug)]
pub struct AttemptReport<'a> {
    attempt: u32,
    error: Option<&'a AttemptError>,
    outcome: AttemptOutcome,
}

impl<'a> AttemptReport<'a> {
    pub(crate) fn new(
        attempt: u32,
        error: Option<&'a AttemptError>,
        outcome: AttemptOutcome,
    ) -> AttemptReport<'a> {
        AttemptReport {
            attempt,
            error,
            outcome,
        }
    }

    /// The attempt's number, from 1 (the first try).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The attempt's error, `None` when it succeeded. For a held attempt
    /// ([`AttemptOutcome::Held`]), the error of the attempt before it, if any.
    pub fn error(&self) -> Option<&'a AttemptError> {
        self.error
    }

    /// What the executor does next.
    pub fn outcome(&self) -> AttemptOutcome {
        self.outcome
    }
}

/// `attempt 2 failed (API error 502: Upstream provider error), retrying in 2s`;
/// `attempt 3 held for 4s`.
impl fmt::Display for AttemptReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "attempt {}", self.attempt)?;
        if let AttemptOutcome::Held(wait) = self.outcome {
            return write!(f, " held for {wait:?}");
        }
        match self.error {
            None => f.write_str(" succeeded")?,
            Some(error) => write!(f, " failed ({error})")?,
        }
        match self.outcome {
            AttemptOutcome::Succeeded => Ok(()),
            AttemptOutcome::RetryAfter(delay) => write!(f, ", retrying in {delay:?}"),
            AttemptOutcome::GaveUp(reason) => write!(f, ", giving up: {reason}"),
            AttemptOutcome::Held(_) => Ok(()),
        }
    }
}
