//! [`ErrorBody`]: the error wire type `{"code":..,"message":..,"retry_after_seconds":..}`.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use crate::ErrorCode;
use crate::log_safe::Escaped;

/// The body of every error response of the sunor API, and a Rust error value.
///
/// On the wire it is compact JSON with the members in this order, `retry_after_seconds`
/// omitted when absent:
///
/// ```
/// use std::time::Duration;
/// use sunor_errors::{ErrorBody, ErrorCode};
///
/// let body = ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS)
///     .with_retry_after(Duration::from_secs(60));
/// assert_eq!(
///     serde_json::to_string(&body)?,
///     r#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#
/// );
/// assert!(body.is_retryable());
/// assert_eq!(body.retry_after(), Some(Duration::from_secs(60)));
///
/// let parsed: ErrorBody = serde_json::from_str(r#"{"code":404,"message":"Task not found"}"#)?;
/// assert_eq!(parsed.to_string(), "API error 404: Task not found");
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// Deserialisation is strict: the body must be a JSON object with an integer `code` in
/// `400..=599` and a string `message`; `retry_after_seconds` is a non-negative integer or
/// `null` (absent); unknown members are ignored. A client reading whatever a server sent
/// uses the tolerant [`ErrorBody::from_http_parts`] instead.
///
/// Writing and reading follow the wire rules exactly (`write_json`, `Serialize` and
/// `Deserialize` live with the rules, in the crate's `wire` module). Equality and hashing
/// compare what is sent: a borrowed and an owned message with the same text are equal.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ErrorBody {
    code: ErrorCode,
    message: Cow<'static, str>,
    retry_after_seconds: Option<u64>,
}

impl ErrorBody {
    /// The largest response body, in bytes, that the client side reads as JSON: a body
    /// longer than this (no real error body is) gets the status's default message.
    pub const MAX_BODY_BYTES: usize = 64 * 1024;

    /// The most bytes of message text that [`Display`](fmt::Display) writes, escapes
    /// included; the rest is summarised as `… (N more bytes)`, so a hostile server cannot
    /// flood logs. The whole `Display` output is at most this plus 64 bytes.
    pub const MAX_DISPLAY_BYTES: usize = 1024;

    /// A body with this code and message, and no retry delay.
    ///
    /// A `&'static str` message is kept without allocating.
    ///
    /// ```
    /// # use sunor_errors::{ErrorBody, ErrorCode};
    /// let body = ErrorBody::new(ErrorCode::NOT_FOUND, "Task not found");
    /// assert_eq!(body.message(), "Task not found");
    /// let body = ErrorBody::new(ErrorCode::BAD_REQUEST, format!("Missing required fields: {}", "model"));
    /// assert_eq!(body.message(), "Missing required fields: model");
    /// ```
    pub fn new(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> ErrorBody {
        ErrorBody {
            code,
            message: message.into(),
            retry_after_seconds: None,
        }
    }

    /// A body with this code and its [default message](ErrorCode::default_message).
    ///
    /// ```
    /// # use sunor_errors::{ErrorBody, ErrorCode};
    /// let body = ErrorBody::from_code(ErrorCode::INTERNAL_SERVER_ERROR);
    /// assert_eq!(body.message(), "Internal server error");
    /// ```
    #[inline]
    pub const fn from_code(code: ErrorCode) -> ErrorBody {
        ErrorBody {
            code,
            message: Cow::Borrowed(code.default_message()),
            retry_after_seconds: None,
        }
    }

    /// Sets the retry delay, in whole seconds rounded up (so a client never comes back early).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use sunor_errors::{ErrorBody, ErrorCode};
    /// let body = ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS)
    ///     .with_retry_after(Duration::from_millis(1500));
    /// assert_eq!(body.retry_after_seconds(), Some(2));
    /// ```
    #[must_use]
    pub const fn with_retry_after(self, delay: Duration) -> ErrorBody {
        self.with_retry_after_seconds(crate::retry_after::ceil_seconds(delay))
    }

    // Every member at once: what a parser has read.
    pub(crate) const fn from_parts(
        code: ErrorCode,
        message: Cow<'static, str>,
        retry_after_seconds: Option<u64>,
    ) -> ErrorBody {
        ErrorBody {
            code,
            message,
            retry_after_seconds,
        }
    }

    // The same body under another code (the client side: the status line wins).
    pub(crate) const fn with_code(mut self, code: ErrorCode) -> ErrorBody {
        self.code = code;
        self
    }

    /// Sets the retry delay to exactly `seconds`.
    ///
    /// ```
    /// # use sunor_errors::{ErrorBody, ErrorCode};
    /// let body = ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS).with_retry_after_seconds(60);
    /// assert_eq!(body.retry_after_seconds(), Some(60));
    /// ```
    #[must_use]
    pub const fn with_retry_after_seconds(mut self, seconds: u64) -> ErrorBody {
        self.retry_after_seconds = Some(seconds);
        self
    }

    /// The error code (equal to the HTTP status of the response).
    pub const fn code(&self) -> ErrorCode {
        self.code
    }

    /// The human-readable message, exactly as sent (see [`Display`](fmt::Display) for a form
    /// that is safe to log).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The message as a `Cow`, without copying it.
    ///
    /// ```
    /// # use std::borrow::Cow;
    /// # use sunor_errors::{ErrorBody, ErrorCode};
    /// let body = ErrorBody::new(ErrorCode::NOT_FOUND, "Task not found");
    /// assert!(matches!(body.into_message(), Cow::Borrowed("Task not found")));
    /// ```
    pub fn into_message(self) -> Cow<'static, str> {
        self.message
    }

