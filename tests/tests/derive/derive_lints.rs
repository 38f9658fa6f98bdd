//! Every feature of the derive at once, in a crate that denies every lint the generated code
//! could trip: `cargo clippy --all-targets -- -D warnings` (CI) fails if one fires.
#![deny(warnings, clippy::pedantic, unused_qualifications, rust_2018_idioms)]
#![deny(unused_results, trivial_casts, trivial_numeric_casts, unreachable_pub)]

use std::fmt::{self, Debug, Display};
use std::time::Duration;

use sunor_errors::catalog::Catalog;
use sunor_errors::{ErrorBody, ErrorCode, FromErrorBody, IntoErrorBody};

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 503)]
enum Upstream {
    #[error_body(message = "Provider {0} is down", retry_after = 30)]
    Down(&'static str),
    #[error_body(code = 504, message = "Provider timed out after {secs:>5} s")]
    Timeout {
        secs: u32,
    },
    Unknown,
    #[error_body(message = "Busy")]
    Busy {
        #[error_body(retry_after)]
        delay: Option<Duration>,
    },
}

#[derive(Debug, IntoErrorBody)]
enum Everything<T, E>
where
    E: Debug,
{
    #[error_body(code = 400, message = "Bad {{input}}: {value} ({detail:?})")]
    Bad { value: T, detail: E },
    #[error_body(code = 404, message = "No {0:#x}")]
    Missing(u32),
    #[error_body(code = 429, message = "Slow down")]
    Limited(#[error_body(retry_after)] u64),
    #[error_body(code = 500)]
    Internal(std::io::Error),
    #[error_body(code = 500)]
    AlsoInternal(String),
    #[error_body(code = 501, message = "Not implemented")]
    Nope,
    #[error_body(transparent)]
    Upstream(Upstream),
    #[error_body(transparent)]
    Body { inner: ErrorBody },
}

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 422, message = "Invalid {field}")]
struct Invalid<'a> {
    field: &'a str,
}

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 403, message = "Forbidden")]
struct Forbidden;

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 408)]
struct Slow(#[error_body(retry_after)] Duration);

#[derive(Debug, IntoErrorBody)]
#[error_body(transparent)]
struct Wrapper<E: IntoErrorBody>(E);

#[derive(Debug, IntoErrorBody)]
enum Never {}

// Deprecated variants, fields and types: the generated impls read them on the user's
// behalf and raise no `deprecated` warning (only the user's own uses do).
#[derive(Debug, IntoErrorBody)]
#[error_body(axum)]
enum Legacy {
    #[deprecated = "answer with `Legacy::Limited`"]
    #[error_body(code = 410, message = "Task {0} is gone")]
    Gone(u32),
    #[error_body(code = 429, message = "Slow down, {who}")]
    Limited {
        #[deprecated = "read the Retry-After header"]
        #[error_body(retry_after)]
        seconds: u64,
        #[deprecated]
        who: &'static str,
    },
    #[deprecated]
    #[error_body(transparent)]
    Old(Upstream),
}

#[deprecated = "answer with `Legacy`"]
#[derive(Debug, IntoErrorBody)]
#[error_body(code = 404, axum)]
struct OldNotFound;

struct Shown;

impl Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("shown")
    }
}

#[test]
#[allow(deprecated)] // the test's own uses; the derive's are allowed by the derive
fn deprecated_items_raise_no_warning_in_the_derive() {
    assert_eq!(
        Legacy::Gone(7).to_error_body().to_json_vec(),
        br#"{"code":410,"message":"Task 7 is gone"}"#
    );
    let limited = Legacy::Limited {
        seconds: 30,
        who: "bot",
    };
    assert_eq!(
        limited.to_error_body().to_json_vec(),
        br#"{"code":429,"message":"Slow down, bot","retry_after_seconds":30}"#
    );
    let old = Legacy::Old(Upstream::Unknown);
    assert_eq!(old.error_code(), ErrorCode::SERVICE_UNAVAILABLE);
    assert_eq!(OldNotFound.to_error_body().message(), "Not found");
    let response = axum::response::IntoResponse::into_response(OldNotFound);
    assert_eq!(response.status(), 404);
    assert_eq!(Catalog::of::<Legacy>().cases.len(), 2 + 4);
}

