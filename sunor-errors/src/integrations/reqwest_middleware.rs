//! A [`reqwest_middleware::Middleware`] that retries under a [`Retrier`] (feature
//! `reqwest-middleware`): the policy, the budget, the deadline and attempt timeout,
//! `Retry-After` and rate-limit headers, for clients built with `reqwest-middleware`.
//!
//! ```no_run
//! use std::time::Duration;
//! use sunor_errors::reqwest_middleware::RetryMiddleware;
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
//! once by the middleware up to
//! [`ErrorBody::MAX_BODY_BYTES`](crate::ErrorBody::MAX_BODY_BYTES); a longer one arrives
//! empty) or its error. Errors of the middleware itself (an attempt abandoned at the attempt
//! timeout or the deadline) are `reqwest_middleware::Error::Middleware` holding an
//! [`AttemptError`]. A request whose body cannot be cloned is sent once.
//!
//! [`send_typed`] reads what such a client hands back as the server's own error type: an
//! error response decoded ([`FromErrorBody`]), a failure classified, in a [`TypedError`].

use std::future::Future;

use http::Extensions;
use reqwest::{Request, Response};
use reqwest_middleware::{Error, Middleware, Next};

use super::reqwest::{TypedError, answer, classify as classify_reqwest, error_body_for_status};
use crate::FromErrorBody;
use crate::retry::attempts::{self, Answer, Attempts, Failure};
use crate::retry::{AttemptError, Retrier, TransportError};

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

#[async_trait::async_trait]
impl Middleware for RetryMiddleware {
    async fn handle(
        &self,
        request: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let chain = Chain { next, extensions };
        match attempts::drive(&self.retrier, request, chain, tokio::time::sleep).await {
            Ok(response) => Ok(response),
            Err(failed) => failed.outcome,
        }
    }
}

// The middleware's attempts: copies of the request, each sent down the rest of the chain.
struct Chain<'a, 'e> {
    next: Next<'a>,
    extensions: &'e mut Extensions,
}

impl Attempts for Chain<'_, '_> {
    type Request = Request;
    type Output = Response;
    type Failure = Failed;

    fn copy(request: &Request) -> Option<Request> {
        request.try_clone()
    }

    fn send(
        &mut self,
        request: Request,
        _attempt: u32,
    ) -> impl Future<Output = Answer<Response, Failed>> {
        attempt(self.next.clone(), request, self.extensions)
    }
}

// A failed attempt: how the loop sees it, and what the caller gets if it is the last one.
struct Failed {
    error: AttemptError,
    outcome: reqwest_middleware::Result<Response>,
}

impl Failure for Failed {
    fn error(&self) -> &AttemptError {
        &self.error
    }

    // The caller gets an error of the middleware's own; the loop keeps its copy.
    fn abandoned(error: AttemptError) -> Failed {
        let outcome = Err(Error::middleware(abandoned(&error)));
        Failed { error, outcome }
    }
}

/// Sends `request` down its client's middleware chain (a [`RetryMiddleware`] retries it
/// there) and reads the outcome as `T`, the server's own error type: a success as is, an
/// error response ([`error_body_for_status`]) decoded into a [`TypedError`] to `match` on, the
/// body kept whole when it is none of `T`'s errors.
///
/// A `reqwest` failure is classified as [`send`](super::reqwest::send) does
/// (`Transport` or `Other`); an attempt this crate's middleware abandoned (attempt timeout,
/// deadline) is the `Transport` failure it holds; another middleware's error is `Other`.
///
/// ```no_run
/// # #[cfg(feature = "derive")] {
/// use sunor_errors::retry::TypedError;
/// use sunor_errors::reqwest_middleware::{RetryMiddleware, send_typed};
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
    error_body_for_status(response)
        .await
        .map_err(|body| AttemptError::Api(body).into())
}

// One attempt down the rest of the chain; an error response's body is read for the
// decision and handed back in the response as received.
async fn attempt(
    next: Next<'_>,
    request: Request,
    extensions: &mut Extensions,
) -> Answer<Response, Failed> {
    match next.run(request, extensions).await {
        Ok(response) => answer(response).await.map_err(|(body, received)| Failed {
            error: AttemptError::Api(body),
            outcome: Ok(Response::from(received)),
        }),
        Err(error) => Answer::from(Err(Failed {
            error: classify(&error),
            outcome: Err(error),
        })),
    }
}

// How the loop sees an error of the chain (the caller gets the original back).
fn classify(error: &Error) -> AttemptError {
    match error {
        Error::Reqwest(error) => classify_reqwest(error)(error.to_string().into()),
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
