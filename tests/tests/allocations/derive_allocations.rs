//! Heap allocations of derived bodies, counted by a global allocator: a static message costs
//! none; a templated one costs what `format!` of the same message costs (the derive reserves
//! what `format!` reserves), one allocation when the message fits that reservation.

use std::time::Duration;

use sunor_errors::{ErrorBody, IntoErrorBody};

// The shared counting allocator counts per thread, so tests running in parallel do not
// disturb each other's counts.
use crate::support;

/// (allocations, reallocations) made while building the body; the body is returned so that
/// freeing it is not part of the measurement.
fn count(build: impl FnOnce() -> ErrorBody) -> (usize, usize, ErrorBody) {
    let (body, cost) = support::thread_cost(build);
    (cost.allocations, cost.reallocations, body)
}

#[derive(Debug, IntoErrorBody)]
enum Api {
    #[error_body(code = 404, message = "Task not found")]
    NotFound(#[allow(dead_code)] String),
    #[error_body(code = 400, message = "Use {{braces}}")]
    Escaped,
    #[error_body(code = 500)]
    Internal(#[allow(dead_code)] std::io::Error),
    #[error_body(code = 429, message = "Rate limit exceeded.")]
    Limited {
        #[error_body(retry_after)]
        wait: Duration,
    },
    #[error_body(
        code = 402,
        message = "Insufficient credits: available {available}, required {required}"
    )]
    Credits { available: u64, required: u64 },
    #[error_body(code = 400, message = "{0}")]
    Only(String),
    #[error_body(code = 400, message = "Bad input {input:?} ({n:>8})")]
    Long { input: String, n: u32 },
    #[error_body(transparent)]
    Inner(Inner),
}

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 503, message = "Down for maintenance", retry_after = 60)]
struct Inner;

#[test]
fn static_messages_allocate_nothing_templates_as_format_does() {
    let static_cases = [
        Api::NotFound("task_1".into()),
        Api::Escaped,
        Api::Internal(std::io::Error::other("disk full")),
        Api::Limited {
            wait: Duration::from_secs(60),
        },
        Api::Inner(Inner),
    ];
    for error in &static_cases {
        let (allocations, reallocations, body) = count(|| error.to_error_body());
        println!("{error:?}: {allocations} allocations, {reallocations} reallocations");
        assert_eq!((allocations, reallocations), (0, 0), "{body:?}");
    }

    let long = "x".repeat(10_000);
    let templated = [
        (
            Api::Credits {
                available: 3,
                required: 10,
            },
            "Insufficient credits: available 3, required 10".to_owned(),
        ),
        (Api::Only(long.clone()), long.clone()),
        (
            Api::Long {
                input: long.clone(),
                n: 7,
            },
            format!("Bad input {long:?} ({:>8})", 7),
        ),
    ];
    let mut counts = Vec::new();
    for (error, expected) in &templated {
        let (allocations, reallocations, body) = count(|| error.to_error_body());
        println!(
            "{} bytes templated: {allocations} allocations, {reallocations} reallocations",
            expected.len()
        );
        assert_eq!(body.message(), expected);
        counts.push((allocations, reallocations));
    }
    // The hand-written `format!` of each message, for comparison.
    let code = sunor_errors::ErrorCode::BAD_REQUEST;
    let by_hand = [
        count(|| {
            let (available, required) = (3, 10);
            ErrorBody::new(
                code,
                format!("Insufficient credits: available {available}, required {required}"),
            )
        }),
        // What the derive's `{0}` does, not a copy: the formatting machinery.
        #[allow(clippy::useless_format)]
        count(|| ErrorBody::new(code, format!("{long}"))),
        count(|| ErrorBody::new(code, format!("Bad input {long:?} ({:>8})", 7))),
    ];
    let by_hand: Vec<(usize, usize)> = by_hand.iter().map(|(a, r, _)| (*a, *r)).collect();
    assert_eq!(counts, by_hand);
    // A message within the reservation (46 bytes in 2 x 43), or written in one piece, is one
    // allocation; a long `{:?}` grows as `format!`'s does.
    assert_eq!(counts[0], (1, 0));
    assert_eq!(counts[1], (1, 0));
    assert_eq!(counts[2].0, 1);
    assert!(counts[2].1 >= 1, "{counts:?}");
}

