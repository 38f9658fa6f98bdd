//! [`ErrorBodyRef`]: a strictly parsed error body whose message borrows from the input. Its
//! rules are `strict.rs`'s, shared with [`ErrorBody`].

use std::borrow::Cow;
use std::fmt;

use super::strict::deserialize_parts;
use crate::{ErrorBody, ErrorCode};

/// An error body parsed without copying its message: the message borrows from the input
/// bytes whenever it has no JSON escapes.
///
/// For a client that only looks at the body before deciding what to do (retry, log, map to
/// its own error) and does not keep it: parsing an [`ErrorBody`] copies the message into a new
/// allocation, this does not. The rules are exactly those of `ErrorBody`'s strict
/// deserialisation (a JSON object, `code` in `400..=599`, a string `message`, unknown members
/// ignored, `retry_after_seconds` a non-negative integer or `null`).
///
/// ```
/// use sunor_errors::{ErrorBody, ErrorBodyRef, ErrorCode};
///
/// let json = br#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#;
/// let body = ErrorBodyRef::from_json(json)?;
/// assert_eq!(body.code(), ErrorCode::PAYMENT_REQUIRED);
/// assert_eq!(body.message(), "Insufficient credits: available 3, required 10");
/// assert!(body.is_message_borrowed()); // no allocation
///
/// // A message with escapes has to be unescaped into an owned copy.
/// let escaped = ErrorBodyRef::from_json(br#"{"code":400,"message":"Missing \"model\""}"#)?;
/// assert_eq!(escaped.message(), r#"Missing "model""#);
/// assert!(!escaped.is_message_borrowed());
///
/// // Keep it past the input's lifetime by turning it into an owned `ErrorBody`.
/// let owned: ErrorBody = body.into_owned();
/// assert_eq!(owned.message(), "Insufficient credits: available 3, required 10");
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// It is also a `serde::Deserialize` type for any deserializer that can lend strings
/// (`serde_json::from_slice`, `serde_json::from_str`); one that cannot gives an owned message.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ErrorBodyRef<'a> {
    code: ErrorCode,
    message: Cow<'a, str>,
    retry_after_seconds: Option<u64>,
}

impl<'a> ErrorBodyRef<'a> {
    /// Parses a JSON error body, strictly, borrowing the message from `json` when it can.
    ///
    /// ```
    /// # use sunor_errors::ErrorBodyRef;
    /// let err = ErrorBodyRef::from_json(br#"{"code":200,"message":"OK"}"#).unwrap_err();
    /// assert!(err.to_string().starts_with("invalid value: integer `200`"));
    /// ```
    pub fn from_json(json: &'a [u8]) -> Result<ErrorBodyRef<'a>, serde_json::Error> {
        serde_json::from_slice(json)
    }

    /// The error code.
    pub const fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message, exactly as sent (unescaped).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the message borrows from the input (it had no escapes) rather than owning a
    /// copy.
    pub const fn is_message_borrowed(&self) -> bool {
        matches!(self.message, Cow::Borrowed(_))
    }

    /// The server's retry delay in seconds, if the body carries one.
    pub const fn retry_after_seconds(&self) -> Option<u64> {
        self.retry_after_seconds
    }

    /// Whether the request may succeed if sent again ([`ErrorCode::is_retryable`]).
    pub const fn is_retryable(&self) -> bool {
        self.code.is_retryable()
    }

    /// The message, borrowed or owned as it was parsed.
    pub fn into_message(self) -> Cow<'a, str> {
        self.message
    }

    /// An owned [`ErrorBody`] with the same code, message and delay (copies a borrowed
    /// message once).
    pub fn into_owned(self) -> ErrorBody {
        ErrorBody::from_parts(
            self.code,
            Cow::Owned(self.message.into_owned()),
            self.retry_after_seconds,
        )
    }
}

impl From<ErrorBodyRef<'_>> for ErrorBody {
    fn from(body: ErrorBodyRef<'_>) -> ErrorBody {
        body.into_owned()
    }
}

