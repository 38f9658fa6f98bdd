//! The async executor: the caller's operation on the async attempt driver
//! (`attempts.rs`), on any runtime; the caller supplies the sleep.

use std::future::Future;
use std::time::Duration;

use super::attempts::{self, Answer, Attempts};
use super::{AttemptError, Retrier};

impl Retrier {
    /// Runs the future returned by `operation` until it succeeds or the policy, the budget,
    /// the deadline or the error says stop, awaiting `sleep(wait)` between attempts.
    ///
    /// Each attempt races `sleep(limit)` when the retrier has an
    /// [`attempt_timeout`](Self::attempt_timeout) or a [`deadline`](Self::deadline): the
    /// attempt's future is dropped when the sleep ends first.
    ///
    /// Any runtime works: pass its timer (`tokio::time::sleep`, `async_io::Timer::after`,
    /// ...), or use [`run_tokio`](Self::run_tokio) with the `tokio` feature. `operation` gets
    /// the attempt number (from 1). The result is the first success, or the last attempt's
    /// error.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sunor_errors::retry::{AttemptError, Jitter, Retrier, RetryPolicy};
    /// use sunor_errors::{ErrorBody, ErrorCode};
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
    /// let retrier = Retrier::new(
    ///     RetryPolicy::default()
    ///         .jitter(Jitter::None)
    ///         .base_delay(Duration::from_millis(10))
    ///         .min_delay(Duration::ZERO),
    /// );
    /// let value = retrier
    ///     .run(
    ///         |attempt| async move {
    ///             if attempt < 3 {
    ///                 Err(AttemptError::from(ErrorBody::from_code(ErrorCode::SERVICE_UNAVAILABLE)))
    ///             } else {
    ///                 Ok(attempt)
    ///             }
    ///         },
    ///         tokio::time::sleep,
    ///     )
    ///     .await;
    /// assert_eq!(value.unwrap(), 3);
    /// # });
    /// ```
    pub async fn run<T, Op, Fut, Sleep, SleepFut>(
        &self,
        operation: Op,
        sleep: Sleep,
    ) -> Result<T, AttemptError>
    where
        Op: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, AttemptError>>,
        Sleep: FnMut(Duration) -> SleepFut,
        SleepFut: Future<Output = ()>,
    {
        attempts::drive(self, (), Operation(operation), sleep).await
    }

    /// [`run`](Self::run) on tokio's timer (needs a runtime with time enabled).
    #[cfg(feature = "tokio")]
    #[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
    pub async fn run_tokio<T, Op, Fut>(&self, operation: Op) -> Result<T, AttemptError>
    where
        Op: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, AttemptError>>,
    {
        self.run(operation, tokio::time::sleep).await
    }
}

// `run`'s attempts: the caller's operation, with nothing to copy.
struct Operation<Op>(Op);

impl<T, Op, Fut> Attempts for Operation<Op>
where
    Op: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, AttemptError>>,
{
    type Request = ();
    type Output = T;
    type Failure = AttemptError;

    fn copy((): &()) -> Option<()> {
        Some(())
    }

    fn send(&mut self, (): (), attempt: u32) -> impl Future<Output = Answer<T, AttemptError>> {
        let attempt = (self.0)(attempt);
        async move { Answer::from(attempt.await) }
    }
}
