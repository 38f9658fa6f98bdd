//! Conformance checks: does a server's real error response follow the wire rules?
//!
//! [`check_response`] reads a response the way a strict client would and lists every
//! violation at once, each with a one-line human message:
//!
//! | Rule | [`ViolationKind`] |
//! |---|---|
//! | the status is 4xx or 5xx | [`StatusNotError`](ViolationKind::StatusNotError) |
//! | `Content-Type` is JSON (`application/json` or `+json`, parameters allowed) | [`ContentTypeNotJson`](ViolationKind::ContentTypeNotJson) |
//! | the body is a valid error body ([schema](crate::schema) and strict deserialiser) | [`BodyTooLarge`](ViolationKind::BodyTooLarge), [`BodyNotJson`](ViolationKind::BodyNotJson), [`BodyNotObject`](ViolationKind::BodyNotObject), [`MissingMember`](ViolationKind::MissingMember), [`InvalidMember`](ViolationKind::InvalidMember), [`DuplicateMember`](ViolationKind::DuplicateMember) |
//! | the body's `code` is the status | [`CodeMismatch`](ViolationKind::CodeMismatch) |
//! | the message is not empty | [`EmptyMessage`](ViolationKind::EmptyMessage) |
//! | a 429 has `Retry-After` | [`MissingRetryAfter`](ViolationKind::MissingRetryAfter) |
//! | `Retry-After` parses | [`RetryAfterUnparseable`](ViolationKind::RetryAfterUnparseable) |
//! | `Retry-After` and `retry_after_seconds`, when both are given, say the same seconds | [`RetryAfterMismatch`](ViolationKind::RetryAfterMismatch) |
//! | the delay is given in both places (warning) | [`RetryAfterOneSided`](ViolationKind::RetryAfterOneSided) |
//! | `Retry-After` is `delay-seconds`, not an HTTP-date (warning) | [`RetryAfterHttpDate`](ViolationKind::RetryAfterHttpDate) |
//! | no members but the three documented ones (warning) | [`UnknownMember`](ViolationKind::UnknownMember) |
//!
//! # Errors and warnings
//!
//! Unknown members are a [warning](Severity::Warning): the wire rules allow them and clients
//! ignore them. So is a delay given in one place only (the `Retry-After` header without
//! `retry_after_seconds`, or the reverse) and a `Retry-After` in the HTTP-date form: the
//! errors page allows either, and clients take the larger of what they find. A header and a
//! body that both give seconds and disagree stay an error. [`check_response`] fails only on errors; when it fails, the list holds every
//! violation, warnings included. [`inspect_response`] returns the full [`Report`] whatever
//! it holds, so a test can also forbid warnings.
//!
//! # Strictness
//!
//! The body checks follow the crate's strict deserialiser, which is slightly stricter than
//! the JSON Schema (see [`schema`](crate::schema#where-the-schema-and-the-deserialiser-differ)):
//! `400.0` is not an integer here, and a duplicate `code` is reported. A `Retry-After` in
//! the HTTP-date form is valid HTTP that the checker cannot compare with the body without
//! the server's clock: it is a warning when the body is a valid error body.
//!
//! The checker is meant for untrusted responses: it never panics, reads at most
//! [`ErrorBody::MAX_BODY_BYTES`](crate::ErrorBody::MAX_BODY_BYTES) of body, and quotes
//! response text escaped and cut short.
//!
//! ```
//! use sunor_errors::conformance;
//! use sunor_errors::{ErrorBody, ErrorCode};
//!
//! // A response built by this crate conforms (`assert_conforms`, feature `testing`, panics
//! // unless it does: for tests).
//! let response = ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS)
//!     .with_retry_after_seconds(60)
//!     .to_http_response();
//! # #[cfg(feature = "testing")]
//! conformance::assert_conforms(&response);
//!
//! // A proxy's HTML page does not.
//! let page = http::Response::builder()
//!     .status(502)
//!     .header("content-type", "text/html")
//!     .body("<html>Bad Gateway</html>")?;
//! let violations = conformance::check_response(page.status(), page.headers(), page.body().as_bytes())
//!     .unwrap_err();
//! let lines: Vec<String> = violations.iter().map(ToString::to_string).collect();
//! assert_eq!(lines, [
//!     "error[content-type-not-json]: Content-Type is \"text/html\", expected application/json or a +json type",
//!     "error[body-not-json]: the body is not JSON: expected value at line 1 column 1",
//! ]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(feature = "testing")]
mod assert;
mod body;
mod violation;

