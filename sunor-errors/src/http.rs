//! `http` conversions: an [`ErrorBody`] as a response (server side), and any response as an
//! [`ErrorBody`] (client side).

use std::fmt;
use std::time::{Duration, SystemTime};

use ::http::header::{CONTENT_TYPE, RETRY_AFTER};
use ::http::{HeaderMap, HeaderValue, Response, StatusCode};

use crate::wire::{media_type, tolerant};
use crate::{ErrorBody, ErrorCode, retry_after};

impl ErrorBody {
    /// The response a server answers with: status = `code`, `Content-Type:
    /// application/json`, the compact JSON body, and `Retry-After` with the same number of
    /// seconds when `retry_after_seconds` is set.
    ///
    /// ```
    /// use sunor_errors::{ErrorBody, ErrorCode};
    ///
    /// let response = ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS)
    ///     .with_retry_after_seconds(60)
    ///     .to_http_response();
    /// assert_eq!(response.status(), 429);
    /// assert_eq!(response.headers()["content-type"], "application/json");
    /// assert_eq!(response.headers()["retry-after"], "60");
    /// assert_eq!(
    ///     response.body().as_slice(),
    ///     br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#
    /// );
    /// ```
    pub fn to_http_response(&self) -> Response<Vec<u8>> {
        let mut response = Response::new(self.to_json_vec());
        *response.status_mut() = self.code().status();
        self.write_headers(response.headers_mut());
        response
    }

    /// Sets the headers of this body's response on `headers`: `Content-Type` and, when the
    /// body has a delay, `Retry-After`. For frameworks that build the response themselves.
    pub fn write_headers(&self, headers: &mut HeaderMap) {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        match self.retry_after_seconds() {
            Some(seconds) => {
                headers.insert(RETRY_AFTER, retry_after::format_seconds(seconds));
            }
            None => {
                headers.remove(RETRY_AFTER);
            }
        }
    }

    /// Reads any error response as an `ErrorBody`, whatever its body: the client side.
    ///
    /// - A status that is not 4xx/5xx is `Err(NotAnError)`.
    /// - A JSON error body (at most [`ErrorBody::MAX_BODY_BYTES`]) is parsed. Its code is
    ///   replaced by the status line's when they disagree (intermediaries act on the status),
    ///   and its message is kept.
    /// - An RFC 9457 problem details object (`{"title": .., "status": .., "detail": ..}`, as
    ///   gateways send) gives a body with the status's code and its `detail`, else its
    ///   `title`, as the message, when the response says it is JSON: one `Content-Type`,
    ///   `application/problem+json` or another JSON media type. The same object served as
    ///   `text/html`, or without `Content-Type`, gives the default message.
    /// - Anything else (an HTML page from a proxy, an empty or truncated body, wrong types)
    ///   gives a body built from the status, with its default message. Never an error, never
    ///   a panic; a body whose first non-blank byte cannot start a JSON object is not parsed.
    /// - The delay is the larger of the `Retry-After` header (seconds, or an HTTP-date from
    ///   now) and the body's `retry_after_seconds`; an unparseable header is ignored.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use sunor_errors::{ErrorBody, ErrorCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", "120".parse()?);
    /// let body = br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#;
    /// let error = ErrorBody::from_http_parts(StatusCode::TOO_MANY_REQUESTS, &headers, body)?;
    /// assert_eq!(error.retry_after_seconds(), Some(120));
    ///
    /// let html = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
    /// let error = ErrorBody::from_http_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), html)?;
    /// assert_eq!(error, ErrorBody::from_code(ErrorCode::BAD_GATEWAY));
    ///
    /// assert!(ErrorBody::from_http_parts(StatusCode::OK, &HeaderMap::new(), b"{}").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_http_parts(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<ErrorBody, NotAnError> {
        // The clock is read only for a `Retry-After` HTTP-date: a syscall on some hosts, and
        // missing on others (see `from_http_parts_at`).
        from_parts(status, headers, body, SystemTime::now)
    }

    /// [`from_http_parts`](Self::from_http_parts) with the time `now` given, for an HTTP-date
    /// `Retry-After`: for tests and simulations, and for targets without a system clock
    /// (`wasm32-unknown-unknown`, where `SystemTime::now` panics: take the time from the
    /// platform instead). `from_http_parts` itself reads the clock only for such a date;
    /// `delay-seconds`, what the API sends, need none.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use http::{HeaderMap, StatusCode};
    /// use sunor_errors::ErrorBody;
    ///
    /// let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_717);
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT".parse()?);
    /// let error = ErrorBody::from_http_parts_at(StatusCode::SERVICE_UNAVAILABLE, &headers, b"", now)?;
    /// assert_eq!(error.retry_after_seconds(), Some(60));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_http_parts_at(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<ErrorBody, NotAnError> {
        from_parts(status, headers, body, || now)
    }

    /// [`from_http_parts`](Self::from_http_parts) for a whole response.
    ///
    /// ```
    /// use sunor_errors::ErrorBody;
    ///
    /// let response = http::Response::builder()
    ///     .status(404)
    ///     .body(r#"{"code":404,"message":"Task not found"}"#)?;
    /// let error = ErrorBody::from_http_response(&response)?;
    /// assert_eq!(error.message(), "Task not found");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_http_response<B: AsRef<[u8]>>(
        response: &Response<B>,
    ) -> Result<ErrorBody, NotAnError> {
        ErrorBody::from_http_parts(
            response.status(),
            response.headers(),
            response.body().as_ref(),
        )
    }
}

