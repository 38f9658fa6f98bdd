//! [`AttemptError`]: what one attempt of an operation run by an executor can fail with.

use std::error::Error as StdError;
use std::fmt;

use crate::{ErrorBody, FromErrorBody};

/// A boxed error source, as carried by [`TransportError`] and [`AttemptError::Other`].
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// How one attempt of an operation failed: the server answered with an error, the request
/// never got an answer, or something that repeating cannot fix.
///
/// This is the error type of the operations that the executors ([`Retrier`](super::Retrier))
/// run, and the error they return: the last attempt's.
///
/// | variant | retried? | ambiguous (may have taken effect)? |
/// |---|---|---|
/// | [`Api`](Self::Api) with a retryable code (408, 429, most 5xx) | yes | a 5xx: yes |
/// | [`Api`](Self::Api) with another code (400, 401, 402, 404, ...) | never | no |
/// | [`Transport`](Self::Transport) | yes, as a 5xx | if [`may_have_been_sent`](TransportError::may_have_been_sent) |
/// | [`Other`](Self::Other) | never | - |
///
/// ```
/// use sunor_errors::retry::{AttemptError, TransportError};
/// use sunor_errors::{ErrorBody, ErrorCode};
///
/// let rate_limited = AttemptError::from(ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS));
/// assert!(rate_limited.is_retryable() && !rate_limited.is_ambiguous());
///
/// let refused = AttemptError::from(TransportError::not_sent("connection refused"));
/// assert!(refused.is_retryable() && !refused.is_ambiguous());
///
/// let timed_out = AttemptError::from(TransportError::maybe_sent("timed out"));
/// assert!(timed_out.is_retryable() && timed_out.is_ambiguous());
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum AttemptError {
    /// The server answered with an error response.
    Api(ErrorBody),
    /// No response: the connection failed, timed out or broke.
    Transport(TransportError),
    /// A failure that repeating the request cannot fix (a request that could not be built,
    /// a redirect loop, ...). Never retried.
    Other(BoxError),
}

impl AttemptError {
    /// Whether a retry may succeed: a retryable code ([`ErrorBody::is_retryable`]) or any
    /// transport failure.
    pub fn is_retryable(&self) -> bool {
        match self {
            AttemptError::Api(body) => body.is_retryable(),
            AttemptError::Transport(_) => true,
            AttemptError::Other(_) => false,
        }
    }

    /// Whether the server may have acted on the request although it failed: a 5xx answer,
    /// or a transport failure after the request may have been sent. Repeating such a
    /// request that is not idempotent (creating a task) may do it twice.
    ///
    /// A 429 and a 408 are not ambiguous (the server refused before acting), nor is a
    /// connection that was never made.
    pub fn is_ambiguous(&self) -> bool {
        match self {
            AttemptError::Api(body) => body.code().is_server_error(),
            AttemptError::Transport(error) => error.may_have_been_sent(),
            AttemptError::Other(_) => false,
        }
    }

    /// The server's error body, if the server answered.
    pub fn as_error_body(&self) -> Option<&ErrorBody> {
        match self {
            AttemptError::Api(body) => Some(body),
            _ => None,
        }
    }

    /// The server's error body, if the server answered.
    pub fn into_error_body(self) -> Option<ErrorBody> {
        match self {
            AttemptError::Api(body) => Some(body),
            _ => None,
        }
    }

    /// The server's answer decoded into `T`, the server's own error type
    /// ([`ErrorBody::decode`]): `None` when the server did not answer or sent none of `T`'s
    /// errors. It borrows: the error, and its body, stay whole for logging or retrying.
    ///
    /// ```
    /// # #[cfg(feature = "derive")] {
    /// use sunor_errors::retry::{AttemptError, TransportError};
    /// use sunor_errors::{ErrorBody, ErrorCode, FromErrorBody};
    ///
    /// #[derive(Debug, PartialEq, FromErrorBody)]
    /// enum TaskError {
    ///     #[error_body(code = 402, message = "Insufficient credits: available {available}, required {required}")]
    ///     InsufficientCredits { available: u64, required: u64 },
    /// }
    ///
    /// let error = AttemptError::from(ErrorBody::new(
    ///     ErrorCode::PAYMENT_REQUIRED,
    ///     "Insufficient credits: available 3, required 10",
    /// ));
    /// match error.decode::<TaskError>() {
    ///     Some(TaskError::InsufficientCredits { available, required }) => {
    ///         assert_eq!(required - available, 7);
    ///     }
    ///     None => panic!("not one of TaskError's: {error}"),
    /// }
    /// let refused = AttemptError::from(TransportError::not_sent("connection refused"));
    /// assert_eq!(refused.decode::<TaskError>(), None);
    /// # }
    /// ```
    pub fn decode<T: FromErrorBody>(&self) -> Option<T> {
        self.as_error_body()?.decode()
    }
}

