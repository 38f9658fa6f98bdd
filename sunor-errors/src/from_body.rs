//! [`FromErrorBody`]: the client side of [`IntoErrorBody`](crate::IntoErrorBody), a body
//! turned back into the server's own error type.

use crate::{ErrorBody, ErrorCode};

/// A type that a received error body can be decoded into: the client side of the wire.
///
/// One crate of error types can serve both sides: the server answers with
/// [`IntoErrorBody`](crate::IntoErrorBody), the client decodes what it received back into the
/// same value and `match`es on its own enum instead of on message strings. Derive it with
/// [`#[derive(FromErrorBody)]`](derive@crate::FromErrorBody), which reads the same
/// `#[error_body]` attributes.
///
/// `None` means the body is none of this type's errors (an unknown code or message, a
/// number out of a field's range): the caller still has the [`ErrorBody`], nothing is lost
/// ([`ErrorBody::try_decode`] hands it back).
///
/// ```
/// use sunor_errors::{ErrorBody, ErrorCode, FromErrorBody};
///
/// #[derive(Debug, PartialEq)]
/// struct Conflict;
///
/// impl FromErrorBody for Conflict {
///     fn from_error_body(body: &ErrorBody) -> Option<Self> {
///         (body.code() == ErrorCode::CONFLICT).then_some(Conflict)
///     }
/// }
///
/// let body = ErrorBody::new(ErrorCode::CONFLICT, "Task already running");
/// assert_eq!(body.decode::<Conflict>(), Some(Conflict));
/// assert_eq!(ErrorBody::from_code(ErrorCode::NOT_FOUND).decode::<Conflict>(), None);
/// ```
pub trait FromErrorBody: Sized {
    /// The value this body encodes, or `None` (unknown code or message: the caller keeps
    /// the `ErrorBody`, nothing is lost).
    fn from_error_body(body: &ErrorBody) -> Option<Self>;
}

/// Every body is an `ErrorBody`: the catch-all of a `transparent` variant.
impl FromErrorBody for ErrorBody {
    fn from_error_body(body: &ErrorBody) -> Option<Self> {
        Some(body.clone())
    }
}

/// The exact inverse of `IntoErrorBody for ErrorCode`: a body with the code's
/// [default message](ErrorCode::default_message) (whatever its delay).
impl FromErrorBody for ErrorCode {
    fn from_error_body(body: &ErrorBody) -> Option<Self> {
        let code = body.code();
        (body.message() == code.default_message()).then_some(code)
    }
}

impl<T: FromErrorBody> FromErrorBody for Box<T> {
    fn from_error_body(body: &ErrorBody) -> Option<Self> {
        T::from_error_body(body).map(Box::new)
    }
}

impl ErrorBody {
    /// The value of `T` this body encodes, or `None` when it is none of `T`'s errors.
    ///
    /// ```
    /// use sunor_errors::{ErrorBody, ErrorCode};
    ///
    /// let body = ErrorBody::from_code(ErrorCode::BAD_GATEWAY);
    /// assert_eq!(body.decode::<ErrorCode>(), Some(ErrorCode::BAD_GATEWAY));
    /// let body = ErrorBody::new(ErrorCode::BAD_GATEWAY, "Provider down");
    /// assert_eq!(body.decode::<ErrorCode>(), None);
    /// ```
    pub fn decode<T: FromErrorBody>(&self) -> Option<T> {
        T::from_error_body(self)
    }

    /// The decoded value, or the body itself when nothing matches (nothing is lost).
    ///
    /// ```
    /// use sunor_errors::{ErrorBody, ErrorCode};
    ///
    /// let body = ErrorBody::new(ErrorCode::BAD_GATEWAY, "Provider down");
    /// match body.try_decode::<ErrorCode>() {
    ///     Ok(code) => println!("a plain {code}"),
    ///     Err(body) => assert_eq!(body.message(), "Provider down"),
    /// }
    /// ```
    pub fn try_decode<T: FromErrorBody>(self) -> Result<T, ErrorBody> {
        match T::from_error_body(&self) {
            Some(value) => Ok(value),
            None => Err(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_codes_and_boxes() {
        let body =
            ErrorBody::new(ErrorCode::NOT_FOUND, "Task not found").with_retry_after_seconds(3);
        assert_eq!(body.decode::<ErrorBody>(), Some(body.clone()));
        assert_eq!(
            body.decode::<Box<ErrorBody>>(),
            Some(Box::new(body.clone()))
        );
        assert_eq!(body.decode::<ErrorCode>(), None);
        let plain = ErrorBody::from_code(ErrorCode::NOT_FOUND).with_retry_after_seconds(3);
        assert_eq!(plain.decode::<ErrorCode>(), Some(ErrorCode::NOT_FOUND));
        assert_eq!(
            plain.clone().try_decode::<ErrorCode>(),
            Ok(ErrorCode::NOT_FOUND)
        );
        assert_eq!(body.clone().try_decode::<ErrorCode>(), Err(body));
    }
}