use http::{HeaderMap, StatusCode};

#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub use assert::{assert_conforms, assert_parts_conform};
pub use violation::{Report, Severity, Violation, ViolationKind};

use crate::log_safe::Escaped;
use crate::wire::check::{self, Body, ContentType, Facts, Members, RetryAfterHeader};

/// Checks one error response against the wire rules; `Err` lists every violation (warnings
/// included) when there is at least one [error](Severity::Error).
///
/// Warnings alone ([`UnknownMember`](ViolationKind::UnknownMember),
/// [`RetryAfterOneSided`](ViolationKind::RetryAfterOneSided),
/// [`RetryAfterHttpDate`](ViolationKind::RetryAfterHttpDate)) give `Ok(())`; use
/// [`inspect_response`] to see them.
///
/// ```
/// use http::{HeaderMap, StatusCode};
/// use sunor_errors::conformance::{self, ViolationKind};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("content-type", "application/json; charset=utf-8".parse()?);
/// let body = br#"{"code":404,"message":"Task not found","request_id":"abc"}"#;
/// assert_eq!(conformance::check_response(StatusCode::NOT_FOUND, &headers, body), Ok(()));
///
/// let violations = conformance::check_response(StatusCode::TOO_MANY_REQUESTS, &headers, body)
///     .unwrap_err();
/// let kinds: Vec<ViolationKind> = violations.iter().map(|v| v.kind()).collect();
/// assert_eq!(kinds, [
///     ViolationKind::CodeMismatch,
///     ViolationKind::MissingRetryAfter,
///     ViolationKind::UnknownMember,
/// ]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_response(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), Vec<Violation>> {
    inspect_response(status, headers, body).into_result()
}

