//! The one `tracing` event a server error leaves in the logs when it is answered (feature
//! `tracing`; without it the functions here do nothing and tracing is not a dependency).
//!
//! Target `sunor_errors::cause`, level `ERROR`, OpenTelemetry's names where they exist:
//!
//! - `http.response.status_code`: the code answered (always a 5xx);
//! - `error.type`: `Type::Variant` of a derived error (`Type` for a struct), or the status
//!   code as text where there is no type (the tower layer, as OpenTelemetry asks);
//! - `error.cause_chain`: the error behind it and each of its
//!   [`source`](std::error::Error::source)s, their `Display`s joined by `": "`; absent when
//!   there is none.
//!
//! The body sent carries none of it.

#[cfg(all(feature = "tracing", feature = "tower"))]
use crate::log_safe::Escaped;
use crate::{ErrorCode, IntoErrorBody};

/// Logs `error`'s cause if `code`, the code it is answered with, is a 5xx and its
/// [`ErrorCause`](crate::ErrorCause) is `logged`. 4xx answers are the client's own doing: no
/// event.
#[inline]
pub(crate) fn log_cause<E: IntoErrorBody + ?Sized>(error: &E, code: ErrorCode) {
    #[cfg(feature = "tracing")]
    if code.is_server_error()
        && let Some(cause) = error.error_cause()
        && cause.logged
    {
        let chain = cause.source.map(Chain);
        emit(
            code,
            &TypePath(cause.type_name, cause.variant),
            chain.as_ref().map(|chain| chain as &dyn std::fmt::Display),
        );
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (error, code);
}

/// Logs the tower layer's rewrite of an inner service's 5xx: what it replaced (the status
/// and the content type; the replaced body is never read).
#[cfg(feature = "tower")]
#[inline]
pub(crate) fn log_replaced(code: ErrorCode, content_type: Option<&http::HeaderValue>) {
    #[cfg(feature = "tracing")]
    if code.is_server_error() {
        emit(
            code,
            &code.as_u16(),
            Some(&Replaced(code, content_type) as &dyn std::fmt::Display),
        );
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (code, content_type);
}

// The one event: every path above ends here.
#[cfg(feature = "tracing")]
fn emit(
    code: ErrorCode,
    error_type: &dyn std::fmt::Display,
    chain: Option<&dyn std::fmt::Display>,
) {
    tracing::event!(
        target: "sunor_errors::cause",
        tracing::Level::ERROR,
        http.response.status_code = code.as_u16(),
        error.r#type = %error_type,
        error.cause_chain = chain.map(tracing::field::display),
        "server error answered; its cause is logged, not sent"
    );
}

/// `Type::Variant`, or `Type`.
#[cfg(feature = "tracing")]
struct TypePath(&'static str, Option<&'static str>);

#[cfg(feature = "tracing")]
impl std::fmt::Display for TypePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)?;
        match self.1 {
            Some(variant) => write!(f, "::{variant}"),
            None => Ok(()),
        }
    }
}

/// At most this many errors of a chain are written: a `source` chain is finite when each
/// error owns the next, but nothing forces an impl to.
#[cfg(feature = "tracing")]
const MAX_CHAIN: usize = 32;

/// An error and its sources, `Display`s joined by `": "`.
#[cfg(feature = "tracing")]
struct Chain<'a>(&'a (dyn std::error::Error + 'static));

#[cfg(feature = "tracing")]
impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut next = Some(self.0);
        let mut written = 0;
        while let Some(error) = next {
            if written > 0 {
                f.write_str(": ")?;
            }
            if written == MAX_CHAIN {
                return f.write_str("...");
            }
            write!(f, "{error}")?;
            written += 1;
            next = error.source();
        }
        Ok(())
    }
}

/// What the tower layer replaced. The content type is the inner service's (or a proxied
/// upstream's): network text, quoted with the crate's one escaping rule
/// ([`log_safe`](crate::log_safe)), at most [`MAX_CONTENT_TYPE`] bytes of it.
#[cfg(all(feature = "tracing", feature = "tower"))]
struct Replaced<'a>(ErrorCode, Option<&'a http::HeaderValue>);

#[cfg(all(feature = "tracing", feature = "tower"))]
const MAX_CONTENT_TYPE: usize = 128;

#[cfg(all(feature = "tracing", feature = "tower"))]
impl std::fmt::Display for Replaced<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the inner service's {} response", self.0.as_u16())?;
        match self.1 {
            None => f.write_str(" without Content-Type")?,
            Some(content_type) => write!(
                f,
                " with Content-Type {}",
                Escaped::quoted(content_type.as_bytes(), MAX_CONTENT_TYPE)
            )?,
        }
        f.write_str(", replaced by the error body")
    }
}

#[cfg(all(test, feature = "tracing"))]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Link(&'static str, Option<Box<Link>>);

    impl std::fmt::Display for Link {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Link {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|link| link as _)
        }
    }

    // An endless chain: each link's source is another (a promoted `'static`).
    #[derive(Debug)]
    struct Endless;

    impl std::fmt::Display for Endless {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("e")
        }
    }

    impl std::error::Error for Endless {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&Endless)
        }
    }

    #[test]
    fn chains_join_every_source() {
        let chain = Link(
            "a",
            Some(Box::new(Link("b", Some(Box::new(Link("c", None)))))),
        );
        assert_eq!(Chain(&chain).to_string(), "a: b: c");
        assert_eq!(Chain(&Link("alone", None)).to_string(), "alone");
        let mut expected = vec!["e"; MAX_CHAIN];
        expected.push("...");
        assert_eq!(Chain(&Endless).to_string(), expected.join(": "));
    }

    #[test]
    fn paths_name_type_and_variant() {
        assert_eq!(
            TypePath("TaskError", Some("Store")).to_string(),
            "TaskError::Store"
        );
        assert_eq!(TypePath("Forbidden", None).to_string(), "Forbidden");
    }

    #[cfg(feature = "tower")]
    #[test]
    fn replaced_bodies_are_described_escaped_and_bounded() {
        let code = ErrorCode::BAD_GATEWAY;
        let html = http::HeaderValue::from_static("text/html");
        assert_eq!(
            Replaced(code, Some(&html)).to_string(),
            "the inner service's 502 response with Content-Type \"text/html\", replaced by the error body"
        );
        assert_eq!(
            Replaced(code, None).to_string(),
            "the inner service's 502 response without Content-Type, replaced by the error body"
        );
        let odd = http::HeaderValue::from_bytes(b"a\"b\tc\xff").unwrap();
        assert_eq!(
            Replaced(code, Some(&odd)).to_string(),
            "the inner service's 502 response with Content-Type \"a\\\"b\\tc\u{fffd}\", replaced by the error body"
        );
        let long = http::HeaderValue::from_str(&"x".repeat(500)).unwrap();
        let shown = Replaced(code, Some(&long)).to_string();
        assert!(shown.contains(&format!(
            "\"{}\"… (372 more bytes), replaced",
            "x".repeat(MAX_CONTENT_TYPE)
        )));
    }
}
