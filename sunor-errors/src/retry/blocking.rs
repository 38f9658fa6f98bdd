//! The blocking executor: a thin driver of `RetryState`; the calling thread sleeps
//! between attempts.

use std::time::Duration;

use super::state::{Next, RetryState};
use super::{AttemptError, Retrier};

impl Retrier {
    /// Runs `operation` until it succeeds or the policy, the budget, the deadline or the
    /// error says stop; sleeps the calling thread between attempts.
    ///
    /// A running attempt cannot be interrupted here: the [`deadline`](Self::deadline)
    /// bounds the waits, and [`attempt_timeout`](Self::attempt_timeout) does not apply
    /// (bound the operation itself, e.g. with the HTTP client's timeout).
    ///
    /// `operation` gets the attempt number (from 1). The result is the first success, or the
    /// last attempt's error.
    pub fn run_blocking<T>(
        &self,
        operation: impl FnMut(u32) -> Result<T, AttemptError>,
    ) -> Result<T, AttemptError> {
        self.run_blocking_with_sleep(operation, std::thread::sleep)
    }

    /// [`run_blocking`](Self::run_blocking) with the sleep supplied by the caller (a virtual
    /// clock in tests, a sleep that also watches a cancellation flag, ...).
    ///
    /// ```
    /// use std::time::Duration;
    /// use sunor_errors::retry::{AttemptError, Jitter, Retrier, RetryPolicy, TransportError};
    ///
    /// let retrier = Retrier::new(RetryPolicy::default().jitter(Jitter::None)).without_budget();
    /// let mut slept = Vec::new();
    /// let result: Result<(), _> = retrier.run_blocking_with_sleep(
    ///     |_| Err(AttemptError::from(TransportError::not_sent("connection refused"))),
    ///     |wait| slept.push(wait),
    /// );
    /// assert_eq!(slept, [1, 2, 4].map(Duration::from_secs));
    /// assert_eq!(
    ///     result.unwrap_err().to_string(),
    ///     "transport error (request not sent): connection refused"
    /// );
    /// ```
    pub fn run_blocking_with_sleep<T>(
        &self,
        mut operation: impl FnMut(u32) -> Result<T, AttemptError>,
        mut sleep: impl FnMut(Duration),
    ) -> Result<T, AttemptError> {
        let mut state = RetryState::new(self);
        let mut last: Option<AttemptError> = None;
        loop {
            match (state.ready(last.as_ref()), last) {
                (Next::Retry(wait), held) => {
                    sleep(wait);
                    last = held;
                    continue;
                }
                (Next::Stop, Some(error)) => return Err(error),
                // The first attempt is never stopped.
                (Next::Go | Next::Stop, _) => {}
            }
            match operation(state.attempt()) {
                Ok(value) => {
                    state.succeeded();
                    return Ok(value);
                }
                Err(error) => match state.failed(&error, true) {
                    Next::Retry(wait) => {
                        sleep(wait);
                        last = Some(error);
                    }
                    Next::Go | Next::Stop => return Err(error),
                },
            }
        }
    }
}
