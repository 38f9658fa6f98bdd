//! `to_error_body` of the contract's derived `TaskError` (static and templated variants) vs
//! the hand-written `match` a user would otherwise write, side by side in one run.
//!
//! `cargo bench -p sunor-errors-benches --bench to_error_body`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sunor_errors::{ErrorBody, ErrorCode, IntoErrorBody};

// The one copy of the contract's types, shared with the tests.
use sunor_errors_tests::contract;

use contract::{AuthError, TaskError};

/// The same enum with the `impl` a user would write by hand.
#[allow(dead_code)] // `Internal`'s source is for logs; the body never shows it
#[derive(Debug)]
enum HandWritten {
    MissingFields { fields: String },
    InvalidApiKey,
    InsufficientCredits { available: u64, required: u64 },
    TaskNotFound(String),
    RateLimited { seconds: u64 },
    Internal(std::io::Error),
    Auth(AuthError),
}

impl IntoErrorBody for HandWritten {
    fn error_code(&self) -> ErrorCode {
        match self {
            HandWritten::MissingFields { .. } => ErrorCode::BAD_REQUEST,
            HandWritten::InvalidApiKey => ErrorCode::UNAUTHORIZED,
            HandWritten::InsufficientCredits { .. } => ErrorCode::PAYMENT_REQUIRED,
            HandWritten::TaskNotFound(_) => ErrorCode::NOT_FOUND,
            HandWritten::RateLimited { .. } => ErrorCode::TOO_MANY_REQUESTS,
            HandWritten::Internal(_) => ErrorCode::INTERNAL_SERVER_ERROR,
            HandWritten::Auth(inner) => inner.error_code(),
        }
    }

    fn to_error_body(&self) -> ErrorBody {
        match self {
            HandWritten::MissingFields { fields } => ErrorBody::new(
                ErrorCode::BAD_REQUEST,
                format!("Missing required fields: {fields}"),
            ),
            HandWritten::InvalidApiKey => {
                ErrorBody::new(ErrorCode::UNAUTHORIZED, "Invalid API key")
            }
            HandWritten::InsufficientCredits {
                available,
                required,
            } => ErrorBody::new(
                ErrorCode::PAYMENT_REQUIRED,
                format!("Insufficient credits: available {available}, required {required}"),
            ),
            HandWritten::TaskNotFound(_) => ErrorBody::new(ErrorCode::NOT_FOUND, "Task not found"),
            HandWritten::RateLimited { seconds } => {
                ErrorBody::new(ErrorCode::TOO_MANY_REQUESTS, "Rate limit exceeded.")
                    .with_retry_after_seconds(*seconds)
            }
            HandWritten::Internal(_) => ErrorBody::from_code(ErrorCode::INTERNAL_SERVER_ERROR),
            HandWritten::Auth(inner) => inner.to_error_body(),
        }
    }
}

fn to_error_body(c: &mut Criterion) {
    // Both sides give the same bodies, variant by variant.
    let pairs = [
        (
            TaskError::MissingFields {
                fields: "model, input".into(),
            },
            HandWritten::MissingFields {
                fields: "model, input".into(),
            },
        ),
        (TaskError::InvalidApiKey, HandWritten::InvalidApiKey),
        (
            TaskError::TaskNotFound("task_123".into()),
            HandWritten::TaskNotFound("task_123".into()),
        ),
        (
            TaskError::RateLimited { seconds: 60 },
            HandWritten::RateLimited { seconds: 60 },
        ),
        (
            TaskError::Internal(std::io::Error::other("disk on fire")),
            HandWritten::Internal(std::io::Error::other("disk on fire")),
        ),
        (
            TaskError::Auth(AuthError::Disabled),
            HandWritten::Auth(AuthError::Disabled),
        ),
    ];
    for (derived, hand) in &pairs {
        assert_eq!(derived.to_error_body(), hand.to_error_body(), "{derived:?}");
    }

    let derived_static = TaskError::InvalidApiKey;
    let hand_static = HandWritten::InvalidApiKey;
    let derived_templated = TaskError::InsufficientCredits {
        available: 3,
        required: 10,
    };
    let hand_templated = HandWritten::InsufficientCredits {
        available: 3,
        required: 10,
    };
    assert_eq!(
        derived_templated.to_error_body(),
        hand_templated.to_error_body()
    );
    assert_eq!(
        derived_templated.to_error_body().message(),
        "Insufficient credits: available 3, required 10"
    );

    for (name, hand, derived) in [
        ("to_error_body_static", &hand_static, &derived_static),
        (
            "to_error_body_templated",
            &hand_templated,
            &derived_templated,
        ),
    ] {
        let mut group = c.benchmark_group(name);
        group.bench_function("hand_written_match", |b| {
            b.iter(|| black_box(hand).to_error_body())
        });
        group.bench_function("derived", |b| b.iter(|| black_box(derived).to_error_body()));
        group.finish();
    }
}

criterion_group!(benches, to_error_body);
criterion_main!(benches);
