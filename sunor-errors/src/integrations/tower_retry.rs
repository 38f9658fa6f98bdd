//! A [`tower::retry::Policy`] that retries HTTP requests under a [`Retrier`] (feature
//! `tower`): for clients built on tower or hyper.
//!
//! ```
//! use std::time::Duration;
//! use sunor_errors::tower_retry::RetrierPolicy;
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
//! - an error of the inner service: a transport failure that may have been sent, except a
//!   refused connection (an [`io::ErrorKind::ConnectionRefused`](std::io::ErrorKind) anywhere
//!   in its source chain, or a `reqwest` connect error), which was not sent and is retried
//!   even under [`non_idempotent`](Retrier::non_idempotent). The error the run ends with
//!   keeps the inner error's source chain (each level's text, and the kind of each
//!   `io::Error`) when the service's error is a `tower::BoxError` (or another boxed
//!   `dyn Error`), an `io::Error` or a `reqwest::Error`; any other error type is kept as its
//!   text.
//!
//! The policy, the budget, the deadline (it bounds the waits), rate-limit pacing and the
//! reports work as in the other executors. A policy cannot abandon a call in flight: for
//! the attempt timeout, put a `tower::timeout::TimeoutLayer` inside the retry layer. A hold
//! (pacing, or other requests failing meanwhile) only delays a retry here: a retry the
//! policy has granted is always sent.

use std::any::Any;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
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

// The wait before a retry (a boxed tokio sleep, then any hold): the policy's `Future`.
type RetryWait = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

impl<B, ResB, E> tower::retry::Policy<http::Request<B>, http::Response<ResB>, E> for RetrierPolicy
where
    B: Clone,
    E: fmt::Display + 'static,
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
            Err(error) => (Some(AttemptError::Transport(transport_error(error))), None),
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

// The inner service's error as a transport failure: not sent when the connection was
// refused, else maybe sent; its source chain copied when the error can be seen as a
// `dyn Error` (the policy only borrows it).
fn transport_error<E: fmt::Display + 'static>(error: &E) -> TransportError {
    let Some(top) = as_error(error) else {
        return TransportError::maybe_sent(error.to_string());
    };
    let copy = copy_chain(top, 0);
    if chain(top).any(refused) {
        TransportError::not_sent(copy)
    } else {
        TransportError::maybe_sent(copy)
    }
}

fn as_error<E: 'static>(error: &E) -> Option<&(dyn StdError + 'static)> {
    let any = error as &dyn Any;
    if let Some(error) = any.downcast_ref::<Box<dyn StdError + Send + Sync>>() {
        return Some(&**error);
    }
    if let Some(error) = any.downcast_ref::<Box<dyn StdError + Send>>() {
        return Some(&**error);
    }
    if let Some(error) = any.downcast_ref::<Box<dyn StdError>>() {
        return Some(&**error);
    }
    if let Some(error) = any.downcast_ref::<io::Error>() {
        return Some(error);
    }
    #[cfg(feature = "reqwest")]
    if let Some(error) = any.downcast_ref::<reqwest::Error>() {
        return Some(error);
    }
    None
}

fn chain<'a>(
    top: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(top), |&error| error.source()).take(MAX_CHAIN)
}

// A connection the peer refused: the request never left.
fn refused(error: &(dyn StdError + 'static)) -> bool {
    if let Some(error) = error.downcast_ref::<io::Error>() {
        return error.kind() == io::ErrorKind::ConnectionRefused;
    }
    #[cfg(feature = "reqwest")]
    if let Some(error) = error.downcast_ref::<reqwest::Error>() {
        return error.is_connect();
    }
    false
}

/// The most levels of a source chain copied (a chain is normally a handful).
const MAX_CHAIN: usize = 32;

// One level of a copied chain: its text and the copy of its source.
#[derive(Debug)]
struct Copied {
    text: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl fmt::Display for Copied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl StdError for Copied {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|source| source as _)
    }
}

// `error` and its sources as owned errors: an `io::Error` stays an `io::Error` of the same
// kind (so callers can still ask for it), every level keeps its text.
fn copy_chain(error: &(dyn StdError + 'static), depth: usize) -> Box<dyn StdError + Send + Sync> {
    let source = error
        .source()
        .filter(|_| depth + 1 < MAX_CHAIN)
        .map(|source| copy_chain(source, depth + 1));
    let copied = Copied {
        text: error.to_string(),
        source,
    };
    match error.downcast_ref::<io::Error>() {
        Some(io) => Box::new(io::Error::new(io.kind(), copied)),
        None => Box::new(copied),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Connect(io::Error);

    impl fmt::Display for Connect {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("tcp connect error")
        }
    }

    impl StdError for Connect {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.0)
        }
    }

    fn texts(error: &TransportError) -> Vec<String> {
        chain(error.get_ref()).map(ToString::to_string).collect()
    }

    #[test]
    fn a_refused_connection_was_not_sent_and_keeps_its_chain() {
        let refused: tower::BoxError = Box::new(Connect(io::Error::new(
            io::ErrorKind::ConnectionRefused,
            "connection refused",
        )));
        let error = transport_error(&refused);
        assert!(!error.may_have_been_sent());
        assert_eq!(texts(&error), ["tcp connect error", "connection refused"]);
        let io = error.get_ref().source().unwrap();
        assert_eq!(
            io.downcast_ref::<io::Error>().map(io::Error::kind),
            Some(io::ErrorKind::ConnectionRefused)
        );
        // An `io::Error` itself.
        let error = transport_error(&io::Error::from(io::ErrorKind::ConnectionRefused));
        assert!(!error.may_have_been_sent());
    }

    #[test]
    fn other_failures_may_have_been_sent() {
        let reset: tower::BoxError = Box::new(Connect(io::Error::new(
            io::ErrorKind::ConnectionReset,
            "connection reset by peer",
        )));
        let error = transport_error(&reset);
        assert!(error.may_have_been_sent());
        assert_eq!(
            texts(&error),
            ["tcp connect error", "connection reset by peer"]
        );
        // A type the policy cannot see as an error: its text.
        let error = transport_error(&"timed out".to_owned());
        assert!(error.may_have_been_sent());
        assert_eq!(texts(&error), ["timed out"]);
    }
}
