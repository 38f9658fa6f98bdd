//! `reqwest` client helpers (feature `reqwest`): error responses as [`ErrorBody`], and
//! requests sent under a [`Retrier`].
//!
//! The crate enables no TLS backend of reqwest (`default-features = false`): enable the one
//! you want (`rustls`, `native-tls`) on your own `reqwest` dependency; cargo unifies them.
//!
//! ```no_run
//! use sunor_errors::integrations::reqwest::send;
//! use std::time::Duration;
//! use sunor_errors::retry::{Retrier, RetryPolicy};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = reqwest::Client::new();
//! // One retrier (and so one budget) for the whole client.
//! let retrier = Retrier::new(RetryPolicy::default())
//!     .deadline(Duration::from_secs(30))
//!     .attempt_timeout(Duration::from_secs(10));
//!
//! let request = client
//!     .post("https://sunor.cc/api/v1/task")
//!     .header("x-api-key", "sk-...")
//!     .header("content-type", "application/json")
//!     .body(r#"{"model":"suno","task_type":"lyrics","input":{"prompt":"rain"}}"#);
//! // The docs retry task creation on 5xx. To never risk a second task instead:
//! let careful = retrier.clone().non_idempotent();
//! match send(request, &careful).await {
//!     Ok(response) => println!("created: {}", response.status()),
//!     Err(error) => eprintln!("{error}"), // e.g. "API error 402: Insufficient credits: ..."
//! }
//! # Ok(())
//! # }
//! ```
//!
//! A client that shares the server's error type gets it back with [`send_typed`]: the
//! answer decoded ([`FromErrorBody`]) into a [`TypedError`] to `match` on.
//!
//! ```no_run
//! # #[cfg(feature = "derive")] {
//! use sunor_errors::integrations::reqwest::{TypedError, send_typed};
//! use sunor_errors::retry::{Retrier, RetryPolicy};
//! use sunor_errors::{FromErrorBody, IntoErrorBody};
//!
//! // The server's own error type, shared by both sides.
//! #[derive(Debug, IntoErrorBody, FromErrorBody)]
//! enum TaskError {
//!     #[error_body(code = 402, message = "Insufficient credits: available {available}, required {required}")]
//!     InsufficientCredits { available: u64, required: u64 },
//!     #[error_body(code = 429, message = "Rate limit exceeded.")]
//!     RateLimited { #[error_body(retry_after)] seconds: u64 },
//! }
//!
//! # async fn demo(client: reqwest::Client, retrier: Retrier) {
//! let request = client.post("https://sunor.cc/api/v1/task").header("x-api-key", "sk-...");
//! match send_typed::<TaskError>(request, &retrier).await {
//!     Ok(response) => println!("created: {}", response.status()),
//!     Err(TypedError::Known { error: TaskError::InsufficientCredits { available, required }, .. }) => {
//!         println!("top up {} credits", required - available)
//!     }
//!     Err(other) => eprintln!("{other}"), // another answer, kept whole, or no answer
//! }
//! # }
//! # }
//! ```

use std::future::Future;
use std::time::{Duration, SystemTime};

use reqwest::{RequestBuilder, Response};

use crate::rate_limit::RateLimit;
use crate::retry::race;
use crate::retry::state::{Next, RetryState};
use crate::retry::{AttemptError, Retrier, TransportError};
use crate::{ErrorBody, ErrorCode, FromErrorBody};

mod typed;

pub use typed::TypedError;

/// `Ok(response)` for a success (or any status that is not 4xx/5xx), else the response's
/// [`ErrorBody`] ([`ErrorBody::from_http_parts`]: JSON or not, `Retry-After` merged).
///
/// At most [`ErrorBody::MAX_BODY_BYTES`] of an error body are read: a longer one (by its
/// `Content-Length` or as it streams) is dropped unread past that point and the body gets the
/// status's default message, like a body that fails to arrive. A slow body is bounded by the
/// client's own timeouts, or by the retrier's attempt timeout under [`send`].
pub async fn error_for_status(response: Response) -> Result<Response, ErrorBody> {
    let Ok(code) = ErrorCode::try_from(response.status()) else {
        return Ok(response);
    };
    let headers = response.headers().clone();
    let body = read_bounded(response, ErrorBody::MAX_BODY_BYTES).await;
    Err(ErrorBody::from_error_parts(
        code,
        &headers,
        &body,
        std::time::SystemTime::now,
    ))
}

// The body, or nothing when it is longer than `limit` or fails midway.
pub(crate) async fn read_bounded(mut response: Response, limit: usize) -> Vec<u8> {
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Vec::new();
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if body.len() + chunk.len() <= limit => body.extend_from_slice(&chunk),
            Ok(None) => return body,
            Ok(Some(_)) | Err(_) => return Vec::new(),
        }
    }
}

