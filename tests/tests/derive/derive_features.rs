//! The derive's features one by one: templates, structs, generics, transparent chains,
//! retry delays, the catalogue, and living next to thiserror.

use std::borrow::Cow;
use std::time::Duration;

use sunor_errors::catalog::{Catalog, RetryAfterHint};
use sunor_errors::{ErrorBody, ErrorCode, IntoErrorBody};

fn wire(error: &impl IntoErrorBody) -> String {
    String::from_utf8(error.to_error_body().to_json_vec()).unwrap()
}

#[derive(Debug, IntoErrorBody)]
enum Templates {
    #[error_body(code = 400, message = "Use {{braces}} around {name}")]
    Escapes { name: &'static str },
    #[error_body(code = 400, message = "Got {value:?}")]
    Debugged { value: Option<&'static str> },
    #[error_body(code = 400, message = "[{n:>5}] [{n:<3}] [{n:05}]")]
    Padded { n: u32 },
    #[error_body(code = 400, message = "{0} then {1}, {0} again")]
    Positional(&'static str, u8),
    #[error_body(code = 400, message = "Only {{literal}} braces")]
    Literal,
    #[error_body(code = 400, message = "quote \" and \\ and\nnewline: {0}")]
    Escaped(char),
}

#[test]
fn templates() {
    assert_eq!(
        Templates::Escapes { name: "id" }.to_error_body().message(),
        "Use {braces} around id"
    );
    assert_eq!(
        Templates::Debugged { value: Some("x") }
            .to_error_body()
            .message(),
        r#"Got Some("x")"#
    );
    assert_eq!(
        Templates::Padded { n: 42 }.to_error_body().message(),
        "[   42] [42 ] [00042]"
    );
    assert_eq!(
        Templates::Positional("a", 7).to_error_body().message(),
        "a then 7, a again"
    );
    assert_eq!(
        Templates::Literal.into_error_body().into_message(),
        Cow::<str>::Borrowed("Only {literal} braces")
    );
    assert!(matches!(
        Templates::Literal.into_error_body().into_message(),
        Cow::Borrowed(_)
    ));
    assert!(matches!(
        Templates::Positional("a", 7)
            .into_error_body()
            .into_message(),
        Cow::Owned(_)
    ));
    assert_eq!(
        wire(&Templates::Escaped('é')),
        r#"{"code":400,"message":"quote \" and \\ and\nnewline: é"}"#
    );
}

/// A `Display` impl that writes part of its text, then fails (a bug in it).
struct Failing;

impl std::fmt::Display for Failing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("partial")?;
        Err(std::fmt::Error)
    }
}

#[derive(IntoErrorBody)]
enum Formatted<T> {
    #[error_body(code = 400, message = "{0}")]
    Only(T),
    #[error_body(code = 400, message = "a {0} b")]
    Between(T),
    #[error_body(code = 400, message = "{0}{1}")]
    Tail(T, u8),
}

// Messages of every length come out whole, whatever the capacity reserved up front; a
// failing `Display` keeps what it wrote instead of panicking (`format!` would panic).
#[test]
fn templated_messages_of_any_length() {
    for len in [0, 1, 15, 16, 17, 255, 256, 257, 10_000] {
        let text = "é".repeat(len / 2) + &"x".repeat(len % 2);
        assert_eq!(text.len(), len);
        let only = Formatted::Only(text.as_str()).into_error_body();
        assert_eq!(only.message(), text);
        let tail = Formatted::Tail(text.as_str(), 7).into_error_body();
        assert_eq!(tail.message(), format!("{text}7"), "{len}");
        let between = Formatted::Between(text.as_str()).into_error_body();
        assert_eq!(between.message(), format!("a {text} b"), "{len}");
    }
    assert_eq!(
        Formatted::Between(Failing).to_error_body().message(),
        "a partial"
    );
    assert_eq!(
        Formatted::Only(Failing).to_error_body().message(),
        "partial"
    );
    // Formatting stops at the failure: what follows is not written.
    assert_eq!(
        Formatted::Tail(Failing, 1).to_error_body().message(),
        "partial"
    );
}

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 401, message = "Invalid API key")]
struct UnitStruct;

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 404, message = "Task {0} not found")]
struct TupleStruct(u64);

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 409, message = "Task {id} is {state}")]
struct NamedStruct {
    id: u64,
    state: &'static str,
    #[allow(dead_code)]
    internal_note: String,
}

#[test]
fn structs() {
    assert_eq!(
        wire(&UnitStruct),
        r#"{"code":401,"message":"Invalid API key"}"#
    );
    assert_eq!(
        wire(&TupleStruct(7)),
        r#"{"code":404,"message":"Task 7 not found"}"#
    );
    let named = NamedStruct {
        id: 3,
        state: "running",
        internal_note: "never shown".into(),
    };
    assert_eq!(
        wire(&named),
        r#"{"code":409,"message":"Task 3 is running"}"#
    );
    assert_eq!(named.error_code(), ErrorCode::CONFLICT);
}

// Not Display, not Debug: a field no template names needs no bound.
struct Opaque;

