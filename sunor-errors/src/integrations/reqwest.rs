//! `reqwest` client helpers (feature `reqwest`): error responses as [`ErrorBody`], and
//! requests sent under a [`Retrier`].
//!
//! The crate enables no TLS backend of reqwest (`default-features = false`): enable the one
//! you want (`rustls`, `native-tls`) on your own `reqwest` dependency; cargo unifies them.
//!
//! ```no_run
//! use sunor_errors::reqwest::send;
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
//! use sunor_errors::reqwest::{TypedError, send_typed};
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
use crate::retry::attempts::{self, Answer, Attempts};
use crate::retry::{AttemptError, BoxError, Retrier, TransportError};
use crate::{ErrorBody, ErrorCode, FromErrorBody};

/// [`retry::TypedError`](crate::retry::TypedError), under its old path.
pub use crate::retry::TypedError;

/// `Ok(response)` for a success (or any status that is not 4xx/5xx), else the response's
/// [`ErrorBody`] ([`ErrorBody::from_http_parts`]: JSON or not, `Retry-After` merged).
///
/// At most [`ErrorBody::MAX_BODY_BYTES`] of an error body are read: a longer one (by its
/// `Content-Length` or as it streams) is dropped unread past that point and the body gets the
/// status's default message, like a body that fails to arrive. A slow body is bounded by the
/// client's own timeouts, or by the retrier's attempt timeout under [`send`].
///
/// Named apart from reqwest's own `Response::error_for_status`, which reads no body and
/// gives a `reqwest::Error`.
pub async fn error_body_for_status(response: Response) -> Result<Response, ErrorBody> {
    read_error(response).await.map_err(|(body, _)| body)
}

/// The 0.1.0 name of [`error_body_for_status`], which reqwest's
/// `Response::error_for_status` (no body read, a `reqwest::Error`) made easy to confuse.
#[deprecated(since = "0.2.0", note = "renamed to `error_body_for_status`")]
pub async fn error_for_status(response: Response) -> Result<Response, ErrorBody> {
    error_body_for_status(response).await
}

/// An error response, read as [`error_body_for_status`] reads it: the body as a client reads
/// it, and the response as received, to hand back whole (its body empty when it was longer
/// than [`ErrorBody::MAX_BODY_BYTES`] or failed midway).
pub(crate) type ErrorResponse = (ErrorBody, http::Response<Vec<u8>>);

/// `Ok(response)` for a success, else the error response read (its body bounded).
async fn read_error(response: Response) -> Result<Response, ErrorResponse> {
    let Ok(code) = ErrorCode::try_from(response.status()) else {
        return Ok(response);
    };
    let mut received = http::Response::new(());
    *received.status_mut() = response.status();
    *received.version_mut() = response.version();
    *received.headers_mut() = response.headers().clone();
    let bytes = read_bounded(response, ErrorBody::MAX_BODY_BYTES).await;
    let body = ErrorBody::from_error_parts(code, received.headers(), &bytes, SystemTime::now);
    Err((body, received.map(|()| bytes)))
}

/// A response as one attempt's answer: what it says about the rate limit, and the error
/// response read ([`error_body_for_status`]'s reading).
pub(crate) async fn answer(response: Response) -> Answer<Response, ErrorResponse> {
    let rate_limit = RateLimit::from_headers(response.headers(), SystemTime::now());
    Answer {
        result: read_error(response).await,
        rate_limit,
    }
}

// The body, or nothing when it is longer than `limit` or fails midway.
async fn read_bounded(mut response: Response, limit: usize) -> Vec<u8> {
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
        classify(&error)(Box::new(error))
    }
}

/// How a `reqwest` failure counts (see [`AttemptError`]'s `From<reqwest::Error>`): the
/// [`AttemptError`] to make of what it holds, the failure itself or, where the caller
/// keeps the failure, its text.
pub(crate) fn classify(error: &reqwest::Error) -> fn(BoxError) -> AttemptError {
    if error.is_builder() || error.is_redirect() {
        AttemptError::Other
    } else if error.is_connect() {
        |error| TransportError::not_sent(error).into()
    } else {
        |error| TransportError::maybe_sent(error).into()
    }
}

/// Sends `request` once: the response on success, else an [`AttemptError`] (an error
/// response read with [`error_body_for_status`], or the transport failure).
pub async fn send_once(request: RequestBuilder) -> Result<Response, AttemptError> {
    attempt(request).await.result
}

// One attempt: the response, or the error response read, or the failure classified.
async fn attempt(request: RequestBuilder) -> Answer<Response, AttemptError> {
    match request.send().await {
        Ok(response) => answer(response)
            .await
            .map_err(|(body, _)| AttemptError::Api(body)),
        Err(error) => Answer::from(Err(error.into())),
    }
}

// `send`'s attempts: copies of the request, each sent once.
struct Sends;

impl Attempts for Sends {
    type Request = RequestBuilder;
    type Output = Response;
    type Failure = AttemptError;

    fn copy(request: &RequestBuilder) -> Option<RequestBuilder> {
        request.try_clone()
    }

    fn send(
        &mut self,
        request: RequestBuilder,
        _attempt: u32,
    ) -> impl Future<Output = Answer<Response, AttemptError>> {
        attempt(request)
    }
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
    sleep: Sleep,
) -> Result<Response, AttemptError>
where
    Sleep: FnMut(Duration) -> SleepFut,
    SleepFut: Future<Output = ()>,
{
    attempts::drive(retrier, request, Sends, sleep).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::RetryPolicy;

    // A request sent under a retrier can be spawned on a multi-threaded runtime.
    #[test]
    fn the_future_of_send_is_send() {
        fn is_send<T: Send>(_: &T) {}
        let retrier = Retrier::new(RetryPolicy::default());
        let request = reqwest::Client::new().get("http://127.0.0.1:9");
        is_send(&send(request, &retrier));
    }
}
