//! One error wire model for the sunor HTTP API, shared by its servers and clients.
//!
//! Every error response of the API carries a body
//! `{"code": <status>, "message": <text>, "retry_after_seconds": <seconds, optional>}`.
//! This crate gives that body a type, [`ErrorBody`], and what both sides of the wire need
//! around it.
//!
//! ```toml
//! [dependencies]
//! sunor-errors = "0.2"
//! # or with the integrations you use:
//! sunor-errors = { version = "0.2", features = ["axum", "reqwest"] }
//! ```
//!
//! # Features
//!
//! Every feature but `derive` and `testing` is off by default, and each builds on its own.
//! A client that only parses and retries turns both off: `default-features = false`.
//!
//! | feature | what it brings |
//! |---|---|
//! | `derive` (default) | `#[derive(IntoErrorBody)]` and `#[derive(FromErrorBody)]` (syn at build time) |
//! | `testing` (default) | helpers for a crate's own tests: [`conformance::assert_conforms`] / [`assert_parts_conform`](conformance::assert_parts_conform), and the catalogue snapshots [`catalog::assert_compatible`] / [`check_snapshot`](catalog::check_snapshot) (no dependency) |
//! | `axum` | `IntoResponse` for [`ErrorBody`] and for types marked `#[error_body(axum)]`; a `Json` extractor whose rejections are the API's bodies |
//! | `actix-web` | `ResponseError` for [`ErrorBody`] and for types marked `#[error_body(actix_web)]`; a `JsonConfig` with the same rejections |
//! | `tower` | a layer that turns any non-JSON 4xx/5xx into a wire body; a `tower::retry::Policy` driven by a [`Retrier`](retry::Retrier) |
//! | `reqwest` | error responses read as [`ErrorBody`] (bounded), requests sent under a [`Retrier`](retry::Retrier), typed decoding |
//! | `reqwest-middleware` | the same retries as a `reqwest-middleware` middleware |
//! | `tokio` | the async retry executor on tokio's timer |
//! | `tracing` | an event per retry attempt, and one per 5xx answered, with its hidden cause |
//! | `utoipa` | [`ErrorBody`] as an OpenAPI schema, an error type's catalogue as documented responses |
//!
//! # Modules
//!
//! - [`ErrorCode`] (the status, `400..=599` only, its retry classification and default
//!   message) and [`ErrorBody`] (the body, its exact JSON, its HTTP response, and the
//!   tolerant reading of any response: [`ErrorBody::from_http_parts`]) at the root, with
//!   [`IntoErrorBody`] / [`FromErrorBody`] and their derives.
//! - [`retry`]: the API's retry policy, a client-wide retry budget, and the retry executors
//!   (blocking, async, reqwest), with deadlines and attempt timeouts.
//! - [`retry_after`] and [`rate_limit`]: the `Retry-After` header as RFC 9110 defines it, and
//!   the rate-limit headers (`X-RateLimit-*` and the IETF `RateLimit` fields).
//! - [`catalog`]: an error type's catalogue (every code, message pattern, field and delay it
//!   can answer) as JSON that another language can read, and its comparison across
//!   versions, so a new server does not break the clients already out there.
//! - [`conformance`] and [`schema`]: a checker of a server's real responses, and the body's
//!   JSON Schema.
//! - [`cors`]: the response headers a browser client must be allowed to read.
//! - One module per integration, each behind its feature (see the table above): [`axum`],
//!   [`actix_web`], [`tower`], [`tower_retry`], [`reqwest`], [`reqwest_middleware`],
//!   [`utoipa`].
//!
//! # Quick start: a server
//!
//! ```
//! # #[cfg(feature = "derive")] {
//! use sunor_errors::IntoErrorBody;
//!
//! #[derive(Debug, IntoErrorBody)]
//! enum TaskError {
//!     #[error_body(code = 402, message = "Insufficient credits: available {available}, required {required}")]
//!     InsufficientCredits { available: u64, required: u64 },
//!     #[error_body(code = 500)] // the default message: the cause never reaches the wire
//!     Store(std::io::Error),
//! }
//!
//! let response = TaskError::InsufficientCredits { available: 3, required: 10 }
//!     .to_error_body()
//!     .to_http_response();
//! assert_eq!(response.status(), 402);
//! assert_eq!(
//!     response.body().as_slice(),
//!     br#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#
//! );
//! # }
//! ```
//!
//! # Quick start: a client
//!
//! Any response becomes an [`ErrorBody`] (never a parse error), which says whether and when
//! to retry, and decodes back into the server's own type:
//!
//! ```
//! use http::{HeaderMap, StatusCode};
//! use sunor_errors::ErrorBody;
//!
//! let error = ErrorBody::from_http_parts(
//!     StatusCode::TOO_MANY_REQUESTS,
//!     &HeaderMap::new(),
//!     br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#,
//! )?;
//! assert!(error.is_retryable());
//! assert_eq!(error.retry_after_seconds(), Some(60));
//! assert_eq!(error.to_string(), "API error 429: Rate limit exceeded.");
//!
//! // An HTML page from a proxy is the status's own error, not a failure to parse.
//! let proxy = ErrorBody::from_http_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"<html>")?;
//! assert_eq!(proxy.message(), "Upstream provider error");
//! # Ok::<(), sunor_errors::NotAnError>(())
//! ```
//!
//! Retries follow the API's documented policy; keep one [`Retrier`](retry::Retrier) per
//! client (its budget is shared by its clones):
//!
//! ```
//! use std::time::Duration;
//! use sunor_errors::retry::{Retrier, RetryPolicy};
//!
//! let retrier = Retrier::new(RetryPolicy::default()).deadline(Duration::from_secs(30));
//! assert!(retrier.budget_ref().is_some());
//! ```
//!
//! # Quick start: testing a server
//!
//! With the `testing` feature (on by default):
//!
//! ```
//! # #[cfg(feature = "testing")] {
//! use sunor_errors::{conformance, ErrorBody, ErrorCode};
//!
//! let response = ErrorBody::from_code(ErrorCode::NOT_FOUND).to_http_response(); // yours here
//! conformance::assert_conforms(&response); // panics with every violation at once
//! # }
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod body;
pub mod catalog;
mod cause;
mod cause_log;
mod code;
pub mod conformance;
mod decode;
mod default_messages;
mod descriptor;
mod from_body;
mod http;
#[doc(hidden)]
pub mod integrations;
mod into_body;
mod log_safe;
pub mod rate_limit;
pub mod retry;
pub mod retry_after;
mod wire;

