//! [`IntoErrorBody`]: how a service's own error type becomes the wire body.

use std::rc::Rc;
use std::sync::Arc;

use crate::descriptor::{ErrorDescriptor, Listed};
use crate::{ErrorBody, ErrorCause, ErrorCode};

/// A type that can be answered as an error body: the server side of the wire.
///
/// Derive it with [`#[derive(IntoErrorBody)]`](derive@crate::IntoErrorBody) rather than
/// writing it by hand; a manual impl is for types the derive cannot describe.
///
/// ```
/// use sunor_errors::{ErrorBody, ErrorCode, IntoErrorBody};
///
/// struct Overloaded;
///
/// impl IntoErrorBody for Overloaded {
///     fn error_code(&self) -> ErrorCode {
///         ErrorCode::SERVICE_UNAVAILABLE
///     }
///     fn to_error_body(&self) -> ErrorBody {
///         ErrorBody::from_code(self.error_code()).with_retry_after_seconds(5)
///     }
/// }
///
/// let body = Overloaded.into_error_body();
/// assert_eq!(body.to_json_vec(), br#"{"code":503,"message":"Service unavailable","retry_after_seconds":5}"#);
/// ```
pub trait IntoErrorBody {
    /// The code (HTTP status) this error is answered with.
    fn error_code(&self) -> ErrorCode;

    /// The body this error is answered with.
    fn to_error_body(&self) -> ErrorBody;

    /// The body this error is answered with, reusing what `self` owns where it can.
    fn into_error_body(self) -> ErrorBody
    where
        Self: Sized,
    {
        self.to_error_body()
    }

    /// The 0.1.0 hook for the catalogue, for an impl written by hand: every body this type
    /// can produce (the default lists none). `#[derive(IntoErrorBody)]` lists its cases
    /// through another hook, so this lists none of a derived type's. Read a type's
    /// catalogue with [`Catalog::of::<T>()`](crate::catalog::Catalog::of), whose cases are
    /// [`Case`](crate::catalog::Case)s. Public (hidden) since 0.1.0, so kept.
    #[doc(hidden)]
    #[deprecated(
        since = "0.2.0",
        note = "read a type's catalogue with `Catalog::of::<T>()`: this lists none of a derived type's cases"
    )]
    fn error_catalog() -> Vec<ErrorDescriptor>
    where
        Self: Sized,
    {
        Vec::new()
    }

    /// The catalogue's hook: appends this type's cases, in the order decoding tries them,
    /// to `out`. `#[derive(IntoErrorBody)]` writes it; the default lists what
    /// `error_catalog` does. Not public API: read a type's catalogue with
    /// [`Catalog::of::<T>()`](crate::catalog::Catalog::of).
    #[doc(hidden)]
    fn __catalog(out: &mut Vec<Listed>)
    where
        Self: Sized,
    {
        #[allow(deprecated)]
        out.push(Listed::Descriptors(Self::error_catalog()));
    }

    /// Whether this type also implements `FromErrorBody`, for the catalogue's `decodable`:
    /// `#[derive(IntoErrorBody)]` answers it, the default is `false`. Not public API.
    #[doc(hidden)]
    fn __decodes() -> bool
    where
        Self: Sized,
    {
        false
    }

    /// The type the catalogue is named after ([`std::any::type_name`], the module path
    /// still on): `Self`, or for a pointer (`Box<T>`, `&T`, `Arc<T>`, `Rc<T>`) the type it
    /// points to. Not public API.
    #[doc(hidden)]
    fn __type_name() -> &'static str
    where
        Self: Sized,
    {
        std::any::type_name::<Self>()
    }

    /// What the body never shows: which error this is and the error behind it, for the
    /// server's logs; `None` when there is nothing more to say than the body (the default:
    /// an [`ErrorBody`] or an [`ErrorCode`] is all on the wire).
    ///
    /// The derive gives every case one: its type and variant, and as the
    /// [`source`](ErrorCause::source) the field marked `#[source]` or `#[from]` (thiserror's
    /// attributes), else the field named `source`, else the only field of a tuple case, when
    /// that field is a [`std::error::Error`] (see [the derive's docs](derive@crate::IntoErrorBody#hidden-causes)).
    ///
    /// With the `tracing` feature, answering a 5xx through `#[error_body(axum)]` or
    /// `#[error_body(actix_web)]` logs it: one `ERROR` event, target `sunor_errors::cause`,
    /// with `http.response.status_code`, `error.type` (`Type::Variant`) and
    /// `error.cause_chain` (the source and each of its own sources, joined by `": "`).
    /// [`to_error_body`](IntoErrorBody::to_error_body) alone logs nothing.
    ///
    /// ```
    /// # #[cfg(feature = "derive")] {
    /// use sunor_errors::IntoErrorBody;
    ///
    /// #[derive(Debug, IntoErrorBody)]
    /// enum TaskError {
    ///     #[error_body(code = 500)]
    ///     Store(std::io::Error),
    /// }
    ///
    /// let error = TaskError::Store(std::io::Error::other("disk /dev/sda1 failed"));
    /// let cause = error.error_cause().unwrap();
    /// assert_eq!((cause.type_name, cause.variant), ("TaskError", Some("Store")));
    /// assert_eq!(cause.source.unwrap().to_string(), "disk /dev/sda1 failed");
    /// // ... and the body says none of it.
    /// assert_eq!(error.to_error_body().message(), "Internal server error");
    /// # }
    /// ```
    fn error_cause(&self) -> Option<ErrorCause<'_>> {
        None
    }
}

