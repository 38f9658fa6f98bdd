//! `#[error_body(crate = "...")]`: for a crate that reaches sunor-errors under another path
//! (a re-export, a renamed dependency), every path the derive writes starts there. (That no
//! path starts at `::sunor_errors` then is checked on the expansion, in the derive's unit
//! tests: here that crate exists too.)

use std::time::Duration;

use sunor_errors::IntoErrorBody;
use sunor_errors::catalog::{Catalog, RetryAfterHint};

mod reexport {
    pub(crate) use ::sunor_errors as errs;
}

#[derive(Debug, PartialEq, IntoErrorBody, sunor_errors::FromErrorBody)]
#[error_body(crate = "reexport::errs", code = 503)]
enum Reexported<T> {
    #[error_body(code = 402, message = "Credits: {available} of {required}")]
    Credits { available: u64, required: T },
    #[error_body(code = 429, message = "Slow down")]
    Limited(#[error_body(retry_after)] Duration),
    #[error_body(retry_after = 30)]
    Draining,
    #[error_body(transparent)]
    Inner(Absolute),
}

#[derive(Debug, PartialEq, IntoErrorBody, sunor_errors::FromErrorBody)]
#[error_body(crate = "::sunor_errors", code = 404, message = "Task not found")]
struct Absolute;

mod nested {
    // A path relative to this module, with `super`.
    #[derive(Debug, sunor_errors::IntoErrorBody)]
    #[error_body(
        crate = "super::reexport::errs",
        code = 409,
        message = "Task {0} is running"
    )]
    pub(crate) struct Conflict(pub(crate) u32);

    // Its source found through the same path (`__private::probe_source!`).
    #[derive(Debug, sunor_errors::IntoErrorBody)]
    #[error_body(crate = "super::reexport::errs", code = 500, log_cause = false)]
    pub(crate) struct Store(pub(crate) std::io::Error);
}

fn json(error: &impl IntoErrorBody) -> String {
    String::from_utf8(error.to_error_body().to_json_vec()).unwrap()
}

#[test]
fn bodies_through_a_reexport() {
    let credits: Reexported<u64> = Reexported::Credits {
        available: 3,
        required: 10,
    };
    assert_eq!(
        json(&credits),
        r#"{"code":402,"message":"Credits: 3 of 10"}"#
    );
    let limited: Reexported<u64> = Reexported::Limited(Duration::from_millis(1500));
    assert_eq!(
        json(&limited),
        r#"{"code":429,"message":"Slow down","retry_after_seconds":2}"#
    );
    let draining: Reexported<u64> = Reexported::Draining;
    assert_eq!(
        json(&draining),
        r#"{"code":503,"message":"Service unavailable","retry_after_seconds":30}"#
    );
    let inner: Reexported<u64> = Reexported::Inner(Absolute);
    assert_eq!(json(&inner), r#"{"code":404,"message":"Task not found"}"#);
    assert_eq!(
        json(&Absolute),
        r#"{"code":404,"message":"Task not found"}"#
    );
    assert_eq!(
        json(&nested::Conflict(7)),
        r#"{"code":409,"message":"Task 7 is running"}"#
    );

    let store = nested::Store(std::io::Error::other("disk full"));
    let cause = store.error_cause().unwrap();
    assert_eq!(
        (
            cause.type_name,
            cause.source.unwrap().to_string(),
            cause.logged
        ),
        ("Store", "disk full".to_owned(), false)
    );

    let catalog = Catalog::of::<Reexported<u64>>();
    let rows: Vec<_> = catalog
        .cases
        .iter()
        .map(|case| {
            (
                case.variant.as_deref(),
                case.code.as_u16(),
                case.message.as_str(),
                case.retry_after,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                Some("Credits"),
                402,
                "Credits: {available} of {required}",
                RetryAfterHint::None
            ),
            (Some("Limited"), 429, "Slow down", RetryAfterHint::FromField),
            (
                Some("Draining"),
                503,
                "Service unavailable",
                RetryAfterHint::Fixed(30)
            ),
            (None, 404, "Task not found", RetryAfterHint::None),
        ]
    );
}

// The framework hooks go through the given path too.
#[derive(Debug, IntoErrorBody)]
#[error_body(crate = "reexport::errs", axum)]
enum Served {
    #[error_body(code = 429)]
    Limited(#[error_body(retry_after)] u64),
}

#[tokio::test]
async fn hooks_through_a_reexport() {
    let response = axum::response::IntoResponse::into_response(Served::Limited(60));
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "60");
    let body = axum::body::to_bytes(response.into_body(), 1024)
        .await
        .unwrap();
    assert_eq!(
        &body[..],
        br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#
    );
}

#[test]
fn decoding_through_a_reexport() {
    let values: [Reexported<u8>; 4] = [
        Reexported::Credits {
            available: 3,
            required: 10,
        },
        Reexported::Limited(Duration::from_secs(2)),
        Reexported::Draining,
        Reexported::Inner(Absolute),
    ];
    for value in values {
        assert_eq!(value.to_error_body().decode(), Some(value));
    }
    let too_many = Reexported::<u64>::Credits {
        available: 3,
        required: 300,
    };
    assert_eq!(too_many.to_error_body().decode::<Reexported<u8>>(), None);
}
