//! A [`tower::retry::Policy`] that retries HTTP requests under a [`Retrier`] (feature
//! `tower`): for clients built on tower or hyper.
//!
//! ```
//! use std::time::Duration;
//! use sunor_errors::integrations::tower_retry::RetrierPolicy;
//! use sunor_errors::retry::{Retrier, RetryPolicy};
//! use tower::retry::RetryLayer;
//!
//! // One retrier (so one budget) for the whole client.
//! let retrier = Retrier::new(RetryPolicy::default()).deadline(Duration::from_secs(30));
//! let layer = RetryLayer::new(RetrierPolicy::new(retrier));
//! # let _ = layer;
//! ```
//!
//! What it decides from:
//!
//! - the response's status, `Retry-After` header and rate-limit headers
//!   ([`RateLimit`]): a 429 without `Retry-After` but with a reset waits until the reset. The
//!   body is not read (it is still streaming when the policy decides), so a delay given only
//!   as the body's `retry_after_seconds` is not seen: the API sends `Retry-After` on every
//!   429;
//! - an error of the inner service: a transport failure that may have been sent.
//!
//! The policy, the budget, the deadline (it bounds the waits), rate-limit pacing and the
//! reports work as in the other executors. A policy cannot abandon a call in flight: for
//! the attempt timeout, put a `tower::timeout::TimeoutLayer` inside the retry layer. A hold
//! (pacing, or other requests failing meanwhile) only delays a retry here: a retry the
//! policy has granted is always sent.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use crate::rate_limit::RateLimit;
use crate::retry::attempts::sleep_holds;
use crate::retry::state::{Next, RetryState};
use crate::retry::{AttemptError, Retrier, TransportError};
use crate::{ErrorBody, ErrorCode};

/// A [`tower::retry::Policy`] for `http::Request<B>` (`B: Clone`) that runs each request
/// under a [`Retrier`]. Cloning it is cheap; every clone shares the retrier's budget.
#[derive(Clone)]
pub struct RetrierPolicy {
    retrier: Retrier,
    // The run of the request this clone serves; replaced for every new request.
    run: Arc<Mutex<Run>>,
    // No decision yet: this is the service's template, or a request's first attempt.
    fresh: bool,
}

struct Run {
    state: RetryState<'static>,
    last: Option<AttemptError>,
}

impl RetrierPolicy {
    /// A policy that runs every request under `retrier`.
    pub fn new(retrier: Retrier) -> RetrierPolicy {
        let run = Run {
            state: RetryState::owned(retrier.clone()),
            last: None,
        };
        RetrierPolicy {
            retrier,
            run: Arc::new(Mutex::new(run)),
            fresh: true,
        }
    }

    /// The retrier.
    pub fn retrier(&self) -> &Retrier {
        &self.retrier
    }
}

fn lock(run: &Mutex<Run>) -> MutexGuard<'_, Run> {
    run.lock().unwrap_or_else(|e| e.into_inner())
}

impl fmt::Debug for RetrierPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetrierPolicy")
            .field("retrier", &self.retrier)
            .finish_non_exhaustive()
    }
}

/// The wait before a retry (a boxed tokio sleep, then any hold).
pub type RetryWait = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

impl<B, ResB, E> tower::retry::Policy<http::Request<B>, http::Response<ResB>, E> for RetrierPolicy
where
    B: Clone,
    E: fmt::Display,
{
    type Future = RetryWait;

    fn retry(
        &mut self,
        _request: &mut http::Request<B>,
        result: &mut Result<http::Response<ResB>, E>,
    ) -> Option<RetryWait> {
        self.fresh = false;
        let mut run = lock(&self.run);
        let (error, rate_limit) = match result {
            Ok(response) => {
                let now = SystemTime::now;
                let rate_limit = RateLimit::from_headers(response.headers(), now());
                let error = ErrorCode::try_from(response.status()).ok().map(|code| {
                    AttemptError::Api(ErrorBody::from_error_parts(
                        code,
                        response.headers(),
                        b"",
                        now,
                    ))
                });
                (error, rate_limit)
            }
            Err(error) => (
                Some(AttemptError::Transport(TransportError::maybe_sent(
                    error.to_string(),
                ))),
                None,
            ),
        };
        let next = run.state.record(error.as_ref(), rate_limit.as_ref(), true);
        let (Next::Retry(wait), Some(error)) = (next, error) else {
            return None;
        };
        run.last = Some(error);
        drop(run);
        let shared = Arc::clone(&self.run);
        Some(Box::pin(async move {
            tokio::time::sleep(wait).await;
            // Holds delay the retry; a retry already granted is sent in the end.
            let ready = || {
                let mut run = lock(&shared);
                let Run { state, last } = &mut *run;
                state.ready(last.as_ref())
            };
            sleep_holds(ready, tokio::time::sleep).await;
        }))
    }

    fn clone_request(&mut self, request: &http::Request<B>) -> Option<http::Request<B>> {
        if self.fresh {
            // A new request: tower's `Retry` asks the service's policy for a copy, then
            // clones the policy for the request; that clone keeps this run.
            self.run = Arc::new(Mutex::new(Run {
                state: RetryState::owned(self.retrier.clone()),
                last: None,
            }));
        }
        let mut copy = http::Request::new(request.body().clone());
        *copy.method_mut() = request.method().clone();
        *copy.uri_mut() = request.uri().clone();
        *copy.version_mut() = request.version();
        *copy.headers_mut() = request.headers().clone();
        *copy.extensions_mut() = request.extensions().clone();
        Some(copy)
    }
}