pub use body::ErrorBody;
pub use cause::ErrorCause;
pub use code::{ErrorCode, InvalidErrorCode};
pub use from_body::FromErrorBody;
pub use http::NotAnError;
pub use into_body::IntoErrorBody;
pub use retry_after::InvalidRetryAfter;
pub use wire::borrowed::ErrorBodyRef;
pub use wire::schema;

#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
#[doc = include_str!("derive.md")]
pub use sunor_errors_derive::IntoErrorBody;

#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
#[doc = include_str!("derive_decode.md")]
pub use sunor_errors_derive::FromErrorBody;

// Every integration at the root, `sunor_errors::<integration>`, marked with its feature.
/// Re-exports each integration of `integrations/` at the root, `sunor_errors::<integration>`,
/// under its feature and marked with it on docs.rs.
macro_rules! integrations {
    ($($feature:literal => $name:ident,)*) => {$(
        #[cfg(feature = $feature)]
        #[cfg_attr(docsrs, doc(cfg(feature = $feature)))]
        pub use integrations::$name;
    )*};
}
integrations! {
    "actix-web" => actix_web,
    "axum" => axum,
    "reqwest" => reqwest,
    "reqwest-middleware" => reqwest_middleware,
    "tower" => tower,
    "tower-retry" => tower_retry,
    "utoipa" => utoipa,
}
pub use integrations::cors;

// The README's examples run as doctests (they derive and test, so with the default features).
#[cfg(all(doctest, feature = "derive", feature = "testing"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// What the derive's generated code names; not public API.
#[doc(hidden)]
pub mod __private;
