//! [`ErrorBody`]: the error wire type `{"code":..,"message":..,"retry_after_seconds":..}`.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::time::Duration;

use crate::ErrorCode;
use crate::json_writer;
use crate::message::Message;

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
/// The type is 32 bytes, so `Result<T, ErrorBody>` stays cheap to return.
pub struct ErrorBody {
    message: Message,
    retry_after: u64,
    code: ErrorCode,
    has_retry_after: bool,
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
            message: Message::from(message.into()),
            retry_after: 0,
            code,
            has_retry_after: false,
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
            message: Message::from_static(code.default_message()),
            retry_after: 0,
            code,
            has_retry_after: false,
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
        self.retry_after = seconds;
        self.has_retry_after = true;
        self
    }

    /// The error code (equal to the HTTP status of the response).
    pub const fn code(&self) -> ErrorCode {
        self.code
    }

    /// The human-readable message, exactly as sent (see [`Display`](fmt::Display) for a form
    /// that is safe to log).
    pub fn message(&self) -> &str {
        self.message.as_str()
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
        self.message.into_cow()
    }

    /// The server's retry delay in seconds, if the body carries one.
    pub const fn retry_after_seconds(&self) -> Option<u64> {
        if self.has_retry_after {
            Some(self.retry_after)
        } else {
            None
        }
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

    /// Appends the compact JSON of this body to `out`; reusing one buffer costs no allocation.
    ///
    /// The bytes are identical to `serde_json::to_vec(self)`, only faster.
    ///
    /// ```
    /// # use sunor_errors::{ErrorBody, ErrorCode};
    /// let mut out = Vec::new();
    /// ErrorBody::new(ErrorCode::PAYMENT_REQUIRED, "Insufficient credits: available 3, required 10")
    ///     .write_json(&mut out);
    /// assert_eq!(out, br#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#);
    /// ```
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.reserve(self.message().len() + 64);
        json_writer::write_head(out, self.code.as_u16());
        json_writer::write_str(out, self.message());
        if let Some(seconds) = self.retry_after_seconds() {
            out.extend_from_slice(b",\"retry_after_seconds\":");
            json_writer::write_u64(out, seconds);
        }
        out.push(b'}');
    }

    /// The compact JSON of this body ([`write_json`](Self::write_json) into a new vector).
    pub fn to_json_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.message().len() + 64);
        self.write_json(&mut out);
        out
    }
}

impl From<ErrorCode> for ErrorBody {
    fn from(code: ErrorCode) -> ErrorBody {
        ErrorBody::from_code(code)
    }
}

impl Clone for ErrorBody {
    fn clone(&self) -> ErrorBody {
        ErrorBody {
            message: self.message.clone(),
            retry_after: self.retry_after,
            code: self.code,
            has_retry_after: self.has_retry_after,
        }
    }
}

impl PartialEq for ErrorBody {
    fn eq(&self, other: &ErrorBody) -> bool {
        self.code == other.code
            && self.retry_after_seconds() == other.retry_after_seconds()
            && self.message() == other.message()
    }
}

impl Eq for ErrorBody {}

impl Hash for ErrorBody {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.code.hash(state);
        self.message().hash(state);
        self.retry_after_seconds().hash(state);
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
        write!(f, "API error {}: ", self.code)?;
        let message = self.message();
        // Bytes written so far, escapes included: an escape is up to 8 bytes for one char,
        // so counting input bytes would let a message of control characters go 8x over.
        let mut written = 0;
        let mut run_start = 0;
        for (i, c) in message.char_indices() {
            let escape = needs_escape(c).then(|| c.escape_default());
            let cost = escape.as_ref().map_or(c.len_utf8(), |e| e.len());
            if written + cost > Self::MAX_DISPLAY_BYTES {
                f.write_str(&message[run_start..i])?;
                return write!(f, "… ({} more bytes)", message.len() - i);
            }
            written += cost;
            if let Some(escape) = escape {
                f.write_str(&message[run_start..i])?;
                write!(f, "{escape}")?;
                run_start = i + c.len_utf8();
            }
        }
        f.write_str(&message[run_start..])
    }
}

// Characters a hostile message could use to forge log lines or terminal output: controls
// (C0, DEL, C1), line separators, and every bidi control of the Trojan Source list
// (CVE-2021-42574), U+061C ARABIC LETTER MARK included.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

impl std::error::Error for ErrorBody {}

impl serde::Serialize for ErrorBody {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let retry = self.retry_after_seconds();
        let mut s = serializer.serialize_struct("ErrorBody", 2 + usize::from(retry.is_some()))?;
        s.serialize_field("code", &self.code)?;
        s.serialize_field("message", self.message())?;
        match retry {
            Some(seconds) => s.serialize_field("retry_after_seconds", &seconds)?,
            None => s.skip_field("retry_after_seconds")?,
        }
        s.end()
    }
}