#[test]
fn all_features_in_a_strict_crate() {
    let bad: Everything<Shown, i32> = Everything::Bad {
        value: Shown,
        detail: -1,
    };
    assert_eq!(bad.to_error_body().message(), "Bad {input}: shown (-1)");
    let missing: Everything<Shown, i32> = Everything::Missing(255);
    assert_eq!(missing.to_error_body().message(), "No 0xff");
    let limited: Everything<Shown, i32> = Everything::Limited(7);
    assert_eq!(limited.to_error_body().retry_after_seconds(), Some(7));
    let internal: Everything<Shown, i32> = Everything::Internal(std::io::Error::other("x"));
    assert_eq!(internal.error_code(), ErrorCode::INTERNAL_SERVER_ERROR);
    let also: Everything<Shown, i32> = Everything::AlsoInternal("secret".into());
    assert_eq!(also.to_error_body().message(), "Internal server error");
    // (the sources are for logs, not for the body)
    if let (Everything::Internal(io), Everything::AlsoInternal(text)) = (&internal, &also) {
        assert_eq!((io.to_string(), text.as_str()), ("x".to_owned(), "secret"));
    }
    let nope: Everything<Shown, i32> = Everything::Nope;
    assert_eq!(nope.error_code(), ErrorCode::NOT_IMPLEMENTED);
    let up: Everything<Shown, i32> = Everything::Upstream(Upstream::Down("acme"));
    assert_eq!(
        up.to_error_body().to_json_vec(),
        br#"{"code":503,"message":"Provider acme is down","retry_after_seconds":30}"#
    );
    let body: Everything<Shown, i32> = Everything::Body {
        inner: ErrorBody::from_code(ErrorCode::CONFLICT),
    };
    assert_eq!(body.error_code(), ErrorCode::CONFLICT);
    assert_eq!(
        Upstream::Timeout { secs: 9 }.to_error_body().message(),
        "Provider timed out after     9 s"
    );
    assert_eq!(
        Upstream::Busy { delay: None }
            .to_error_body()
            .retry_after_seconds(),
        None
    );
    assert_eq!(
        Upstream::Unknown.error_code(),
        ErrorCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        Invalid { field: "model" }.to_error_body().message(),
        "Invalid model"
    );
    assert_eq!(
        Slow(Duration::from_millis(1500))
            .to_error_body()
            .retry_after_seconds(),
        Some(2)
    );
    assert_eq!(Forbidden.into_error_body().message(), "Forbidden");
    assert_eq!(Wrapper(Forbidden).error_code(), ErrorCode::FORBIDDEN);
    assert_eq!(Catalog::of::<Everything<Shown, i32>>().cases.len(), 6 + 4);
    assert!(Catalog::of::<Never>().cases.is_empty());
}