impl<'a> From<&'a ErrorBody> for ErrorBodyRef<'a> {
    fn from(body: &'a ErrorBody) -> ErrorBodyRef<'a> {
        ErrorBodyRef {
            code: body.code(),
            message: Cow::Borrowed(body.message()),
            retry_after_seconds: body.retry_after_seconds(),
        }
    }
}

impl fmt::Display for ErrorBodyRef<'_> {
    /// The same safe-to-log form as [`ErrorBody`]'s `Display`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.clone().into_owned(), f)
    }
}

impl std::error::Error for ErrorBodyRef<'_> {}

impl<'de: 'a, 'a> serde::Deserialize<'de> for ErrorBodyRef<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let parts = deserialize_parts::<MessageStr<'de>, D>(deserializer)?;
        Ok(ErrorBodyRef {
            code: parts.code,
            message: parts.message.0,
            retry_after_seconds: parts.retry_after_seconds,
        })
    }
}

// A string that borrows from the input when the deserializer lends it.
struct MessageStr<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for MessageStr<'a> {
    #[inline]
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(MessageVisitor)
    }
}

struct MessageVisitor;

impl<'de> serde::de::Visitor<'de> for MessageVisitor {
    type Value = MessageStr<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    #[inline]
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(MessageStr(Cow::Borrowed(v)))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(MessageStr(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(MessageStr(Cow::Owned(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_unless_escaped() {
        let json =
            br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60,"x":[1]}"#;
        let body = ErrorBodyRef::from_json(json).unwrap();
        assert_eq!(body.code(), ErrorCode::TOO_MANY_REQUESTS);
        assert_eq!(body.retry_after_seconds(), Some(60));
        assert!(body.is_retryable());
        match body.clone().into_message() {
            Cow::Borrowed(m) => {
                // the very bytes of the input
                let start = json.windows(5).position(|w| w == b"Rate ").unwrap();
                assert_eq!(m.as_ptr(), json[start..].as_ptr());
            }
            Cow::Owned(m) => panic!("unescaped message was copied: {m:?}"),
        }
        assert_eq!(
            body.into_owned(),
            ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS).with_retry_after_seconds(60)
        );

        let body = ErrorBodyRef::from_json(br#"{"code":400,"message":"a\nb\u00e9"}"#).unwrap();
        assert_eq!(body.message(), "a\nbé");
        assert!(!body.is_message_borrowed());
        assert_eq!(body.retry_after_seconds(), None);
    }

    #[test]
    fn an_owning_deserializer_gives_an_owned_message() {
        let value = serde_json::json!({"code": 404, "message": "Task not found"});
        let body = <ErrorBodyRef<'static> as serde::Deserialize>::deserialize(value).unwrap();
        assert_eq!(body.message(), "Task not found");
        assert!(!body.is_message_borrowed());
    }

    #[test]
    fn same_strictness_as_error_body() {
        for json in [
            r#"[429,"x"]"#,
            r#"{"message":"x"}"#,
            r#"{"code":400}"#,
            r#"{"code":600,"message":"x"}"#,
            r#"{"code":400,"message":null}"#,
            r#"{"code":400,"message":"x","message":"y"}"#,
            r#"{"code":400,"message":"x","retry_after_seconds":-1}"#,
            r#"{"code":400,"message":"x"} trailing"#,
        ] {
            let ours = ErrorBodyRef::from_json(json.as_bytes()).unwrap_err();
            let owned = serde_json::from_str::<ErrorBody>(json).unwrap_err();
            assert_eq!(ours.to_string(), owned.to_string(), "{json}");
        }
        let body =
            ErrorBodyRef::from_json(br#"{"code":503,"message":"","retry_after_seconds":null}"#)
                .unwrap();
        assert_eq!((body.message(), body.retry_after_seconds()), ("", None));
    }

    #[test]
    fn conversions_and_display() {
        let owned =
            ErrorBody::new(ErrorCode::BAD_GATEWAY, "oops\nforged").with_retry_after_seconds(3);
        let view = ErrorBodyRef::from(&owned);
        assert!(view.is_message_borrowed());
        assert_eq!(view.to_string(), r"API error 502: oops\nforged");
        assert_eq!(ErrorBody::from(view), owned);
    }
}
