//! The async executor: a thin driver of `RetryState` on any runtime; the caller supplies
//! the sleep.

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use super::state::{Next, RetryState};
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
        mut operation: Op,
        mut sleep: Sleep,
    ) -> Result<T, AttemptError>
    where
        Op: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, AttemptError>>,
        Sleep: FnMut(Duration) -> SleepFut,
        SleepFut: Future<Output = ()>,
    {
        let mut state = RetryState::new(self);
        let mut last: Option<AttemptError> = None;
        loop {
            state
                .wait_turn(last.take(), |error| error, &mut sleep)
                .await?;
            let attempt = operation(state.attempt());
            let outcome = match state.attempt_limit() {
                None => Some(attempt.await),
                Some(limit) => race(attempt, sleep(limit)).await,
            };
            let (error, next) = match outcome {
                Some(Ok(value)) => {
                    state.succeeded();
                    return Ok(value);
                }
                Some(Err(error)) => {
                    let next = state.failed(&error, true);
                    (error, next)
                }
                None => state.expired(true),
            };
            match next {
                Next::Retry(wait) => {
                    sleep(wait).await;
                    last = Some(error);
                }
                Next::Go | Next::Stop => return Err(error),
            }
        }
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

/// `work`'s output, or `None` when `timer` ends first (`work` is then dropped: abandoned).
pub(crate) async fn race<T>(
    work: impl Future<Output = T>,
    timer: impl Future<Output = ()>,
) -> Option<T> {
    let mut work = pin!(work);
    let mut timer = pin!(timer);
    poll_fn(|cx| {
        if let Poll::Ready(value) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(value));
        }
        timer.as_mut().poll(cx).map(|()| None)
    })
    .await
}
