//! One error wire model for the sunor HTTP API, shared by its servers and clients.
//!
//! Every error response of the API carries a body
//! `{"code": <status>, "message": <text>, "retry_after_seconds": <seconds, optional>}`.
//! This crate gives that body a type, [`ErrorBody`], and the pieces around it:
//!
//! - [`ErrorCode`]: the status (`400..=599` only) with its retry classification and default
//!   message;
//! - [`IntoErrorBody`] and its derive, so a server's own error enum answers with exact,
//!   documented bodies and never leaks internals;
//! - [`FromErrorBody`] and its derive, so a client decodes a body back into the server's own
//!   error type and `match`es on it ([`ErrorBody::decode`]);
//! - tolerant client-side reading of any response ([`ErrorBody::from_http_parts`]): JSON,
//!   an HTML page from a proxy, or nothing at all;
//! - [`retry_after`]: the `Retry-After` header as RFC 9110 defines it;
//! - [`schema`] and [`conformance`]: the JSON Schema of the body, and a checker of a
//!   server's real responses for tests (OpenAPI with the `utoipa` feature).
//! - [`retry`]: the API's retry policy, a client-wide retry budget, and retry executors
//!   (blocking, async, and `reqwest` with the `reqwest` feature).
//!
//! # Server
//!
//! ```
//! use sunor_errors::{ErrorBody, ErrorCode};
//!
//! let body = ErrorBody::new(ErrorCode::PAYMENT_REQUIRED, "Insufficient credits: available 3, required 10");
//! let response = body.to_http_response();
//! assert_eq!(response.status(), 402);
//! assert_eq!(
//!     response.body().as_slice(),
//!     br#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#
//! );
//! ```
//!
//! # Client
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
//! # Ok::<(), sunor_errors::NotAnError>(())
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
#[cfg(feature = "actix-web")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix-web")))]
pub use integrations::actix_web;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use integrations::axum;
pub use integrations::cors;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub use integrations::reqwest;
#[cfg(feature = "reqwest-middleware")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest-middleware")))]
pub use integrations::reqwest_middleware;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub use integrations::tower;
#[cfg(feature = "tower-retry")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower-retry")))]
pub use integrations::tower_retry;
#[cfg(feature = "utoipa")]
#[cfg_attr(docsrs, doc(cfg(feature = "utoipa")))]
pub use integrations::utoipa;

// The README's examples run as doctests (they derive, so with the default feature).
#[cfg(all(doctest, feature = "derive"))]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

/// What the derive's generated code names; not public API.
#[doc(hidden)]
pub mod __private;