#[derive(IntoErrorBody)]
enum Generic<T, U, D> {
    #[error_body(code = 400, message = "Bad value {value}")]
    Shown {
        value: T,
        #[allow(dead_code)] // never in the body
        hidden: U,
    },
    #[error_body(code = 422, message = "Bad {0:?}")]
    Debugged(D),
    #[error_body(code = 500)]
    Hidden(U),
    #[error_body(code = 503, message = "Later")]
    Later(#[error_body(retry_after)] T),
}

#[derive(IntoErrorBody)]
#[error_body(transparent)]
struct Wrap<E>(E);

#[derive(Debug)]
struct DebugOnly(#[allow(dead_code)] u8);

#[test]
fn generics_get_bounds_only_where_used() {
    let shown: Generic<u32, Opaque, DebugOnly> = Generic::Shown {
        value: 5,
        hidden: Opaque,
    };
    assert_eq!(shown.to_error_body().message(), "Bad value 5");
    let debugged: Generic<u32, Opaque, DebugOnly> = Generic::Debugged(DebugOnly(1));
    assert_eq!(debugged.to_error_body().message(), "Bad DebugOnly(1)");
    let hidden: Generic<u32, Opaque, DebugOnly> = Generic::Hidden(Opaque);
    assert_eq!(hidden.to_error_body().message(), "Internal server error");
    let later: Generic<u32, Opaque, DebugOnly> = Generic::Later(9);
    assert_eq!(
        wire(&later),
        r#"{"code":503,"message":"Later","retry_after_seconds":9}"#
    );
    assert_eq!(
        wire(&Wrap(TupleStruct(1))),
        r#"{"code":404,"message":"Task 1 not found"}"#
    );
    assert_eq!(Wrap(ErrorCode::CONFLICT).error_code(), ErrorCode::CONFLICT);
    // borrowed data in a generic type
    #[derive(IntoErrorBody)]
    #[error_body(code = 400, message = "Unknown model {model}")]
    struct Borrowed<'a, M: ?Sized> {
        model: &'a M,
    }
    assert_eq!(
        Borrowed { model: "gpt" }.to_error_body().message(),
        "Unknown model gpt"
    );
}

#[derive(Debug, IntoErrorBody)]
enum Inner {
    #[error_body(code = 429, message = "Slow down", retry_after = 60)]
    Limited,
    #[error_body(code = 502)]
    Upstream(#[allow(dead_code)] String),
}

#[derive(Debug, IntoErrorBody)]
enum Middle {
    #[error_body(transparent)]
    Inner(Inner),
    #[error_body(code = 400, message = "Middle {why}")]
    Own { why: &'static str },
}

#[derive(Debug, IntoErrorBody)]
enum Outer {
    #[error_body(transparent)]
    Middle { middle: Middle },
    #[error_body(code = 404)]
    Missing,
}

#[test]
fn transparent_two_levels_deep() {
    let limited = Outer::Middle {
        middle: Middle::Inner(Inner::Limited),
    };
    assert_eq!(limited.error_code(), ErrorCode::TOO_MANY_REQUESTS);
    assert_eq!(
        wire(&limited),
        r#"{"code":429,"message":"Slow down","retry_after_seconds":60}"#
    );
    let upstream = Outer::Middle {
        middle: Middle::Inner(Inner::Upstream("10.0.0.7 reset".into())),
    };
    assert_eq!(
        wire(&upstream),
        r#"{"code":502,"message":"Upstream provider error"}"#
    );
    let own = Outer::Middle {
        middle: Middle::Own { why: "because" },
    };
    assert_eq!(wire(&own), r#"{"code":400,"message":"Middle because"}"#);
    assert_eq!(
        wire(&Outer::Missing),
        r#"{"code":404,"message":"Not found"}"#
    );
    assert_eq!(
        limited.into_error_body(),
        ErrorBody::new(ErrorCode::TOO_MANY_REQUESTS, "Slow down").with_retry_after_seconds(60)
    );

    let names: Vec<(String, Option<String>, u16)> = Catalog::of::<Outer>()
        .cases
        .into_iter()
        .map(|case| (case.type_name, case.variant, case.code.as_u16()))
        .collect();
    assert_eq!(
        names,
        [
            ("Inner", "Limited", 429),
            ("Inner", "Upstream", 502),
            ("Middle", "Own", 400),
            ("Outer", "Missing", 404),
        ]
        .map(|(ty, variant, code)| (ty.to_owned(), Some(variant.to_owned()), code))
    );
}

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 503)]
enum Defaults {
    Unavailable,
    #[error_body(message = "Maintenance until {until}", retry_after = 600)]
    Maintenance {
        until: &'static str,
    },
    #[error_body(code = 504, message = "Timed out")]
    Timeout,
    #[error_body(message = "Overloaded")]
    Overloaded(#[error_body(retry_after)] Option<u64>),
    #[error_body(code = 429)]
    Limited {
        #[error_body(retry_after)]
        wait: Duration,
    },
}

#[test]
fn enum_default_code_and_retry_delays() {
    assert_eq!(
        wire(&Defaults::Unavailable),
        r#"{"code":503,"message":"Service unavailable"}"#
    );
    assert_eq!(
        wire(&Defaults::Maintenance { until: "10:00" }),
        r#"{"code":503,"message":"Maintenance until 10:00","retry_after_seconds":600}"#
    );
    assert_eq!(Defaults::Timeout.error_code(), ErrorCode::GATEWAY_TIMEOUT);
    assert_eq!(
        wire(&Defaults::Overloaded(Some(5))),
        r#"{"code":503,"message":"Overloaded","retry_after_seconds":5}"#
    );
    // None: no delay at all, not zero
    assert_eq!(
        wire(&Defaults::Overloaded(None)),
        r#"{"code":503,"message":"Overloaded"}"#
    );
    // a Duration is rounded up to whole seconds
    assert_eq!(
        wire(&Defaults::Limited {
            wait: Duration::from_millis(2001)
        }),
        r#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":3}"#
    );
    let response = Defaults::Maintenance { until: "10:00" }
        .into_error_body()
        .to_http_response();
    assert_eq!(response.headers()[http::header::RETRY_AFTER], "600");

    let catalog = Catalog::of::<Defaults>();
    let hints: Vec<(u16, &str, bool, RetryAfterHint)> = catalog
        .cases
        .iter()
        .map(|case| {
            (
                case.code.as_u16(),
                case.message.as_str(),
                case.templated,
                case.retry_after,
            )
        })
        .collect();
    assert_eq!(
        hints,
        [
            (503, "Service unavailable", false, RetryAfterHint::None),
            (
                503,
                "Maintenance until {until}",
                true,
                RetryAfterHint::Fixed(600)
            ),
            (504, "Timed out", false, RetryAfterHint::None),
            (503, "Overloaded", false, RetryAfterHint::FromField),
            (
                429,
                "Rate limit exceeded.",
                false,
                RetryAfterHint::FromField
            ),
        ]
    );
    let literal = &Catalog::of::<Templates>().cases[4];
    assert_eq!(
        (
            literal.variant.as_deref(),
            literal.code,
            literal.message.as_str(),
            literal.templated,
            literal.retry_after,
        ),
        (
            Some("Literal"),
            ErrorCode::BAD_REQUEST,
            "Only {literal} braces",
            false,
            RetryAfterHint::None
        )
    );
    // A unit variant with a fixed message that `FromErrorBody` would decode, but the type
    // does not derive it: not decodable, and so not portable; its pattern is the text sent.
    assert!(!literal.decodable && !literal.portable);
    assert!(literal.placeholders.is_empty() && literal.fields.is_empty());
    assert_eq!(
        literal.pattern.as_deref(),
        Some(r"^Only \{literal\} braces$")
    );
}

// Both derives on one enum, each reading only its own attribute.
#[derive(Debug, thiserror::Error, IntoErrorBody)]
enum WithThiserror {
    #[error("task {id} missing from shard {shard}")]
    #[error_body(code = 404, message = "Task {id} not found")]
    NotFound { id: u64, shard: u32 },
    #[error("database failure")]
    #[error_body(code = 500)]
    Database(#[source] std::io::Error),
    #[error(transparent)]
    #[error_body(code = 502)]
    Upstream(#[from] std::fmt::Error),
}

#[test]
fn coexists_with_thiserror() {
    let missing = WithThiserror::NotFound { id: 7, shard: 3 };
    assert_eq!(missing.to_string(), "task 7 missing from shard 3");
    assert_eq!(
        wire(&missing),
        r#"{"code":404,"message":"Task 7 not found"}"#
    );
    let db = WithThiserror::Database(std::io::Error::other("disk full"));
    assert_eq!(
        std::error::Error::source(&db).unwrap().to_string(),
        "disk full"
    );
    assert_eq!(
        wire(&db),
        r#"{"code":500,"message":"Internal server error"}"#
    );
    let up: WithThiserror = std::fmt::Error.into();
    assert_eq!(up.error_code(), ErrorCode::BAD_GATEWAY);
}

#[derive(Debug, IntoErrorBody)]
enum RawNames {
    #[error_body(code = 400, message = "Unknown type {type}, {r#match}")]
    #[allow(non_camel_case_types)]
    r#type { r#type: &'static str, r#match: u8 },
}

// Attribute values passed through macro_rules fragments arrive wrapped in invisible groups.
macro_rules! api_error {
    ($name:ident, $code:literal, $message:literal) => {
        #[derive(Debug, IntoErrorBody)]
        #[error_body(code = $code, message = $message)]
        struct $name {
            id: u64,
        }
    };
}

api_error!(Gone, 410, "Task {id} is gone");

#[test]
fn raw_identifiers_and_macro_generated_types() {
    assert_eq!(
        RawNames::r#type {
            r#type: "paint",
            r#match: 1
        }
        .to_error_body()
        .message(),
        "Unknown type paint, 1"
    );
    assert_eq!(
        Catalog::of::<RawNames>().cases[0].variant.as_deref(),
        Some("type")
    );
    assert_eq!(
        wire(&Gone { id: 9 }),
        r#"{"code":410,"message":"Task 9 is gone"}"#
    );
}