// Hidden causes: each way a source field is found (thiserror's `#[source]` and `#[from]`, a
// field named `source`, an optional one, the only field of a tuple case, a generic marked
// one), fields that are not looked at (generic, borrowed, not errors), and `log_cause` on
// the type, a variant and a transparent case, with the axum hook that logs them.
#[derive(Debug, thiserror::Error, IntoErrorBody)]
#[error_body(axum, log_cause = true)]
enum Caused<'a, E, T> {
    #[error("store")]
    #[error_body(code = 500)]
    Store(#[source] std::io::Error),
    #[error("from")]
    #[error_body(code = 500)]
    From(#[from] fmt::Error),
    #[error("named")]
    #[error_body(code = 502)]
    Named {
        provider: &'static str,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("optional")]
    #[error_body(code = 503, log_cause = false)]
    Optional {
        #[source]
        cause: Option<std::io::Error>,
    },
    #[error("generic")]
    #[error_body(code = 500)]
    Generic(#[source] E),
    #[error("unmarked")]
    #[error_body(code = 500)]
    Unmarked(T),
    #[error("borrowed")]
    #[error_body(code = 500)]
    Borrowed(&'a str),
    #[error("inner")]
    #[error_body(transparent, log_cause = false)]
    Inner(Upstream),
}

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 500, log_cause = false)]
struct QuietStruct {
    source: std::io::Error,
}

#[test]
fn causes_in_a_strict_crate() {
    type C = Caused<'static, std::io::Error, Shown>;
    let store: C = Caused::Store(std::io::Error::other("disk"));
    let cause = store.error_cause().unwrap();
    assert_eq!(
        cause.source.map(ToString::to_string).as_deref(),
        Some("disk")
    );
    let from: C = Caused::From(fmt::Error);
    assert!(from.error_cause().unwrap().source.is_some());
    let named: C = Caused::Named {
        provider: "acme",
        source: "reset".into(),
    };
    assert!(named.error_cause().unwrap().source.is_some());
    let optional: C = Caused::Optional { cause: None };
    let cause = optional.error_cause().unwrap();
    assert_eq!((cause.source.is_none(), cause.logged), (true, false));
    let generic: C = Caused::Generic(std::io::Error::other("generic"));
    assert!(generic.error_cause().unwrap().source.is_some());
    let unmarked: C = Caused::Unmarked(Shown);
    assert!(unmarked.error_cause().unwrap().source.is_none());
    let borrowed: C = Caused::Borrowed("text");
    assert_eq!(borrowed.error_cause().unwrap().variant, Some("Borrowed"));
    let inner: C = Caused::Inner(Upstream::Unknown);
    let cause = inner.error_cause().unwrap();
    assert_eq!((cause.type_name, cause.logged), ("Upstream", false));
    let response = axum::response::IntoResponse::into_response(store);
    assert_eq!(response.status(), 500);
    let quiet = QuietStruct {
        source: std::io::Error::other("quiet"),
    };
    assert!(!quiet.error_cause().unwrap().logged);
}

// Every feature of the decode derive: codes matched, templates cut, adjacent placeholders
// split (static tables), padding, radix, Debug literals, delays, defaults, skip_decode,
// transparent cases, generics and deprecated items.
#[derive(Debug, IntoErrorBody, FromErrorBody)]
enum Decoded<T> {
    #[error_body(code = 400, message = "Missing {0:?}", skip_decode)]
    Skipped(String),
    #[error_body(code = 400, message = "Bad {value} ({flag}{rest})")]
    Bad { value: T, flag: bool, rest: String },
    #[error_body(code = 404, message = "No {0:#x} [{1:>4}] {2:?} {3:^3}")]
    Missing(u32, i16, char, char),
    #[error_body(code = 429, message = "Slow down")]
    Limited(#[error_body(retry_after)] u64),
    #[error_body(code = 503)]
    Busy {
        #[error_body(retry_after)]
        delay: Option<Duration>,
        #[error_body(default)]
        note: Vec<u8>,
    },
    #[error_body(code = 500)]
    Internal(#[error_body(default = "cause")] std::io::Error),
    #[deprecated]
    #[error_body(code = 410, message = "Gone {id}")]
    Gone {
        #[deprecated]
        id: u8,
    },
    #[error_body(transparent)]
    Body { inner: ErrorBody },
}

// By `Debug`: `Internal` holds an `io::Error`.
impl<T: Debug> PartialEq for Decoded<T> {
    fn eq(&self, other: &Self) -> bool {
        format!("{self:?}") == format!("{other:?}")
    }
}

fn cause() -> std::io::Error {
    std::io::Error::other("not sent")
}

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
#[error_body(code = 422, message = "{0}")]
struct OneCode(u8);

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
#[error_body(transparent)]
struct Decodes<E>(E);

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
enum DecodesNothing {}

#[test]
#[allow(deprecated)]
fn decoding_in_a_strict_crate() {
    let values: [Decoded<u16>; 6] = [
        Decoded::Bad {
            value: 7,
            flag: true,
            rest: "x)".into(),
        },
        Decoded::Missing(255, -3, '\'', 'c'),
        Decoded::Limited(9),
        Decoded::Busy {
            delay: Some(Duration::from_secs(2)),
            note: Vec::new(),
        },
        Decoded::Gone { id: 3 },
        Decoded::Body {
            inner: ErrorBody::from_code(ErrorCode::CONFLICT),
        },
    ];
    for value in values {
        assert_eq!(value.to_error_body().decode(), Some(value));
    }
    let skipped: Decoded<u16> = Decoded::Skipped("m".into());
    // Never produced: the transparent catch-all takes its body.
    let sent = skipped.to_error_body();
    assert_eq!(
        sent.decode(),
        Some(Decoded::<u16>::Body {
            inner: sent.clone()
        })
    );
    let busy = ErrorBody::from_code(ErrorCode::SERVICE_UNAVAILABLE).decode::<Decoded<u16>>();
    assert!(matches!(busy, Some(Decoded::Busy { delay: None, note }) if note.is_empty()));
    let internal = ErrorBody::from_code(ErrorCode::INTERNAL_SERVER_ERROR).decode::<Decoded<u16>>();
    assert!(matches!(internal, Some(Decoded::Internal(e)) if e.to_string() == "not sent"));
    assert_eq!(OneCode(5).to_error_body().decode(), Some(OneCode(5)));
    assert_eq!(
        OneCode(5).to_error_body().decode(),
        Some(Decodes(OneCode(5)))
    );
    assert_eq!(OneCode(5).to_error_body().decode::<DecodesNothing>(), None);
}
