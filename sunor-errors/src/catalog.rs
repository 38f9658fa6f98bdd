//! A type's list of the bodies it can produce, for docs, OpenAPI and conformance tests.

use crate::ErrorCode;

/// One body an error type can produce: what [`IntoErrorBody::error_catalog`](crate::IntoErrorBody::error_catalog) lists.
///
/// ```
/// use sunor_errors::catalog::{ErrorDescriptor, RetryAfterHint};
/// use sunor_errors::ErrorCode;
///
/// let d = ErrorDescriptor::new("TaskError", Some("RateLimited"), ErrorCode::TOO_MANY_REQUESTS,
///     "Rate limit exceeded.", false, RetryAfterHint::FromField);
/// assert_eq!(d.code.as_u16(), 429);
/// assert!(d.retry_after.is_some());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ErrorDescriptor {
    /// The Rust type that produces it (`"TaskError"`).
    pub type_name: &'static str,
    /// The enum variant, `None` for a struct.
    pub variant: Option<&'static str>,
    /// The code (HTTP status).
    pub code: ErrorCode,
    /// The message as written: a literal, a template such as `"Task {id} not found"`, or
    /// the code's default message.
    pub message: &'static str,
    /// Whether `message` is a template whose placeholders are filled per value.
    pub templated: bool,
    /// Whether, and how, the body carries a retry delay.
    pub retry_after: RetryAfterHint,
}

impl ErrorDescriptor {
    /// A descriptor with every field given.
    pub const fn new(
        type_name: &'static str,
        variant: Option<&'static str>,
        code: ErrorCode,
        message: &'static str,
        templated: bool,
        retry_after: RetryAfterHint,
    ) -> ErrorDescriptor {
        ErrorDescriptor {
            type_name,
            variant,
            code,
            message,
            templated,
            retry_after,
        }
    }
}

/// Whether a body carries `retry_after_seconds` (and so a `Retry-After` header).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryAfterHint {
    /// Never.
    None,
    /// Always this many seconds.
    Fixed(u64),
    /// Taken from a field of the value (an `Option` field may leave it out).
    FromField,
}

impl RetryAfterHint {
    /// `true` unless [`RetryAfterHint::None`].
    pub const fn is_some(self) -> bool {
        !matches!(self, RetryAfterHint::None)
    }
}