impl From<ErrorBody> for AttemptError {
    fn from(body: ErrorBody) -> AttemptError {
        AttemptError::Api(body)
    }
}

impl From<TransportError> for AttemptError {
    fn from(error: TransportError) -> AttemptError {
        AttemptError::Transport(error)
    }
}

impl fmt::Display for AttemptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttemptError::Api(body) => fmt::Display::fmt(body, f),
            AttemptError::Transport(error) => fmt::Display::fmt(error, f),
            AttemptError::Other(error) => write!(f, "request failed: {error}"),
        }
    }
}

impl StdError for AttemptError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            AttemptError::Api(_) => None,
            AttemptError::Transport(error) => Some(error),
            AttemptError::Other(error) => Some(&**error),
        }
    }
}

/// A request that got no response: connection refused, DNS failure, timeout, reset.
///
/// It records whether the request may have reached the server, which decides whether
/// repeating it is safe for a request that is not idempotent.
///
/// ```
/// use sunor_errors::retry::TransportError;
///
/// let error = TransportError::not_sent("connection refused");
/// assert!(!error.may_have_been_sent());
/// assert_eq!(error.to_string(), "transport error (request not sent): connection refused");
/// ```
#[derive(Debug)]
pub struct TransportError {
    source: BoxError,
    may_have_been_sent: bool,
}

impl TransportError {
    /// A failure before any byte of the request could reach the server (connection
    /// refused, DNS failure, connect timeout): always safe to repeat.
    pub fn not_sent(source: impl Into<BoxError>) -> TransportError {
        TransportError {
            source: source.into(),
            may_have_been_sent: false,
        }
    }

    /// A failure after the request may have been sent (a timeout waiting for the response,
    /// a connection reset): the server may have acted on it.
    pub fn maybe_sent(source: impl Into<BoxError>) -> TransportError {
        TransportError {
            source: source.into(),
            may_have_been_sent: true,
        }
    }

    /// Whether the request may have reached the server.
    pub fn may_have_been_sent(&self) -> bool {
        self.may_have_been_sent
    }

    /// The underlying error.
    pub fn get_ref(&self) -> &(dyn StdError + Send + Sync + 'static) {
        &*self.source
    }

    /// The underlying error, by value.
    pub fn into_inner(self) -> BoxError {
        self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sent = if self.may_have_been_sent {
            "request may have been sent"
        } else {
            "request not sent"
        };
        write!(f, "transport error ({sent}): {}", self.source)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn api(code: u16) -> AttemptError {
        AttemptError::from(ErrorBody::from_code(ErrorCode::from_u16(code).unwrap()))
    }

    #[test]
    fn classification() {
        for (code, retryable, ambiguous) in [
            (400, false, false),
            (401, false, false),
            (402, false, false),
            (404, false, false),
            (408, true, false),
            (429, true, false),
            (500, true, true),
            (501, false, true),
            (502, true, true),
            (503, true, true),
        ] {
            let error = api(code);
            assert_eq!(error.is_retryable(), retryable, "{code}");
            assert_eq!(error.is_ambiguous(), ambiguous, "{code}");
        }
        let other = AttemptError::Other("bad url".into());
        assert!(!other.is_retryable() && !other.is_ambiguous());
        assert_eq!(other.to_string(), "request failed: bad url");
    }

    #[test]
    fn display_and_source() {
        let error = AttemptError::from(TransportError::maybe_sent("operation timed out"));
        assert_eq!(
            error.to_string(),
            "transport error (request may have been sent): operation timed out"
        );
        assert_eq!(
            error.source().unwrap().to_string(),
            "transport error (request may have been sent): operation timed out"
        );
        let body = api(502);
        assert_eq!(body.to_string(), "API error 502: Upstream provider error");
        assert!(body.source().is_none());
        assert_eq!(
            body.into_error_body(),
            Some(ErrorBody::from_code(ErrorCode::BAD_GATEWAY))
        );
    }
}
