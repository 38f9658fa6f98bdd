//! The blocking executor: the calling thread sleeps between attempts.

use std::time::Duration;

use super::{AttemptError, Retrier};

impl Retrier {
    /// Runs `operation` until it succeeds or the policy, the budget or the error says stop;
    /// sleeps the calling thread between attempts.
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
    /// let retrier = Retrier::new(RetryPolicy::default().jitter(Jitter::None));
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
        let mut attempt = 1;
        loop {
            match operation(attempt) {
                Ok(value) => {
                    self.succeeded(attempt);
                    return Ok(value);
                }
                Err(error) => match self.failed(attempt, &error, true) {
                    Some(wait) => sleep(wait),
                    None => return Err(error),
                },
            }
            attempt += 1;
        }
    }
}