/// (allocations, reallocations) made while decoding.
fn count_decode<T>(decode: impl FnOnce() -> Option<T>) -> (usize, usize, Option<T>) {
    let (value, cost) = support::thread_cost(decode);
    (cost.allocations, cost.reallocations, value)
}

#[derive(Debug, PartialEq, sunor_errors::FromErrorBody)]
enum Numeric {
    #[error_body(code = 400, message = "[{0:>6}] {1:#x} {2:?}")]
    Specs(i32, u64, char),
    #[error_body(code = 401, message = "{0}{1}")]
    Adjacent(bool, u8),
    #[error_body(code = 402, message = "{0:?} and {1}")]
    Text(String, String),
    // A `-` literal that a negative number also contains: the split is not forced, the
    // Pike VM finds it, on the stack.
    #[error_body(code = 416, message = "range {0}-{1} is empty")]
    Range(i64, i64),
}

#[test]
fn decoding_numeric_fields_allocates_nothing_a_string_once() {
    use sunor_errors::ErrorCode;
    use sunor_errors_tests::contract::{AuthError, TaskError};

    let credits = ErrorBody::new(
        ErrorCode::PAYMENT_REQUIRED,
        "Insufficient credits: available 3, required 10",
    );
    let limited = ErrorBody::new(ErrorCode::TOO_MANY_REQUESTS, "Rate limit exceeded.")
        .with_retry_after_seconds(60);
    let auth = ErrorBody::new(ErrorCode::UNAUTHORIZED, "Missing x-api-key header");
    let near = ErrorBody::new(
        ErrorCode::PAYMENT_REQUIRED,
        "Insufficient credits: available x",
    );
    for body in [&credits, &limited, &auth, &near] {
        let (allocations, reallocations, value) = count_decode(|| body.decode::<TaskError>());
        println!("{:?}: {allocations} allocations", body.message());
        assert_eq!((allocations, reallocations), (0, 0), "{value:?}");
    }
    assert!(matches!(
        auth.decode::<TaskError>(),
        Some(TaskError::Auth(AuthError::MissingKey))
    ));

    let specs = ErrorBody::new(ErrorCode::BAD_REQUEST, "[   -42] 0xff 'é'");
    let adjacent = ErrorBody::new(ErrorCode::UNAUTHORIZED, "false255");
    let range = ErrorBody::new(ErrorCode::from_u16(416).unwrap(), "range -5--3 is empty");
    for (body, expected) in [
        (&specs, Numeric::Specs(-42, 255, 'é')),
        (&adjacent, Numeric::Adjacent(false, 255)),
        (&range, Numeric::Range(-5, -3)),
    ] {
        let (allocations, reallocations, value) = count_decode(|| body.decode::<Numeric>());
        assert_eq!(value, Some(expected));
        assert_eq!((allocations, reallocations), (0, 0));
    }

    // Each String field: one allocation, its own text.
    let fields = ErrorBody::new(
        ErrorCode::BAD_REQUEST,
        "Missing required fields: model, task_type, input",
    );
    let (allocations, reallocations, value) = count_decode(|| fields.decode::<TaskError>());
    assert!(matches!(value, Some(TaskError::MissingFields { .. })));
    assert_eq!((allocations, reallocations), (1, 0));
    let text = ErrorBody::new(ErrorCode::PAYMENT_REQUIRED, r#""a\"b\n" and c"#);
    let (allocations, reallocations, value) = count_decode(|| text.decode::<Numeric>());
    assert_eq!(value, Some(Numeric::Text("a\"b\n".into(), "c".into())));
    assert_eq!((allocations, reallocations), (2, 0));
}