impl From<&ErrorBody> for Response<Vec<u8>> {
    fn from(body: &ErrorBody) -> Response<Vec<u8>> {
        body.to_http_response()
    }
}

impl From<ErrorBody> for Response<Vec<u8>> {
    fn from(body: ErrorBody) -> Response<Vec<u8>> {
        body.to_http_response()
    }
}

// Inlined into both public entry points: the body is built once, in the caller's slot,
// instead of being copied out through one more frame.
#[inline]
fn from_parts(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    now: impl FnOnce() -> SystemTime,
) -> Result<ErrorBody, NotAnError> {
    let code = ErrorCode::try_from(status).map_err(|_| NotAnError { status })?;
    Ok(ErrorBody::from_error_parts(code, headers, body, now))
}

impl ErrorBody {
    /// The client-side reading of a response already known to be an error: it cannot fail.
    #[inline]
    pub(crate) fn from_error_parts(
        code: ErrorCode,
        headers: &HeaderMap,
        body: &[u8],
        now: impl FnOnce() -> SystemTime,
    ) -> ErrorBody {
        let mut error = tolerant::read(code, body, || media_type::says_json(headers));
        if let Some(header) = header_delay(headers, now) {
            let seconds = retry_after::ceil_seconds(header);
            if error
                .retry_after_seconds()
                .is_none_or(|body| seconds > body)
            {
                error = error.with_retry_after_seconds(seconds);
            }
        }
        error
    }
}

// The largest valid `Retry-After` among the (normally one) header values.
#[inline]
fn header_delay(headers: &HeaderMap, now: impl FnOnce() -> SystemTime) -> Option<Duration> {
    // By reference: a `HeaderName` passed by value is moved in and dropped on every call.
    let values = headers.get_all(&RETRY_AFTER);
    let mut values = values.iter().peekable();
    // Most error responses have no such header: settled before any iterator state is built.
    values.peek()?;
    // Read once, and only for an HTTP-date: delay-seconds need no clock.
    let now = std::cell::LazyCell::new(now);
    values
        .filter_map(|value| retry_after::parse_with(value, || *now).ok())
        .max()
}

/// The error for a response whose status is not an error (1xx, 2xx, 3xx): there is no
/// error body to read.
///
/// ```
/// use http::{HeaderMap, StatusCode};
/// let err = sunor_errors::ErrorBody::from_http_parts(StatusCode::ACCEPTED, &HeaderMap::new(), b"")
///     .unwrap_err();
/// assert_eq!(err.status(), StatusCode::ACCEPTED);
/// assert_eq!(err.to_string(), "HTTP status 202 Accepted is not an error status");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NotAnError {
    status: StatusCode,
}

impl NotAnError {
    /// The status of the response.
    pub const fn status(&self) -> StatusCode {
        self.status
    }
}

impl fmt::Display for NotAnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP status {} is not an error status", self.status)
    }
}

