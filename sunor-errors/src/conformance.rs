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
//! | `Retry-After` and `retry_after_seconds` say the same seconds, or are both absent | [`RetryAfterMismatch`](ViolationKind::RetryAfterMismatch) |
//! | no members but the three documented ones (warning) | [`UnknownMember`](ViolationKind::UnknownMember) |
//!
//! # Errors and warnings
//!
//! Unknown members are a [warning](Severity::Warning): the wire rules allow them and clients
//! ignore them. [`check_response`] fails only on errors; when it fails, the list holds every
//! violation, warnings included. [`inspect_response`] returns the full [`Report`] whatever
//! it holds, so a test can also forbid warnings.
//!
//! # Strictness
//!
//! The body checks follow the crate's strict deserialiser, which is slightly stricter than
//! the JSON Schema (see [`schema`](crate::schema#where-the-schema-and-the-deserialiser-differ)):
//! `400.0` is not an integer here, and a duplicate `code` is reported. A `Retry-After` in
//! the HTTP-date form is valid HTTP, but never "the same number of seconds" as the body, so
//! it is reported as a mismatch when the body is a valid error body.
//!
//! The checker is meant for untrusted responses: it never panics, reads at most
//! [`ErrorBody::MAX_BODY_BYTES`](crate::ErrorBody::MAX_BODY_BYTES) of body, and quotes
//! response text escaped and cut short.
//!
//! ```
//! use sunor_errors::conformance;
//! use sunor_errors::{ErrorBody, ErrorCode};
//!
//! // A response built by this crate conforms.
//! let response = ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS)
//!     .with_retry_after_seconds(60)
//!     .to_http_response();
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

mod assert;
mod violation;

use std::time::SystemTime;

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderMap, HeaderValue, StatusCode};

pub use assert::{assert_conforms, assert_parts_conform};
pub use violation::{Report, Severity, Violation, ViolationKind};

use crate::log_safe::Escaped;
use crate::wire::check::{self as body, BodyFacts, Retry};
use crate::wire::media_type;

/// Checks one error response against the wire rules; `Err` lists every violation (warnings
/// included) when there is at least one [error](Severity::Error).
///
/// Warnings alone ([`UnknownMember`](ViolationKind::UnknownMember)) give `Ok(())`; use
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
    let mut report = Report::default();
    if !(400..=599).contains(&status.as_u16()) {
        report.push(
            ViolationKind::StatusNotError,
            format!("the status {status} is not an error status (4xx or 5xx)"),
        );
    }
    check_content_type(headers, &mut report);
    let facts = body::check(body, &mut report);
    check_values(status, &facts, &mut report);
    check_retry_after(status, headers, &facts, &mut report);
    body::report_unknown(&facts, &mut report);
    report
}

fn check_content_type(headers: &HeaderMap, report: &mut Report) {
    let mut values = headers.get_all(CONTENT_TYPE).iter();
    let kind = ViolationKind::ContentTypeNotJson;
    match (values.next(), values.next()) {
        (None, _) => report.push(
            kind,
            "there is no Content-Type header, expected application/json".to_owned(),
        ),
        (Some(_), Some(_)) => report.push(
            kind,
            format!(
                "there are {} Content-Type headers, expected one",
                headers.get_all(CONTENT_TYPE).iter().count()
            ),
        ),
        (Some(value), None) if media_type::is_json(value) => {}
        (Some(value), None) => report.push(
            kind,
            format!(
                "Content-Type is {}, expected application/json or a +json type",
                quote(value.as_bytes())
            ),
        ),
    }
}

fn check_values(status: StatusCode, facts: &BodyFacts, report: &mut Report) {
    if let Some(code) = facts.code
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
    if let Some(message) = &facts.message
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

fn check_retry_after(
    status: StatusCode,
    headers: &HeaderMap,
    facts: &BodyFacts,
    report: &mut Report,
) {
    let values: Vec<&HeaderValue> = headers.get_all(RETRY_AFTER).iter().take(8).collect();
    // What the body says, when it is a valid body (otherwise the body was reported already).
    let body_seconds = match facts.retry {
        Retry::Valid(seconds) if facts.valid => Some(seconds),
        _ => None,
    };
    let header = match values.as_slice() {
        [] => {
            if status == StatusCode::TOO_MANY_REQUESTS {
                report.push(
                    ViolationKind::MissingRetryAfter,
                    "a 429 response has no Retry-After header".to_owned(),
                );
            } else if let Some(Some(seconds)) = body_seconds {
                report.push(
                    ViolationKind::RetryAfterMismatch,
                    format!("the body's retry_after_seconds is {seconds} but there is no Retry-After header"),
                );
            }
            return;
        }
        [value] => *value,
        _ => {
            report.push(
                ViolationKind::RetryAfterUnparseable,
                format!(
                    "there are {} Retry-After headers, expected one",
                    headers.get_all(RETRY_AFTER).iter().count()
                ),
            );
            return;
        }
    };
    if crate::retry_after::parse(header, SystemTime::now()).is_err() {
        report.push(
            ViolationKind::RetryAfterUnparseable,
            format!(
                "Retry-After {} is neither delay-seconds nor an HTTP-date",
                quote(header.as_bytes())
            ),
        );
        return;
    }
    let Some(body_seconds) = body_seconds else {
        return;
    };
    let header_seconds = delay_seconds(header);
    let problem = match (header_seconds, body_seconds) {
        (Some(h), Some(b)) if h == b => return,
        (Some(h), Some(b)) => {
            format!("Retry-After is {h} seconds but the body's retry_after_seconds is {b}")
        }
        (Some(h), None) => {
            format!("Retry-After is {h} seconds but the body has no retry_after_seconds")
        }
        (None, Some(b)) => format!(
            "Retry-After is an HTTP-date ({}), not the body's retry_after_seconds {b} in seconds",
            quote(header.as_bytes())
        ),
        (None, None) => format!(
            "Retry-After is an HTTP-date ({}) but the body has no retry_after_seconds",
            quote(header.as_bytes())
        ),
    };
    report.push(ViolationKind::RetryAfterMismatch, problem);
}

// The header's delay-seconds (saturating like `retry_after::parse`), `None` for a date.
fn delay_seconds(value: &HeaderValue) -> Option<u64> {
    let text = value.to_str().ok()?.trim_matches([' ', '\t']);
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.bytes().fold(0u64, |acc, d| {
        acc.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

/// The most bytes of response text quoted in a violation message (escapes included).
const MAX_QUOTE_BYTES: usize = 64;

// Response text quoted in a violation message: escaped, bounded, on one line.
pub(crate) fn quote(bytes: &[u8]) -> Escaped<'_> {
    Escaped::quoted(bytes, MAX_QUOTE_BYTES)
}
