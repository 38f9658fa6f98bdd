//! Retrying the right way: the API's documented retry policy, a client-wide retry budget,
//! and executors that run an operation under both.
//!
//! - [`RetryPolicy`] decides, for one error, whether and when to retry
//!   ([`RetryPolicy::decide`] → [`RetryDecision`]). Its default is the policy of the API's
//!   errors page: non-retryable codes give up at once; 429 waits exactly the server's delay
//!   (30 s without one); 5xx waits 1 s, 2 s, 4 s (jittered, see [`Jitter`]) then gives up; a
//!   server delay above [`max_retry_after`](RetryPolicy::max_retry_after) gives up instead of
//!   sleeping.
//! - [`RetryBudget`] caps retries as a share of a client's traffic (a token bucket as in
//!   gRPC retry throttling): in a total outage a fleet of clients does not multiply the
//!   load on the server by `1 + max_retries`.
//! - [`Retrier`] runs an operation under a policy and a budget, blocking
//!   ([`Retrier::run_blocking`]) or async on any runtime ([`Retrier::run`]), reports every
//!   attempt ([`AttemptReport`]) and returns the first success or the last error
//!   ([`AttemptError`]: an [`ErrorBody`](crate::ErrorBody) or a [`TransportError`]).
//!
//! ```
//! use std::time::Duration;
//! use sunor_errors::retry::{AttemptError, Retrier, RetryDecision, RetryPolicy};
//! use sunor_errors::{ErrorBody, ErrorCode};
//!
//! // One decision.
//! let error = ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS).with_retry_after_seconds(5);
//! assert_eq!(RetryPolicy::default().decide(0, &error), RetryDecision::Retry(Duration::from_secs(5)));
//!
//! // A whole loop, with one budget for the whole client.
//! let retrier = Retrier::new(RetryPolicy::default()); // RetryBudget::default() included
//! let balance = retrier.run_blocking(|_attempt| -> Result<u64, AttemptError> {
//!     // send GET /api/v1/account/balance here; map an error response with
//!     // ErrorBody::from_http_parts and a connection failure with TransportError.
//!     Ok(42)
//! });
//! assert_eq!(balance.unwrap(), 42);
//! ```

mod asynchronous;
pub(crate) mod attempts;
mod blocking;
mod budget;
mod error;
mod jitter;
mod pacing;
mod policy;
mod report;
mod retrier;
pub(crate) mod state;
mod typed;

pub use budget::RetryBudget;
pub use error::{AttemptError, BoxError, TransportError};
pub use jitter::{Jitter, JitterRng};
pub use policy::{RetryDecision, RetryPolicy};
pub use report::{AttemptOutcome, AttemptReport, GiveUpReason};
pub use retrier::Retrier;
pub use typed::TypedError;
