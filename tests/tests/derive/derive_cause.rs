//! `IntoErrorBody::error_cause` as the derive writes it: the type and variant of each case,
//! the error behind it (which field, and only when that field is an error), `log_cause`, and
//! `transparent` delegation. The service's types are `support/causes.rs`; what is logged from
//! them is in `cause_log.rs`.

use std::fmt;
use std::sync::Arc;

use sunor_errors::{ErrorBody, ErrorCause, ErrorCode, IntoErrorBody};

use crate::support::causes::{ApiError, Forbidden, PoolExhausted, Quiet, TaskError};

fn pool() -> PoolExhausted {
    PoolExhausted {
        source: std::io::Error::other("connect to 10.0.0.7:5432 refused"),
    }
}

fn source_text(cause: &ErrorCause<'_>) -> Option<String> {
    cause.source.map(ToString::to_string)
}

/// (variant, source's Display, logged) of a `TaskError`.
fn described(error: &TaskError) -> (Option<&'static str>, Option<String>, bool) {
    let cause = error
        .error_cause()
        .expect("every derived case describes itself");
    assert_eq!(cause.type_name, "TaskError");
    (cause.variant, source_text(&cause), cause.logged)
}

#[test]
fn each_case_names_itself_and_its_source() {
    let cases = [
        (
            TaskError::NotFound("t-1".into()),
            (Some("NotFound"), None, true),
        ),
        (
            TaskError::RateLimited(std::io::Error::other("bucket empty")),
            (Some("RateLimited"), Some("bucket empty".into()), true),
        ),
        (
            TaskError::Store(pool()),
            (
                Some("Store"),
                Some("connection pool exhausted".into()),
                true,
            ),
        ),
        (
            TaskError::Storage {
                path: "/srv/db".into(),
                io: std::io::Error::other("disk full"),
            },
            (Some("Storage"), Some("disk full".into()), true),
        ),
        (
            TaskError::Disk(std::io::Error::other("no space")),
            (Some("Disk"), Some("no space".into()), true),
        ),
        (
            TaskError::Upstream {
                provider: "acme".into(),
                source: anyhow::anyhow!("reset by 10.0.0.9").context("acme call failed"),
            },
            (Some("Upstream"), Some("acme call failed".into()), true),
        ),
        (
            TaskError::Boxed("boxed cause".into()),
            (Some("Boxed"), Some("boxed cause".into()), true),
        ),
        (
            TaskError::Shared(Arc::new(std::io::Error::other("shared cause"))),
            (Some("Shared"), Some("shared cause".into()), true),
        ),
        (
            TaskError::Optional {
                source: Some(std::io::Error::other("maybe")),
            },
            (Some("Optional"), Some("maybe".into()), true),
        ),
        (
            TaskError::Optional { source: None },
            (Some("Optional"), None, true),
        ),
        // Not an error: no source, whatever it holds.
        (
            TaskError::Text("secret text".into()),
            (Some("Text"), None, true),
        ),
        // Two fields, none marked: no guess.
        (
            TaskError::TwoFields(std::io::Error::other("x"), 1),
            (Some("TwoFields"), None, true),
        ),
        (TaskError::Overloaded, (Some("Overloaded"), None, true)),
        (
            TaskError::Maintenance(std::io::Error::other("planned")),
            (Some("Maintenance"), Some("planned".into()), false),
        ),
    ];
    for (error, expected) in cases {
        assert_eq!(described(&error), expected, "{error:?}");
    }
}

// The whole chain is reachable from the source, and the body carries none of it.
#[test]
fn the_chain_goes_on_from_the_source_and_the_body_shows_none() {
    let error = TaskError::Store(pool());
    let cause = error.error_cause().unwrap();
    let source = cause.source.unwrap();
    assert!(source.is::<PoolExhausted>());
    assert_eq!(
        source.source().unwrap().to_string(),
        "connect to 10.0.0.7:5432 refused"
    );
    assert_eq!(
        error.to_error_body().to_json_vec(),
        br#"{"code":500,"message":"Internal server error"}"#
    );
}

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 500, log_cause = false)]
struct Silent(std::io::Error);

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 500)]
struct Named {
    source: std::io::Error,
}

#[test]
fn log_cause_on_the_type_and_on_a_variant() {
    let draining = Quiet::Draining.error_cause().unwrap();
    assert_eq!(
        (draining.variant, draining.logged),
        (Some("Draining"), false)
    );
    let loud = Quiet::Loud(std::io::Error::other("x"));
    let loud = loud.error_cause().unwrap();
    assert_eq!((loud.variant, loud.logged), (Some("Loud"), true));

    let silent = Silent(std::io::Error::other("quiet"));
    let silent = silent.error_cause().unwrap();
    assert_eq!(
        (
            silent.type_name,
            silent.variant,
            source_text(&silent),
            silent.logged
        ),
        ("Silent", None, Some("quiet".into()), false)
    );
    let named = Named {
        source: std::io::Error::other("named"),
    };
    let named = named.error_cause().unwrap();
    assert_eq!(
        (named.type_name, source_text(&named)),
        ("Named", Some("named".into()))
    );
    let forbidden = Forbidden.error_cause().unwrap();
    assert_eq!(
        (forbidden.type_name, forbidden.variant),
        ("Forbidden", None)
    );
    assert!(forbidden.source.is_none());
}