impl<'de> serde::Deserialize<'de> for ErrorBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The same rules as `ErrorBodyRef`; the message is deserialized straight into a
        // `String` (one allocation, no intermediate).
        let parts = crate::body_ref::deserialize_parts::<String, D>(deserializer)?;
        Ok(ErrorBody {
            message: Message::from_string(parts.message),
            retry_after: parts.retry_after_seconds.unwrap_or(0),
            code: parts.code,
            has_retry_after: parts.retry_after_seconds.is_some(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<ErrorBody, String> {
        serde_json::from_str::<ErrorBody>(json).map_err(|e| e.to_string())
    }

    #[test]
    fn size() {
        assert_eq!(std::mem::size_of::<ErrorBody>(), 32);
        assert_eq!(std::mem::size_of::<Option<ErrorBody>>(), 32);
        assert_eq!(std::mem::size_of::<Result<(), ErrorBody>>(), 32);
    }

    #[test]
    fn send_sync_unpin() {
        fn check<T: Send + Sync + Unpin + 'static>() {}
        check::<ErrorBody>();
    }

    #[test]
    fn wire_order_and_omission() {
        let body = ErrorBody::new(
            ErrorCode::PAYMENT_REQUIRED,
            "Insufficient credits: available 3, required 10",
        );
        let expected = r#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#;
        assert_eq!(serde_json::to_string(&body).unwrap(), expected);
        assert_eq!(body.to_json_vec(), expected.as_bytes());
        let body = body.with_retry_after_seconds(u64::MAX);
        let expected = r#"{"code":402,"message":"Insufficient credits: available 3, required 10","retry_after_seconds":18446744073709551615}"#;
        assert_eq!(serde_json::to_string(&body).unwrap(), expected);
        assert_eq!(body.to_json_vec(), expected.as_bytes());
        assert_eq!(parse(expected).unwrap(), body);
    }

    #[test]
    fn writer_matches_serde_for_hostile_messages() {
        for message in ["", "\"\\\u{0}\u{1b}[31m\n", "ünïcödé 🎵", "\u{7f}\u{2028}"] {
            let body = ErrorBody::new(ErrorCode::BAD_GATEWAY, message.to_owned());
            assert_eq!(body.to_json_vec(), serde_json::to_vec(&body).unwrap());
            assert_eq!(parse(&serde_json::to_string(&body).unwrap()).unwrap(), body);
        }
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
    fn strict_deserialisation() {
        let ok = [
            (
                r#"{"code":404,"message":"Task not found"}"#,
                404,
                "Task not found",
                None,
            ),
            (r#"{"message":"m","code":500}"#, 500, "m", None),
            (
                r#"{"code":429,"message":"x","retry_after_seconds":null}"#,
                429,
                "x",
                None,
            ),
            (
                r#"{"code":429,"message":"x","retry_after_seconds":0}"#,
                429,
                "x",
                Some(0),
            ),
            (
                r#"{"code":400,"message":"x","type":"invalid","extra":{"a":[1,2]}}"#,
                400,
                "x",
                None,
            ),
            (
                r#" { "code" : 599 , "message" : "\u00e9\n" } "#,
                599,
                "é\n",
                None,
            ),
        ];
        for (json, code, message, retry) in ok {
            let body = parse(json).unwrap();
            assert_eq!(body.code().as_u16(), code, "{json}");
            assert_eq!(body.message(), message, "{json}");
            assert_eq!(body.retry_after_seconds(), retry, "{json}");
        }
        let expected_code = "an HTTP error status code, an integer in 400..=599";
        let bad = [
            (
                r#"[429,"x"]"#,
                "invalid type: sequence, expected an error body",
            ),
            (
                r#""x""#,
                "invalid type: string \"x\", expected an error body",
            ),
            (r#"{"message":"x"}"#, "missing field `code`"),
            (r#"{"code":400}"#, "missing field `message`"),
            (
                r#"{"code":"400","message":"x"}"#,
                "invalid type: string \"400\"",
            ),
            (
                r#"{"code":400.0,"message":"x"}"#,
                "invalid type: floating point `400.0`",
            ),
            (
                r#"{"code":99,"message":"x"}"#,
                "invalid value: integer `99`",
            ),
            (
                r#"{"code":600,"message":"x"}"#,
                "invalid value: integer `600`",
            ),
            (
                r#"{"code":65536,"message":"x"}"#,
                "invalid value: integer `65536`",
            ),
            (
                r#"{"code":-1,"message":"x"}"#,
                "invalid value: integer `-1`",
            ),
            (
                r#"{"code":400,"message":null}"#,
                "invalid type: null, expected a string",
            ),
            (
                r#"{"code":400,"message":5}"#,
                "invalid type: integer `5`, expected a string",
            ),
            (
                r#"{"code":400,"message":"x","retry_after_seconds":-1}"#,
                "invalid value: integer `-1`, expected u64",
            ),
            (
                r#"{"code":400,"message":"x","retry_after_seconds":1.5}"#,
                "invalid type: floating point `1.5`, expected u64",
            ),
            (
                r#"{"code":400,"message":"x","retry_after_seconds":"5"}"#,
                "invalid type: string \"5\", expected u64",
            ),
            (
                r#"{"code":400,"code":401,"message":"x"}"#,
                "duplicate field `code`",
            ),
            (
                r#"{"code":400,"message":"x","message":"y"}"#,
                "duplicate field `message`",
            ),
            (
                r#"{"code":400,"message":"x"} trailing"#,
                "trailing characters",
            ),
            (
                r#"{"code":400,"message":"x""#,
                "EOF while parsing an object",
            ),
        ];
        for (json, start) in bad {
            let err = parse(json).unwrap_err();
            assert!(err.starts_with(start), "{json}: {err}");
            if start.starts_with("invalid value: integer") && !start.contains("expected") {
                assert!(err.contains(expected_code), "{json}: {err}");
            }
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
