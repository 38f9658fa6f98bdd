//! The async attempt driver: the retry loop of every async executor, written once over
//! [`RetryState`].
//!
//! [`drive`] waits its turn (sleeping through holds), sends an attempt, races it against
//! its limit (the attempt timeout or the deadline), records its [`Answer`] (a response's
//! rate limit included), then sleeps or returns as the state says.
//! [`Retrier::run`](super::Retrier::run), the reqwest helpers and the reqwest-middleware
//! middleware hand it their [`Attempts`]. The tower policy, whose loop tower runs, takes the
//! same steps one call at a time: [`RetryState::record`], then [`sleep_holds`].

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use super::state::{Next, RetryState};
use super::{AttemptError, Retrier};
use crate::rate_limit::RateLimit;

/// What one attempt gave.
pub(crate) struct Answer<T, F> {
    /// The success, or the failure.
    pub(crate) result: Result<T, F>,
    /// What a response said about the rate limit, if it said anything.
    pub(crate) rate_limit: Option<RateLimit>,
}

/// An answer that carried no rate limit.
impl<T, F> From<Result<T, F>> for Answer<T, F> {
    fn from(result: Result<T, F>) -> Answer<T, F> {
        Answer {
            result,
            rate_limit: None,
        }
    }
}

#[cfg(feature = "reqwest")]
impl<T, F> Answer<T, F> {
    /// The same answer, its failure made into another.
    pub(crate) fn map_err<G>(self, failure: impl FnOnce(F) -> G) -> Answer<T, G> {
        Answer {
            result: self.result.map_err(failure),
            rate_limit: self.rate_limit,
        }
    }
}

/// A failed attempt as its executor returns it, with the [`AttemptError`] the state
/// decides on.
pub(crate) trait Failure {
    /// The error the state decides on.
    fn error(&self) -> &AttemptError;

    /// The failure of an attempt abandoned at its limit; `error` says which limit.
    fn abandoned(error: AttemptError) -> Self;
}

impl Failure for AttemptError {
    fn error(&self) -> &AttemptError {
        self
    }

    fn abandoned(error: AttemptError) -> AttemptError {
        error
    }
}

/// The attempts of one run: what each one sends, and how.
pub(crate) trait Attempts {
    /// What an attempt sends. The driver keeps the original and sends copies while it can
    /// copy it; the last one it cannot copy is sent itself, and never again.
    type Request;
    /// What a success gives.
    type Output;
    /// What a failure gives.
    type Failure: Failure;

    /// A copy of `request` for one attempt; `None` when it cannot be copied.
    fn copy(request: &Self::Request) -> Option<Self::Request>;

    /// Sends attempt number `attempt` (from 1). Dropping the future abandons it.
    fn send(
        &mut self,
        request: Self::Request,
        attempt: u32,
    ) -> impl Future<Output = Answer<Self::Output, Self::Failure>>;
}

/// Runs `attempts` of `request` under `retrier` until one succeeds or the state says
/// stop: the first success, or the last failure. `sleep` sleeps the waits and times the
/// attempt limits.
pub(crate) async fn drive<A, Sleep, SleepFut>(
    retrier: &Retrier,
    request: A::Request,
    mut attempts: A,
    mut sleep: Sleep,
) -> Result<A::Output, A::Failure>
where
    A: Attempts,
    Sleep: FnMut(Duration) -> SleepFut,
    SleepFut: Future<Output = ()>,
{
    let mut state = RetryState::new(retrier);
    let mut template = request;
    let mut last: Option<A::Failure> = None;
    loop {
        wait_turn(&mut state, last.take(), &mut sleep).await?;
        // Keep the original for the next attempt when it can be copied.
        let (this, following) = match A::copy(&template) {
            Some(copy) => (copy, Some(template)),
            None => (template, None),
        };
        let replayable = following.is_some();
        let attempt = attempts.send(this, state.attempt());
        let answer = match state.attempt_limit() {
            None => Some(attempt.await),
            Some(limit) => race(attempt, sleep(limit)).await,
        };
        let (failure, next) = match answer {
            Some(Answer { result, rate_limit }) => {
                let error = result.as_ref().err().map(Failure::error);
                let next = state.record(error, rate_limit.as_ref(), replayable);
                match result {
                    Ok(value) => return Ok(value),
                    Err(failure) => (failure, next),
                }
            }
            None => {
                let (error, next) = state.expired(replayable);
                (A::Failure::abandoned(error), next)
            }
        };
        // A request that cannot be copied is not replayable: the state stops.
        match (next, following) {
            (Next::Retry(wait), Some(following)) => {
                sleep(wait).await;
                template = following;
                last = Some(failure);
            }
            _ => return Err(failure),
        }
    }
}

/// Sleeps through the holds `ready` asks for, asking it again after each; returns its first
/// answer that is not a hold.
pub(crate) async fn sleep_holds<Sleep, SleepFut>(
    mut ready: impl FnMut() -> Next,
    mut sleep: Sleep,
) -> Next
where
    Sleep: FnMut(Duration) -> SleepFut,
    SleepFut: Future<Output = ()>,
{
    loop {
        match ready() {
            Next::Retry(hold) => sleep(hold).await,
            next => return next,
        }
    }
}

// `Ok` when the next attempt may go (after any holds), else the run ends with `last`, the
// previous failure.
async fn wait_turn<F, Sleep, SleepFut>(
    state: &mut RetryState<'_>,
    last: Option<F>,
    sleep: &mut Sleep,
) -> Result<(), F>
where
    F: Failure,
    Sleep: FnMut(Duration) -> SleepFut,
    SleepFut: Future<Output = ()>,
{
    let next = sleep_holds(|| state.ready(last.as_ref().map(F::error)), sleep).await;
    match (next, last) {
        (Next::Stop, Some(failure)) => Err(failure),
        // The first attempt is never stopped.
        _ => Ok(()),
    }
}

/// `work`'s output, or `None` when `timer` ends first (`work` is then dropped: abandoned).
async fn race<T>(work: impl Future<Output = T>, timer: impl Future<Output = ()>) -> Option<T> {
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