impl std::error::Error for NotAnError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(status: u16, headers: &[(&str, &str)], body: &[u8]) -> ErrorBody {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(
                ::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_717);
        ErrorBody::from_http_parts_at(StatusCode::from_u16(status).unwrap(), &map, body, now)
            .unwrap()
    }

    #[test]
    fn response_headers_and_body() {
        let body = ErrorBody::new(
            ErrorCode::PAYMENT_REQUIRED,
            "Insufficient credits: available 3, required 10",
        );
        let response = body.to_http_response();
        assert_eq!(response.status(), StatusCode::PAYMENT_REQUIRED);
        assert_eq!(response.headers().len(), 1);
        assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
        assert_eq!(response.body(), &body.to_json_vec());
        assert_eq!(ErrorBody::from_http_response(&response).unwrap(), body);
        assert_eq!(Response::from(&body).body(), response.body());
    }

    #[test]
    fn non_error_statuses() {
        for status in [100u16, 200, 202, 204, 301, 304, 399, 600, 999] {
            let status = StatusCode::from_u16(status).unwrap();
            let err = ErrorBody::from_http_parts(status, &HeaderMap::new(), b"").unwrap_err();
            assert_eq!(err.status(), status);
        }
    }

    #[test]
    fn status_line_wins_and_message_is_kept() {
        let error = read(
            503,
            &[],
            br#"{"code":400,"message":"Bad things","retry_after_seconds":7}"#,
        );
        assert_eq!(error.code(), ErrorCode::SERVICE_UNAVAILABLE);
        assert_eq!(error.message(), "Bad things");
        assert_eq!(error.retry_after_seconds(), Some(7));
    }

    #[test]
    fn header_and_body_delay_the_larger_wins() {
        let body = br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#;
        assert_eq!(
            read(429, &[("retry-after", "30")], body).retry_after_seconds(),
            Some(60)
        );
        assert_eq!(
            read(429, &[("retry-after", "90")], body).retry_after_seconds(),
            Some(90)
        );
        assert_eq!(
            read(429, &[("retry-after", "soon")], body).retry_after_seconds(),
            Some(60)
        );
        assert_eq!(
            read(429, &[("retry-after", "5")], b"").retry_after_seconds(),
            Some(5)
        );
        assert_eq!(read(429, &[], b"").retry_after_seconds(), None);
        let date = [("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")];
        assert_eq!(read(429, &date, b"").retry_after_seconds(), Some(60));
        let several = [
            ("retry-after", "5"),
            ("retry-after", "x"),
            ("retry-after", "50"),
        ];
        assert_eq!(read(429, &several, b"").retry_after_seconds(), Some(50));
    }

    // A target without a clock (`SystemTime::now` panics there) reads delay-seconds fine; the
    // clock is read once however many dates there are.
    #[test]
    fn the_clock_is_read_only_for_dates_and_at_most_once() {
        let mut headers = HeaderMap::new();
        headers.append(RETRY_AFTER, HeaderValue::from_static("120"));
        headers.append(RETRY_AFTER, HeaderValue::from_static("soon"));
        let no_clock = || -> SystemTime { panic!("the clock was read") };
        let error = from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b"", no_clock).unwrap();
        assert_eq!(error.retry_after_seconds(), Some(120));

        headers.append(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        headers.append(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:59:37 GMT"),
        );
        let reads = std::cell::Cell::new(0);
        let clock = || {
            reads.set(reads.get() + 1);
            SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_717)
        };
        let error = from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b"", clock).unwrap();
        assert_eq!((error.retry_after_seconds(), reads.get()), (Some(660), 1));
    }

    #[test]
    fn fallbacks() {
        let default_502 = ErrorBody::from_code(ErrorCode::BAD_GATEWAY);
        let big = [b' '; ErrorBody::MAX_BODY_BYTES + 1];
        for body in [
            &b""[..],
            b"   ",
            b"<html>502</html>",
            b"{\"code\":502",
            b"[502]",
            b"null",
            b"{\"code\":502,\"message\":null}",
            b"\xff\xfe{}",
            &big,
        ] {
            assert_eq!(
                read(502, &[], body),
                default_502,
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
        let with_bom = read(502, &[], b"\xEF\xBB\xBF {\"code\":502,\"message\":\"m\"}");
        assert_eq!(with_bom.message(), "m");
    }
}
