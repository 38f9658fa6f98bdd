//! [`ErrorCause`]: what an error's body never shows, kept for the server's logs; and how the
//! derive finds the error behind a field.

use std::error::Error;

/// What an error's body never shows: which error it was and the error behind it, for the
/// server's own logs. [`IntoErrorBody::error_cause`](crate::IntoErrorBody::error_cause)
/// gives it (the derive writes it for every case); with the `tracing` feature, answering a
/// 5xx through a framework integration logs it.
///
/// ```
/// use sunor_errors::{ErrorBody, ErrorCause, ErrorCode, IntoErrorBody};
///
/// struct StoreFailed(std::io::Error);
///
/// impl IntoErrorBody for StoreFailed {
///     fn error_code(&self) -> ErrorCode {
///         ErrorCode::INTERNAL_SERVER_ERROR
///     }
///     fn to_error_body(&self) -> ErrorBody {
///         ErrorBody::from_code(self.error_code())
///     }
///     fn error_cause(&self) -> Option<ErrorCause<'_>> {
///         Some(ErrorCause::new("StoreFailed", None, Some(&self.0)))
///     }
/// }
///
/// let error = StoreFailed(std::io::Error::other("disk full"));
/// let cause = error.error_cause().unwrap();
/// assert_eq!(cause.source.unwrap().to_string(), "disk full");
/// assert!(cause.logged);
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct ErrorCause<'a> {
    /// The Rust type (`"TaskError"`), as the [catalogue](crate::catalog) names it.
    pub type_name: &'static str,
    /// The enum variant (`Some("Store")`), `None` for a struct.
    pub variant: Option<&'static str>,
    /// The error behind it, whose [`source`](Error::source) chain goes on from there; `None`
    /// when there is none.
    pub source: Option<&'a (dyn Error + 'static)>,
    /// Whether answering it with a 5xx logs it (feature `tracing`): `false` where the type
    /// says `#[error_body(log_cause = false)]`.
    pub logged: bool,
}

impl<'a> ErrorCause<'a> {
    /// The cause of a `type_name` (`variant`) error, with `source` behind it; logged.
    pub const fn new(
        type_name: &'static str,
        variant: Option<&'static str>,
        source: Option<&'a (dyn Error + 'static)>,
    ) -> ErrorCause<'a> {
        ErrorCause {
            type_name,
            variant,
            source,
            logged: true,
        }
    }

    /// The same cause, [`logged`](ErrorCause::logged) or not.
    ///
    /// ```
    /// let cause = sunor_errors::ErrorCause::new("Overloaded", None, None).with_logged(false);
    /// assert!(!cause.logged);
    /// ```
    #[must_use]
    pub const fn with_logged(mut self, logged: bool) -> ErrorCause<'a> {
        self.logged = logged;
        self
    }
}

/// The derive's way to the error behind a field without knowing the field's type: method
/// resolution on `&&&Probe(field)` takes the first that applies (autoref specialization, as
/// thiserror and anyhow use it, no `unsafe`):
///
/// 1. the field is an error (`io::Error`, a thiserror enum, `Box<E>`, `Arc<E>`);
/// 2. it dereferences to one (`Box<dyn Error + Send + Sync>`, `anyhow::Error`);
/// 3. anything else: no cause.
///
/// The derive only probes fields whose type names no generic parameter and no lifetime but
/// `'static` (or bounds the parameter itself): under a bound `E: Error` without `'static`,
/// the first rule would be picked and then fail to borrow-check.
pub mod probe {
    use std::error::Error;
    use std::ops::Deref;