    /// The server's retry delay in seconds, if the body carries one.
    pub const fn retry_after_seconds(&self) -> Option<u64> {
        self.retry_after_seconds
    }

    /// Whether the request may succeed if sent again ([`ErrorCode::is_retryable`]).
    pub const fn is_retryable(&self) -> bool {
        self.code.is_retryable()
    }

    /// The server's retry delay, if the body carries one.
    ///
    /// This is the server's floor; a retry policy decides the
    /// actual wait (and whether to wait at all).
    /// See [`RetryPolicy`](crate::retry::RetryPolicy), which never waits less than this.
    pub const fn retry_after(&self) -> Option<Duration> {
        match self.retry_after_seconds() {
            Some(seconds) => Some(Duration::from_secs(seconds)),
            None => None,
        }
    }
}

impl From<ErrorCode> for ErrorBody {
    fn from(code: ErrorCode) -> ErrorBody {
        ErrorBody::from_code(code)
    }
}

impl fmt::Debug for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorBody")
            .field("code", &self.code.as_u16())
            .field("message", &self.message())
            .field("retry_after_seconds", &self.retry_after_seconds())
            .finish()
    }
}

/// `API error 402: Insufficient credits: available 3, required 10`.
///
/// The message may come from any server, so this form is safe to log: control characters
/// and bidirectional overrides are escaped (`\n`, `\u{1b}`), so no line or terminal
/// sequence can be forged, and at most [`ErrorBody::MAX_DISPLAY_BYTES`] bytes of message
/// (counted after escaping) are shown.
impl fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "API error {}: {}",
            self.code,
            Escaped::text(self.message(), Self::MAX_DISPLAY_BYTES)
        )
    }
}

impl std::error::Error for ErrorBody {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size() {
        // Three plain fields, no packing: within the contract's ceiling of 48 bytes.
        assert_eq!(std::mem::size_of::<ErrorBody>(), 48);
        assert_eq!(std::mem::size_of::<Option<ErrorBody>>(), 48);
        assert_eq!(std::mem::size_of::<Result<(), ErrorBody>>(), 48);
    }

    #[test]
    fn send_sync_unpin() {
        fn check<T: Send + Sync + Unpin + 'static>() {}
        check::<ErrorBody>();
    }

    #[test]
    fn with_retry_after_rounds_up_and_saturates() {
        let body = ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS);
        assert_eq!(body.retry_after_seconds(), None);
        assert_eq!(body.retry_after(), None);
        let cases = [
            (Duration::ZERO, 0),
            (Duration::from_nanos(1), 1),
            (Duration::from_secs(60), 60),
            (Duration::from_millis(60_001), 61),
            (Duration::MAX, u64::MAX),
        ];
        for (delay, seconds) in cases {
            let b = body.clone().with_retry_after(delay);
            assert_eq!(b.retry_after_seconds(), Some(seconds), "{delay:?}");
            assert_eq!(b.retry_after(), Some(Duration::from_secs(seconds)));
        }
    }

    #[test]
    fn display_is_safe_to_log() {
        let body = ErrorBody::new(
            ErrorCode::PAYMENT_REQUIRED,
            "Insufficient credits: available 3, required 10",
        );
        assert_eq!(
            body.to_string(),
            "API error 402: Insufficient credits: available 3, required 10"
        );
        let forged = ErrorBody::new(
            ErrorCode::BAD_GATEWAY,
            "oops\nINFO admin logged in\u{1b}[2J\u{202e}",
        );
        assert_eq!(
            forged.to_string(),
            r"API error 502: oops\nINFO admin logged in\u{1b}[2J\u{202e}"
        );
        let long = ErrorBody::new(ErrorCode::BAD_GATEWAY, "é".repeat(1000));
        let shown = long.to_string();
        assert_eq!(
            shown,
            format!("API error 502: {}… (976 more bytes)", "é".repeat(512))
        );
        let exact = ErrorBody::new(ErrorCode::BAD_GATEWAY, "a".repeat(1024));
        assert_eq!(
            exact.to_string(),
            format!("API error 502: {}", "a".repeat(1024))
        );
    }

    #[test]
    fn equality_and_hash_ignore_representation() {
        use std::collections::HashSet;
        let a = ErrorBody::new(ErrorCode::NOT_FOUND, "Task not found");
        let b = ErrorBody::new(ErrorCode::NOT_FOUND, String::from("Task not found"));
        assert_eq!(a, b);
        let set: HashSet<_> = [a.clone(), b].into_iter().collect();
        assert_eq!(set.len(), 1);
        assert_ne!(a.clone(), a.clone().with_retry_after_seconds(0));
        assert_ne!(a, ErrorBody::new(ErrorCode::NOT_FOUND, "Not found"));
        assert_eq!(
            format!("{a:?}"),
            r#"ErrorBody { code: 404, message: "Task not found", retry_after_seconds: None }"#
        );
    }
}
