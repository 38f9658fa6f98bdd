//! A [`reqwest_middleware::Middleware`] that retries under a [`Retrier`] (feature
//! `reqwest-middleware`): the policy, the budget, the deadline and attempt timeout,
//! `Retry-After` and rate-limit headers, for clients built with `reqwest-middleware`.
//!
//! ```no_run
//! use std::time::Duration;
//! use sunor_errors::integrations::reqwest_middleware::RetryMiddleware;
//! use sunor_errors::retry::{Retrier, RetryPolicy};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! // One retrier (so one budget) for the whole client.
//! let retrier = Retrier::new(RetryPolicy::default()).deadline(Duration::from_secs(30));
//! let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
//!     .with(RetryMiddleware::new(retrier))
//!     .build();
//! let response = client.get("https://sunor.cc/api/v1/account/balance").send().await?;
//! # let _ = response;
//! # Ok(())
//! # }
//! ```
//!
//! Like the other middlewares of that ecosystem, it is transparent: after the last attempt
//! the caller gets that attempt's response (an error response too, its body included, read
//! once by the middleware up to [`ErrorBody::MAX_BODY_BYTES`]; a longer one arrives empty)
//! or its error. Errors of the middleware itself (an attempt abandoned at the attempt
//! timeout or the deadline) are `reqwest_middleware::Error::Middleware` holding an
//! [`AttemptError`]. A request whose body cannot be cloned is sent once.
//!
//! [`send_typed`] reads what such a client hands back as the server's own error type: an
//! error response decoded ([`FromErrorBody`]), a failure classified, in a [`TypedError`].

use std::time::SystemTime;

use http::Extensions;
use reqwest::{Request, Response};
use reqwest_middleware::{Error, Middleware, Next};

use super::reqwest::{TypedError, error_for_status, read_bounded};
use crate::rate_limit::RateLimit;
use crate::retry::state::{Next as Step, RetryState};
use crate::retry::{AttemptError, Retrier, TransportError, race};
use crate::{ErrorBody, ErrorCode, FromErrorBody};

/// Retries requests under a [`Retrier`]; see the [module docs](self).
#[derive(Clone, Debug)]
pub struct RetryMiddleware {
    retrier: Retrier,
}

impl RetryMiddleware {
    /// A middleware that runs every request under `retrier` (keep one per client).
    pub fn new(retrier: Retrier) -> RetryMiddleware {
        RetryMiddleware { retrier }
    }

    /// The retrier.
    pub fn retrier(&self) -> &Retrier {
        &self.retrier
    }
}

// What one attempt gave: the outcome to hand back, and how the loop sees it.
enum Attempt {
    Success(Response),
    Failure(AttemptError, reqwest_middleware::Result<Response>),
}

#[async_trait::async_trait]
impl Middleware for RetryMiddleware {
    async fn handle(
        &self,
        request: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let mut state = RetryState::new(&self.retrier);
        let mut template = request;
        // The last failure, and what the caller gets if it is the last one.
        let mut last: Option<(AttemptError, reqwest_middleware::Result<Response>)> = None;
        loop {
            if let Err((_, outcome)) = state
                .wait_turn(last.take(), |(error, _)| error, &mut tokio::time::sleep)
                .await
            {
                return outcome;
            }
            let (this, following) = match template.try_clone() {
                Some(copy) => (copy, Some(template)),
                None => (template, None),
            };
            let replayable = following.is_some();
            let attempt = attempt(next.clone(), this, &mut *extensions);
            let outcome = match state.attempt_limit() {
                None => Some(attempt.await),
                Some(limit) => race(attempt, tokio::time::sleep(limit)).await,
            };
            let (error, result, step) = match outcome {
                Some((Attempt::Success(response), rate_limit)) => {
                    if let Some(rate_limit) = &rate_limit {
                        state.observe(rate_limit);
                    }
                    state.succeeded();
                    return Ok(response);
                }
                Some((Attempt::Failure(error, result), rate_limit)) => {
                    if let Some(rate_limit) = &rate_limit {
                        state.observe(rate_limit);
                    }
                    let reset = rate_limit.as_ref().and_then(RateLimit::reset);
                    let step = state.failed_with_reset(&error, replayable, reset);
                    (error, result, step)
                }
                None => {
                    let (error, step) = state.expired(replayable);
                    let result = Err(Error::middleware(abandoned(&error)));
                    (error, result, step)
                }
            };
            match (step, following) {
                (Step::Retry(wait), Some(following)) => {
                    tokio::time::sleep(wait).await;
                    template = following;
                    last = Some((error, result));
                }
                _ => return result,
            }
        }
    }
}