impl IntoErrorBody for ErrorBody {
    fn error_code(&self) -> ErrorCode {
        self.code()
    }

    fn to_error_body(&self) -> ErrorBody {
        self.clone()
    }

    fn into_error_body(self) -> ErrorBody {
        self
    }
}

impl IntoErrorBody for ErrorCode {
    fn error_code(&self) -> ErrorCode {
        *self
    }

    fn to_error_body(&self) -> ErrorBody {
        ErrorBody::from_code(*self)
    }
}

// A reference, a box or a shared pointer to an error answers as that error, and has its
// catalogue: `Catalog::of::<Box<T>>()` is `Catalog::of::<T>()`. The catalogue is a property
// of a `Sized` type (its hooks need `Self: Sized` to keep the trait object-safe), so the
// pointers to a trait object are impls of their own, with no catalogue.
macro_rules! forward_to_pointee {
    ($($pointer:ty),*) => {$(
        impl<T: IntoErrorBody> IntoErrorBody for $pointer {
            fn error_code(&self) -> ErrorCode {
                (**self).error_code()
            }

            fn to_error_body(&self) -> ErrorBody {
                (**self).to_error_body()
            }

            #[allow(deprecated)]
            fn error_catalog() -> Vec<ErrorDescriptor> {
                T::error_catalog()
            }

            fn __catalog(out: &mut Vec<Listed>) {
                T::__catalog(out)
            }

            fn __decodes() -> bool {
                T::__decodes()
            }

            fn __type_name() -> &'static str {
                T::__type_name()
            }

            fn error_cause(&self) -> Option<ErrorCause<'_>> {
                (**self).error_cause()
            }
        }
    )*};
}

forward_to_pointee!(&T, Box<T>, Arc<T>, Rc<T>);

// `&dyn IntoErrorBody`, `Box<dyn IntoErrorBody + Send + Sync>`...: answer as the object does.
macro_rules! forward_to_object {
    ($($object:ty),*) => {$(
        forward_to_object!(@impl &$object, Box<$object>, Arc<$object>, Rc<$object>);
    )*};
    (@impl $($pointer:ty),*) => {$(
        impl IntoErrorBody for $pointer {
            fn error_code(&self) -> ErrorCode {
                (**self).error_code()
            }

            fn to_error_body(&self) -> ErrorBody {
                (**self).to_error_body()
            }

            fn error_cause(&self) -> Option<ErrorCause<'_>> {
                (**self).error_cause()
            }
        }
    )*};
}

forward_to_object!(
    dyn IntoErrorBody + '_,
    dyn IntoErrorBody + Send + '_,
    dyn IntoErrorBody + Sync + '_,
    dyn IntoErrorBody + Send + Sync + '_
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_passes_through() {
        let body = ErrorBody::new(ErrorCode::NOT_FOUND, "Task not found");
        assert_eq!(body.error_code(), ErrorCode::NOT_FOUND);
        assert_eq!(body.to_error_body(), body);
        fn via_ref<E: IntoErrorBody>(e: E) -> ErrorBody {
            e.to_error_body()
        }
        assert_eq!(via_ref(&body), body);
        let boxed: Box<dyn Fn() -> ErrorBody> = Box::new(|| body.clone());
        assert_eq!(boxed().into_error_body(), body);
        assert_eq!(
            ErrorCode::BAD_GATEWAY.into_error_body().message(),
            "Upstream provider error"
        );
        let mut listed = Vec::new();
        ErrorBody::__catalog(&mut listed);
        assert_eq!(listed, [Listed::Descriptors(Vec::new())]);
    }

    #[test]
    fn object_safe() {
        let errors: Vec<Box<dyn IntoErrorBody>> = vec![
            Box::new(ErrorCode::NOT_FOUND),
            Box::new(ErrorBody::from_code(ErrorCode::BAD_REQUEST)),
        ];
        let codes: Vec<u16> = errors.iter().map(|e| e.error_code().as_u16()).collect();
        assert_eq!(codes, [404, 400]);
    }
}