#[test]
fn transparent_cases_are_their_inner_error() {
    let task = ApiError::Task(TaskError::Store(pool()));
    let task = task.error_cause().unwrap();
    assert_eq!(
        (task.type_name, task.variant, task.logged),
        ("TaskError", Some("Store"), true)
    );
    assert_eq!(source_text(&task).unwrap(), "connection pool exhausted");

    let quiet = ApiError::QuietTask(TaskError::Overloaded)
        .error_cause()
        .unwrap();
    assert_eq!((quiet.variant, quiet.logged), (Some("Overloaded"), false));

    // An `ErrorBody` is all on the wire: nothing more to say.
    let passthrough = ApiError::Passthrough {
        upstream: ErrorBody::from_code(ErrorCode::BAD_GATEWAY),
    };
    assert!(passthrough.error_cause().is_none());
    assert!(ErrorCode::BAD_GATEWAY.error_cause().is_none());

    // `Box<T>` and `&T` forward it.
    let boxed = ApiError::Boxed(Box::new(TaskError::Overloaded));
    assert_eq!(boxed.error_cause().unwrap().variant, Some("Overloaded"));
    static FORBIDDEN: Forbidden = Forbidden;
    let by_ref = ApiError::Ref(&FORBIDDEN);
    let by_ref = by_ref.error_cause().unwrap();
    assert_eq!(by_ref.type_name, "Forbidden");
    let dynamic: Box<dyn IntoErrorBody> = Box::new(TaskError::Overloaded);
    assert_eq!(dynamic.error_cause().unwrap().variant, Some("Overloaded"));
}

/// Generic fields: a marked one is bounded `Error + 'static` (as thiserror bounds it) and is
/// the source; an unmarked one is not looked at (the derive cannot know it lives long
/// enough), and its type needs no bound at all.
#[derive(Debug, thiserror::Error, IntoErrorBody)]
enum Generic<E, T> {
    #[error("marked")]
    #[error_body(code = 500)]
    Marked(#[source] E),
    #[error("unmarked")]
    #[error_body(code = 500)]
    Unmarked(T),
}

/// A lifetime other than `'static`: not looked at either.
#[derive(Debug, IntoErrorBody)]
enum Borrowed<'a> {
    #[error_body(code = 500)]
    Io(&'a std::io::Error),
    #[error_body(code = 500)]
    Static(&'static std::io::Error),
}

/// Not an error, not `Debug`: fine in an unmarked generic field.
struct Opaque;

#[test]
fn generic_and_borrowed_fields() {
    let marked: Generic<std::io::Error, Opaque> = Generic::Marked(std::io::Error::other("marked"));
    assert_eq!(
        source_text(&marked.error_cause().unwrap()).as_deref(),
        Some("marked")
    );
    let unmarked: Generic<std::io::Error, std::io::Error> =
        Generic::Unmarked(std::io::Error::other("unmarked"));
    assert!(unmarked.error_cause().unwrap().source.is_none());
    let opaque: Generic<std::io::Error, Opaque> = Generic::Unmarked(Opaque);
    assert_eq!(opaque.error_cause().unwrap().variant, Some("Unmarked"));

    let io = std::io::Error::other("borrowed");
    let borrowed = Borrowed::Io(&io);
    assert!(borrowed.error_cause().unwrap().source.is_none());
    if let Borrowed::Io(io) = borrowed {
        assert_eq!(io.to_string(), "borrowed");
    }
    static STATIC: std::sync::LazyLock<std::io::Error> =
        std::sync::LazyLock::new(|| std::io::Error::other("static"));
    let borrowed = Borrowed::Static(&STATIC);
    let cause = borrowed.error_cause().unwrap();
    assert_eq!(source_text(&cause).as_deref(), Some("static"));
}

/// A hand-written impl says nothing unless it overrides `error_cause`.
struct Manual;

impl IntoErrorBody for Manual {
    fn error_code(&self) -> ErrorCode {
        ErrorCode::INTERNAL_SERVER_ERROR
    }
    fn to_error_body(&self) -> ErrorBody {
        ErrorBody::from_code(self.error_code())
    }
}

impl fmt::Debug for Manual {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Manual")
    }
}

#[test]
fn hand_written_impls_say_nothing_by_default() {
    assert!(Manual.error_cause().is_none());
    assert!(
        ErrorBody::from_code(ErrorCode::BAD_GATEWAY)
            .error_cause()
            .is_none()
    );
}