/// Classifies a `reqwest` failure: a connection that was never made (refused, DNS, connect
/// timeout) is [`TransportError::not_sent`]; a timeout or failure after connecting is
/// [`TransportError::maybe_sent`]; a request that could not be built or a redirect loop is
/// [`AttemptError::Other`] (never retried).
impl From<reqwest::Error> for AttemptError {
    fn from(error: reqwest::Error) -> AttemptError {
        if error.is_builder() || error.is_redirect() {
            AttemptError::Other(Box::new(error))
        } else if error.is_connect() {
            AttemptError::Transport(TransportError::not_sent(error))
        } else {
            AttemptError::Transport(TransportError::maybe_sent(error))
        }
    }
}

/// Sends `request` once: the response on success, else an [`AttemptError`] (an error
/// response read with [`error_for_status`], or the transport failure).
pub async fn send_once(request: RequestBuilder) -> Result<Response, AttemptError> {
    attempt(request).await.0
}

// One attempt, and what its response said about the rate limit.
async fn attempt(request: RequestBuilder) -> (Result<Response, AttemptError>, Option<RateLimit>) {
    let response = match request.send().await {
        Ok(response) => response,
        Err(error) => return (Err(error.into()), None),
    };
    let rate_limit = RateLimit::from_headers(response.headers(), SystemTime::now());
    let result = error_for_status(response).await.map_err(AttemptError::Api);
    (result, rate_limit)
}

/// Sends `request` under `retrier` (policy, budget, deadline, attempt timeout, rate-limit
/// pacing, reports), sleeping on tokio's timer.
///
/// Every attempt sends a copy made with [`RequestBuilder::try_clone`]. A request whose body
/// cannot be cloned (a stream) is sent once and never retried: its failure is reported with
/// [`GiveUpReason::NotReplayable`](crate::retry::GiveUpReason::NotReplayable).
///
/// - An attempt, reading the error body included, is abandoned at the retrier's
///   [`attempt_timeout`](Retrier::attempt_timeout) (a transport failure that may have been
///   sent) and at its [`deadline`](Retrier::deadline)
///   ([`GiveUpReason::Deadline`](crate::retry::GiveUpReason::Deadline)).
/// - A 429 with neither `Retry-After` nor `retry_after_seconds` but with a rate-limit reset
///   ([`RateLimit`]) waits until the reset, capped like any server delay.
/// - Every response's rate-limit headers feed the retrier's pacer
///   ([`Retrier::pace_rate_limits`]).
///
/// By default ambiguous failures are retried, as the API's docs do for `POST /api/v1/task`;
/// pass `retrier.clone().non_idempotent()` for a request that must not risk running twice
/// (see [`Retrier`]'s docs for the trade-off).
pub async fn send(request: RequestBuilder, retrier: &Retrier) -> Result<Response, AttemptError> {
    send_with_sleep(request, retrier, tokio::time::sleep).await
}

/// [`send`], the failure decoded into `T`, the server's own error type: a [`TypedError`]
/// to `match` on ([`TypedError::Known`]), the body kept whole when it is none of `T`'s
/// errors ([`TypedError::Unknown`]). Retries are decided on the body, as by [`send`]. With
/// [`send_with_sleep`]: `.map_err(TypedError::from)`.
pub async fn send_typed<T: FromErrorBody>(
    request: RequestBuilder,
    retrier: &Retrier,
) -> Result<Response, TypedError<T>> {
    send(request, retrier).await.map_err(TypedError::from)
}

/// [`send`] with the sleep supplied by the caller (it also times the attempt limits).
pub async fn send_with_sleep<Sleep, SleepFut>(
    request: RequestBuilder,
    retrier: &Retrier,
    mut sleep: Sleep,
) -> Result<Response, AttemptError>
where
    Sleep: FnMut(Duration) -> SleepFut,
    SleepFut: Future<Output = ()>,
{
    let mut state = RetryState::new(retrier);
    let mut template = request;
    let mut last: Option<AttemptError> = None;
    loop {
        state
            .wait_turn(last.take(), |error| error, &mut sleep)
            .await?;
        // Keep the original for the next attempt when it can be copied.
        let (this, next) = match template.try_clone() {
            Some(copy) => (copy, Some(template)),
            None => (template, None),
        };
        let replayable = next.is_some();
        let outcome = match state.attempt_limit() {
            None => Some(attempt(this).await),
            Some(limit) => race(attempt(this), sleep(limit)).await,
        };
        let (error, decision) = match outcome {
            Some((result, rate_limit)) => {
                if let Some(rate_limit) = &rate_limit {
                    state.observe(rate_limit);
                }
                match result {
                    Ok(response) => {
                        state.succeeded();
                        return Ok(response);
                    }
                    Err(error) => {
                        let reset = rate_limit.as_ref().and_then(RateLimit::reset);
                        let decision = state.failed_with_reset(&error, replayable, reset);
                        (error, decision)
                    }
                }
            }
            None => state.expired(replayable),
        };
        // A request that cannot be copied is not replayable: the state stops.
        match (decision, next) {
            (Next::Retry(wait), Some(next)) => {
                sleep(wait).await;
                template = next;
                last = Some(error);
            }
            _ => return Err(error),
        }
    }
}
