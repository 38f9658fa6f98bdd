//! [`TypedError`]: how a request failed, the server's answer decoded into the server's own
//! error type.

use std::error::Error as StdError;
use std::fmt;

use crate::retry::{AttemptError, BoxError, TransportError};
use crate::{ErrorBody, FromErrorBody};

/// How a request failed, with the server's answer decoded into `T`, the server's own error
/// type ([`FromErrorBody`]), so that a client `match`es on its own enum. Nothing is lost:
/// an answer that is none of `T`'s errors stays an [`ErrorBody`], and a decoded one keeps
/// the body it came from.
///
/// Any [`AttemptError`] converts into it (`TypedError::from`), and back, so it serves every
/// [`Retrier`](super::Retrier) run (`retrier.run_blocking(..).map_err(TypedError::from)`);
/// the reqwest helpers' `send_typed` return it directly. (It was
/// `sunor_errors::reqwest::TypedError`, which still names it.)
///
/// ```
/// # #[cfg(feature = "derive")] {
/// use sunor_errors::retry::{AttemptError, TransportError, TypedError};
/// use sunor_errors::{ErrorBody, ErrorCode, FromErrorBody};
///
/// #[derive(Debug, PartialEq, FromErrorBody)]
/// enum TaskError {
///     #[error_body(code = 402, message = "Insufficient credits: available {available}, required {required}")]
///     InsufficientCredits { available: u64, required: u64 },
/// }
///
/// // What `send` failed with, decoded.
/// let body = ErrorBody::new(ErrorCode::PAYMENT_REQUIRED, "Insufficient credits: available 3, required 10");
/// let error = TypedError::<TaskError>::from(AttemptError::from(body.clone()));
/// match &error {
///     TypedError::Known { error: TaskError::InsufficientCredits { available, required }, .. } => {
///         assert_eq!((available, required), (&3, &10));
///     }
///     other => panic!("{other}"),
/// }
/// assert_eq!(error.to_string(), "API error 402: Insufficient credits: available 3, required 10");
/// assert_eq!(error.error_body(), Some(&body));
///
/// // None of TaskError's: the body as received.
/// let other = ErrorBody::new(ErrorCode::PAYMENT_REQUIRED, "Your plan has expired");
/// let error = TypedError::<TaskError>::from(AttemptError::from(other.clone()));
/// assert!(matches!(&error, TypedError::Unknown(body) if *body == other));
///
/// // No answer at all.
/// let error = TypedError::<TaskError>::from(AttemptError::from(TransportError::not_sent("connection refused")));
/// assert!(matches!(&error, TypedError::Transport(e) if !e.may_have_been_sent()));
/// assert_eq!(error.known(), None);
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum TypedError<T> {
    /// The server answered with one of `T`'s errors.
    Known {
        /// The answer, decoded.
        error: T,
        /// The body it was decoded from (its exact message and delay).
        body: ErrorBody,
    },
    /// The server answered with an error that is none of `T`'s: the body as received.
    Unknown(ErrorBody),
    /// No answer: the connection failed, timed out or broke
    /// ([`AttemptError::Transport`]).
    Transport(TransportError),
    /// A failure that repeating cannot fix, such as a request that could not be built
    /// ([`AttemptError::Other`]).
    Other(BoxError),
}

impl<T> TypedError<T> {
    /// The decoded answer, when it is one of `T`'s errors.
    pub fn known(&self) -> Option<&T> {
        match self {
            TypedError::Known { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The server's error body, decoded or not, when the server answered.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        match self {
            TypedError::Known { body, .. } | TypedError::Unknown(body) => Some(body),
            _ => None,
        }
    }
}

/// Decodes an [`AttemptError::Api`] body into `T` ([`ErrorBody::try_decode`]).
impl<T: FromErrorBody> From<AttemptError> for TypedError<T> {
    fn from(error: AttemptError) -> TypedError<T> {
        match error {
            AttemptError::Api(body) => match T::from_error_body(&body) {
                Some(error) => TypedError::Known { error, body },
                None => TypedError::Unknown(body),
            },
            AttemptError::Transport(error) => TypedError::Transport(error),
            AttemptError::Other(error) => TypedError::Other(error),
        }
    }
}

/// The error as it was before decoding (a decoded answer gives back its body).
impl<T> From<TypedError<T>> for AttemptError {
    fn from(error: TypedError<T>) -> AttemptError {
        match error {
            TypedError::Known { body, .. } | TypedError::Unknown(body) => AttemptError::Api(body),
            TypedError::Transport(error) => AttemptError::Transport(error),
            TypedError::Other(error) => AttemptError::Other(error),
        }
    }
}

/// As [`AttemptError`]'s: an answer shows as its body (`API error 402: ...`), whatever `T`.
impl<T> fmt::Display for TypedError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypedError::Known { body, .. } | TypedError::Unknown(body) => {
                fmt::Display::fmt(body, f)
            }
            TypedError::Transport(error) => fmt::Display::fmt(error, f),
            TypedError::Other(error) => write!(f, "request failed: {error}"),
        }
    }
}

impl<T: fmt::Debug> StdError for TypedError<T> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            TypedError::Known { .. } | TypedError::Unknown(_) => None,
            TypedError::Transport(error) => Some(error),
            TypedError::Other(error) => Some(&**error),
        }
    }
}
