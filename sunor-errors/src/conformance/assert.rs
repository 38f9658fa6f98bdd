//! Test assertions: panic with the response and every violation.

use std::fmt::Write as _;

use http::{HeaderMap, Response, StatusCode};

use super::{Report, inspect_response};
use crate::log_safe::Escaped;

/// The most bytes of a body shown in a panic message (escapes included).
const MAX_BODY_SHOWN: usize = 2048;
/// The most header lines shown in a panic message.
const MAX_HEADERS_SHOWN: usize = 32;
/// The most bytes of one header value shown in a panic message (escapes included).
const MAX_HEADER_VALUE_SHOWN: usize = 256;

/// Panics unless the response conforms (no [error](super::Severity::Error); warnings pass),
/// showing the response and every violation: for `#[test]`s.
///
/// ```
/// use sunor_errors::{ErrorBody, ErrorCode, conformance};
///
/// conformance::assert_conforms(&ErrorBody::from_code(ErrorCode::NOT_FOUND).to_http_response());
/// ```
///
/// ```should_panic
/// let response = http::Response::builder().status(200).body("OK").unwrap();
/// sunor_errors::conformance::assert_conforms(&response);
/// ```
///
/// The panic message reads:
///
/// ```text
/// the response does not conform to the sunor error wire model: 3 errors, 0 warnings
///   error[status-not-error]: the status 200 OK is not an error status (4xx or 5xx)
///   error[content-type-not-json]: there is no Content-Type header, expected application/json
///   error[body-not-json]: the body is not JSON: expected value at line 1 column 1
/// response:
///   status: 200 OK
///   body (2 bytes): "OK"
/// ```
#[track_caller]
pub fn assert_conforms<B: AsRef<[u8]>>(response: &Response<B>) {
    assert_parts_conform(
        response.status(),
        response.headers(),
        response.body().as_ref(),
    );
}

/// [`assert_conforms`] for a response in parts.
///
/// ```
/// use http::{HeaderMap, StatusCode};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("content-type", "application/json".parse()?);
/// sunor_errors::conformance::assert_parts_conform(
///     StatusCode::UNAUTHORIZED,
///     &headers,
///     br#"{"code":401,"message":"Invalid API key"}"#,
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[track_caller]
pub fn assert_parts_conform(status: StatusCode, headers: &HeaderMap, body: &[u8]) {
    let report = inspect_response(status, headers, body);
    if report.has_errors() {
        panic!("{}", failure_message(&report, status, headers, body));
    }
}

fn failure_message(
    report: &Report,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> String {
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let mut out = format!(
        "the response does not conform to the sunor error wire model: {errors} {}, {warnings} {}\n",
        if errors == 1 { "error" } else { "errors" },
        if warnings == 1 { "warning" } else { "warnings" },
    );
    for violation in report.violations() {
        let _ = writeln!(out, "  {violation}");
    }
    let _ = writeln!(out, "response:\n  status: {status}");
    for (i, (name, value)) in headers.iter().enumerate() {
        if i == MAX_HEADERS_SHOWN {
            let _ = writeln!(out, "  … ({} more headers)", headers.len() - i);
            break;
        }
        let _ = writeln!(
            out,
            "  {name}: {}",
            Escaped::quoted(value.as_bytes(), MAX_HEADER_VALUE_SHOWN)
        );
    }
    let _ = write!(
        out,
        "  body ({} bytes): {}",
        body.len(),
        Escaped::quoted(body, MAX_BODY_SHOWN)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_message_shows_response_and_violations() {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", "text/html".parse().unwrap());
        headers.insert("x-trace", http::HeaderValue::from_bytes(b"a\xffb").unwrap());
        let body = b"<h1>\n502</h1>\xff";
        let report = inspect_response(StatusCode::BAD_GATEWAY, &headers, body);
        assert_eq!(
            failure_message(&report, StatusCode::BAD_GATEWAY, &headers, body),
            "the response does not conform to the sunor error wire model: 2 errors, 0 warnings\n\
             \x20 error[content-type-not-json]: Content-Type is \"text/html\", expected application/json or a +json type\n\
             \x20 error[body-not-json]: the body is not JSON: expected value at line 1 column 1\n\
             response:\n\
             \x20 status: 502 Bad Gateway\n\
             \x20 content-type: \"text/html\"\n\
             \x20 x-trace: \"a\u{fffd}b\"\n\
             \x20 body (14 bytes): \"<h1>\\n502</h1>\u{fffd}\""
        );
    }

    #[test]
    fn huge_bodies_and_header_lists_are_cut_short() {
        let mut headers = HeaderMap::new();
        for i in 0..40 {
            headers.insert(
                http::HeaderName::from_bytes(format!("x-h{i}").as_bytes()).unwrap(),
                http::HeaderValue::from_str(&"v".repeat(1000)).unwrap(),
            );
        }
        let body = vec![b'a'; 1 << 20];
        let report = inspect_response(StatusCode::OK, &headers, &body);
        let message = failure_message(&report, StatusCode::OK, &headers, &body);
        assert!(message.len() < 16 * 1024, "{}", message.len());
        assert!(message.contains("… (8 more headers)"));
        let shown = format!(
            "body (1048576 bytes): \"{}\"… ({} more bytes)",
            "a".repeat(MAX_BODY_SHOWN),
            (1 << 20) - MAX_BODY_SHOWN
        );
        assert!(message.ends_with(&shown));
    }

    #[test]
    #[should_panic(expected = "error[code-mismatch]: the body's code is 404 but the status is 410")]
    fn assert_conforms_panics_with_the_violation() {
        let mut response =
            crate::ErrorBody::from_code(crate::ErrorCode::NOT_FOUND).to_http_response();
        *response.status_mut() = StatusCode::GONE;
        assert_conforms(&response);
    }
}