/// Every violation of one response, errors and warnings, in a fixed order.
///
/// ```
/// use http::{HeaderMap, StatusCode};
/// use sunor_errors::conformance::{self, Severity};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("content-type", "application/json".parse()?);
/// let report = conformance::inspect_response(
///     StatusCode::NOT_FOUND,
///     &headers,
///     br#"{"code":404,"message":"Task not found","type":"not_found"}"#,
/// );
/// assert!(!report.has_errors());
/// assert_eq!(report.violations().len(), 1);
/// assert_eq!(report.violations()[0].severity(), Severity::Warning);
/// assert_eq!(
///     report.to_string(),
///     "warning[unknown-member]: the body has a member clients ignore: \"type\""
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn inspect_response(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Report {
    let facts = check::read(status, headers, body);
    let members = match &facts.body {
        Body::Object(members) => Some(members),
        _ => None,
    };
    let mut report = Report::default();
    if !facts.error_status {
        report.push(
            ViolationKind::StatusNotError,
            format!("the status {status} is not an error status (4xx or 5xx)"),
        );
    }
    check_content_type(&facts.content_type, &mut report);
    body::check(&facts.body, &mut report);
    if let Some(members) = members {
        check_values(status, members, &mut report);
    }
    check_retry_after(status, &facts, &mut report);
    if let Some(members) = members {
        body::check_unknown(members, &mut report);
    }
    report
}

fn check_content_type(content_type: &ContentType<'_>, report: &mut Report) {
    let message = match content_type {
        ContentType::Json => return,
        ContentType::Missing => {
            "there is no Content-Type header, expected application/json".to_owned()
        }
        ContentType::Repeated(count) => {
            format!("there are {count} Content-Type headers, expected one")
        }
        ContentType::NotJson(value) => format!(
            "Content-Type is {}, expected application/json or a +json type",
            quote(value.as_bytes())
        ),
    };
    report.push(ViolationKind::ContentTypeNotJson, message);
}

fn check_values(status: StatusCode, members: &Members, report: &mut Report) {
    if let Some(&code) = members.code.valid()
        && code != status.as_u16()
    {
        report.push(
            ViolationKind::CodeMismatch,
            format!(
                "the body's code is {code} but the status is {}",
                status.as_u16()
            ),
        );
    }
    if let Some(message) = members.message.valid()
        && message.trim().is_empty()
    {
        let what = if message.is_empty() {
            "empty".to_owned()
        } else {
            format!("only whitespace ({})", quote(message.as_bytes()))
        };
        report.push(
            ViolationKind::EmptyMessage,
            format!("the message is {what}"),
        );
    }
}

fn check_retry_after(status: StatusCode, facts: &Facts<'_>, report: &mut Report) {
    // What the body says, when it is a valid body (otherwise the body was reported already).
    let body_seconds = match &facts.body {
        Body::Object(members) if members.valid() => {
            Some(members.retry_after_seconds.valid().copied().flatten())
        }
        _ => None,
    };
    let (kind, problem) = match (&facts.retry_after, body_seconds) {
        (RetryAfterHeader::Missing, _) if status == StatusCode::TOO_MANY_REQUESTS => (
            ViolationKind::MissingRetryAfter,
            "a 429 response has no Retry-After header".to_owned(),
        ),
        (RetryAfterHeader::Repeated(count), _) => (
            ViolationKind::RetryAfterUnparseable,
            format!("there are {count} Retry-After headers, expected one"),
        ),
        (RetryAfterHeader::Unparseable(value), _) => (
            ViolationKind::RetryAfterUnparseable,
            format!(
                "Retry-After {} is neither delay-seconds nor an HTTP-date",
                quote(value.as_bytes())
            ),
        ),
        (RetryAfterHeader::Missing, Some(Some(seconds))) => (
            ViolationKind::RetryAfterOneSided,
            format!(
                "the body's retry_after_seconds is {seconds} but there is no Retry-After header"
            ),
        ),
        (RetryAfterHeader::Missing, _) | (_, None) => return,
        (RetryAfterHeader::Seconds(h), Some(Some(b))) if *h == b => return,
        (RetryAfterHeader::Seconds(h), Some(Some(b))) => (
            ViolationKind::RetryAfterMismatch,
            format!("Retry-After is {h} seconds but the body's retry_after_seconds is {b}"),
        ),
        (RetryAfterHeader::Seconds(h), Some(None)) => (
            ViolationKind::RetryAfterOneSided,
            format!("Retry-After is {h} seconds but the body has no retry_after_seconds"),
        ),
        (RetryAfterHeader::Date(value), Some(Some(b))) => (
            ViolationKind::RetryAfterHttpDate,
            format!(
                "Retry-After is an HTTP-date ({}), not comparable with the body's retry_after_seconds {b}",
                quote(value.as_bytes())
            ),
        ),
        (RetryAfterHeader::Date(value), Some(None)) => (
            ViolationKind::RetryAfterHttpDate,
            format!(
                "Retry-After is an HTTP-date ({}) and the body has no retry_after_seconds",
                quote(value.as_bytes())
            ),
        ),
    };
    report.push(kind, problem);
}

/// The most bytes of response text quoted in a violation message (escapes included).
const MAX_QUOTE_BYTES: usize = 64;

// Response text quoted in a violation message: escaped, bounded, on one line.
fn quote(bytes: &[u8]) -> Escaped<'_> {
    Escaped::quoted(bytes, MAX_QUOTE_BYTES)
}