/// Sends `request` down its client's middleware chain (a [`RetryMiddleware`] retries it
/// there) and reads the outcome as `T`, the server's own error type: a success as is, an
/// error response ([`error_for_status`]) decoded into a [`TypedError`] to `match` on, the
/// body kept whole when it is none of `T`'s errors.
///
/// A `reqwest` failure is classified as [`send`](super::reqwest::send) does
/// (`Transport` or `Other`); an attempt this crate's middleware abandoned (attempt timeout,
/// deadline) is the `Transport` failure it holds; another middleware's error is `Other`.
///
/// ```no_run
/// # #[cfg(feature = "derive")] {
/// use sunor_errors::integrations::reqwest::TypedError;
/// use sunor_errors::integrations::reqwest_middleware::{RetryMiddleware, send_typed};
/// use sunor_errors::retry::{Retrier, RetryPolicy};
/// use sunor_errors::FromErrorBody;
///
/// #[derive(Debug, FromErrorBody)]
/// enum TaskError {
///     #[error_body(code = 402, message = "Insufficient credits: available {available}, required {required}")]
///     InsufficientCredits { available: u64, required: u64 },
/// }
///
/// # async fn demo() {
/// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
///     .with(RetryMiddleware::new(Retrier::new(RetryPolicy::default())))
///     .build();
/// let request = client.post("https://sunor.cc/api/v1/task").header("x-api-key", "sk-...");
/// match send_typed::<TaskError>(request).await {
///     Ok(response) => println!("created: {}", response.status()),
///     Err(TypedError::Known { error: TaskError::InsufficientCredits { available, required }, .. }) => {
///         println!("top up {} credits", required - available)
///     }
///     Err(other) => eprintln!("{other}"),
/// }
/// # }
/// # }
/// ```
pub async fn send_typed<T: FromErrorBody>(
    request: reqwest_middleware::RequestBuilder,
) -> Result<Response, TypedError<T>> {
    let response = match request.send().await {
        Ok(response) => response,
        Err(Error::Reqwest(error)) => return Err(AttemptError::from(error).into()),
        Err(Error::Middleware(error)) => {
            return Err(match error.downcast::<AttemptError>() {
                Ok(ours) => ours.into(),
                Err(theirs) => TypedError::Other(theirs.into()),
            });
        }
    };
    error_for_status(response)
        .await
        .map_err(|body| AttemptError::Api(body).into())
}

// One attempt down the rest of the chain; an error response's body is read for the
// decision and handed back in a rebuilt response.
async fn attempt(
    next: Next<'_>,
    request: Request,
    extensions: &mut Extensions,
) -> (Attempt, Option<RateLimit>) {
    let response = match next.run(request, extensions).await {
        Ok(response) => response,
        Err(error) => {
            let seen = classify(&error);
            return (Attempt::Failure(seen, Err(error)), None);
        }
    };
    let now = SystemTime::now;
    let rate_limit = RateLimit::from_headers(response.headers(), now());
    let Ok(code) = ErrorCode::try_from(response.status()) else {
        return (Attempt::Success(response), rate_limit);
    };
    let (status, version, headers) = (
        response.status(),
        response.version(),
        response.headers().clone(),
    );
    let bytes = read_bounded(response, ErrorBody::MAX_BODY_BYTES).await;
    let body = ErrorBody::from_error_parts(code, &headers, &bytes, now);
    let mut rebuilt = http::Response::new(bytes);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    let failure = Attempt::Failure(AttemptError::Api(body), Ok(Response::from(rebuilt)));
    (failure, rate_limit)
}

// How the loop sees an error of the chain (the caller gets the original back).
fn classify(error: &Error) -> AttemptError {
    match error {
        Error::Reqwest(error) if error.is_builder() || error.is_redirect() => {
            AttemptError::Other(error.to_string().into())
        }
        Error::Reqwest(error) if error.is_connect() => {
            AttemptError::Transport(TransportError::not_sent(error.to_string()))
        }
        Error::Reqwest(error) => {
            AttemptError::Transport(TransportError::maybe_sent(error.to_string()))
        }
        Error::Middleware(error) => AttemptError::Other(error.to_string().into()),
    }
}

// The error handed back for an abandoned attempt (the loop keeps its own copy).
fn abandoned(error: &AttemptError) -> AttemptError {
    AttemptError::Transport(TransportError::maybe_sent(match error {
        AttemptError::Transport(transport) => transport.get_ref().to_string(),
        other => other.to_string(),
    }))
}