    /// A field being looked at.
    #[derive(Debug)]
    pub struct Probe<'a, T: ?Sized>(pub &'a T);

    /// Rule 1: the field is an error.
    pub trait ViaError<'a> {
        /// The field, as an error.
        fn error_source(&self) -> Option<&'a (dyn Error + 'static)>;
    }

    impl<'a, T: Error + 'static> ViaError<'a> for &&Probe<'a, T> {
        #[inline]
        fn error_source(&self) -> Option<&'a (dyn Error + 'static)> {
            Some(self.0)
        }
    }

    /// Rule 2: the field dereferences to an error.
    pub trait ViaDeref<'a> {
        /// What the field dereferences to, as an error.
        fn error_source(&self) -> Option<&'a (dyn Error + 'static)>;
    }

    impl<'a, T: Deref> ViaDeref<'a> for &Probe<'a, T>
    where
        T::Target: AsDynError,
    {
        #[inline]
        fn error_source(&self) -> Option<&'a (dyn Error + 'static)> {
            Some(self.0.deref().as_dyn_error())
        }
    }

    /// Rule 3: no cause.
    pub trait ViaNothing<'a> {
        /// `None`.
        fn error_source(&self) -> Option<&'a (dyn Error + 'static)>;
    }

    impl<'a, T: ?Sized> ViaNothing<'a> for Probe<'a, T> {
        #[inline]
        fn error_source(&self) -> Option<&'a (dyn Error + 'static)> {
            None
        }
    }

    /// An error, sized or a trait object, as `&dyn Error`.
    pub trait AsDynError {
        /// `self` as `&dyn Error`.
        fn as_dyn_error(&self) -> &(dyn Error + 'static);
    }

    impl<T: Error + 'static> AsDynError for T {
        fn as_dyn_error(&self) -> &(dyn Error + 'static) {
            self
        }
    }

    impl AsDynError for dyn Error + 'static {
        fn as_dyn_error(&self) -> &(dyn Error + 'static) {
            self
        }
    }

    impl AsDynError for dyn Error + Send + 'static {
        fn as_dyn_error(&self) -> &(dyn Error + 'static) {
            self
        }
    }

    impl AsDynError for dyn Error + Send + Sync + 'static {
        fn as_dyn_error(&self) -> &(dyn Error + 'static) {
            self
        }
    }
}

/// `probe!(field)`: the error behind `field` (a reference), as [`probe`] describes.
#[doc(hidden)]
#[macro_export]
macro_rules! __probe_source {
    ($field:expr) => {{
        #[allow(unused_imports)]
        use $crate::__private::probe::{ViaDeref as _, ViaError as _, ViaNothing as _};
        (&&&$crate::__private::probe::Probe($field)).error_source()
    }};
}

#[cfg(test)]
mod tests {
    use std::error::Error;
    use std::sync::Arc;

    fn shown(source: Option<&(dyn Error + 'static)>) -> Option<String> {
        source.map(ToString::to_string)
    }

    #[test]
    fn errors_and_what_dereferences_to_one_are_causes() {
        let io = std::io::Error::other("io");
        assert_eq!(shown(crate::__probe_source!(&io)), Some("io".into()));
        let boxed: Box<dyn Error + Send + Sync> = "boxed".into();
        assert_eq!(shown(crate::__probe_source!(&boxed)), Some("boxed".into()));
        let local: Box<dyn Error> = "local".into();
        assert_eq!(shown(crate::__probe_source!(&local)), Some("local".into()));
        let arc = Arc::new(std::io::Error::other("arc"));
        assert_eq!(shown(crate::__probe_source!(&arc)), Some("arc".into()));
        let text = String::from("not an error");
        assert_eq!(shown(crate::__probe_source!(&text)), None);
        let boxed_text = Box::new(String::from("nor this"));
        assert_eq!(shown(crate::__probe_source!(&boxed_text)), None);
        assert_eq!(shown(crate::__probe_source!(&42_u64)), None);
    }

    // In a generic function without an `Error` bound the field is never an error.
    #[test]
    fn unbounded_generics_have_no_cause() {
        fn probe<T>(value: &T) -> bool {
            crate::__probe_source!(value).is_some()
        }
        fn bounded<T: Error + 'static>(value: &T) -> bool {
            crate::__probe_source!(value).is_some()
        }
        let io = std::io::Error::other("io");
        assert!(!probe(&io));
        assert!(bounded(&io));
    }
}
