//! `to_error_body` of a derived enum (static and templated variants) vs the hand-written
//! `match` a user would otherwise write, side by side in one run.
//!
//! `cargo bench -p sunor-errors --bench to_error_body`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sunor_errors::{ErrorBody, ErrorCode, IntoErrorBody};

#[allow(dead_code)] // `Internal`'s source is for logs; the body never shows it
#[derive(Debug, IntoErrorBody)]
enum Derived {
    #[error_body(code = 401, message = "Invalid API key")]
    InvalidApiKey,
    #[error_body(
        code = 402,
        message = "Insufficient credits: available {available}, required {required}"
    )]
    InsufficientCredits { available: u64, required: u64 },
    #[error_body(code = 404, message = "Task not found: {0}")]
    TaskNotFound(String),
    #[error_body(code = 500)]
    Internal(std::io::Error),
}

#[allow(dead_code)]
#[derive(Debug)]
enum HandWritten {
    InvalidApiKey,
    InsufficientCredits { available: u64, required: u64 },
    TaskNotFound(String),
    Internal(std::io::Error),
}

impl IntoErrorBody for HandWritten {
    fn error_code(&self) -> ErrorCode {
        match self {
            HandWritten::InvalidApiKey => ErrorCode::UNAUTHORIZED,
            HandWritten::InsufficientCredits { .. } => ErrorCode::PAYMENT_REQUIRED,
            HandWritten::TaskNotFound(_) => ErrorCode::NOT_FOUND,
            HandWritten::Internal(_) => ErrorCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn to_error_body(&self) -> ErrorBody {
        match self {
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
            HandWritten::TaskNotFound(id) => {
                ErrorBody::new(ErrorCode::NOT_FOUND, format!("Task not found: {id}"))
            }
            HandWritten::Internal(_) => ErrorBody::from_code(ErrorCode::INTERNAL_SERVER_ERROR),
        }
    }
}

fn to_error_body(c: &mut Criterion) {
    let derived_static = Derived::InvalidApiKey;
    let hand_static = HandWritten::InvalidApiKey;
    let derived_templated = Derived::InsufficientCredits {
        available: 3,
        required: 10,
    };
    let hand_templated = HandWritten::InsufficientCredits {
        available: 3,
        required: 10,
    };
    assert_eq!(derived_static.to_error_body(), hand_static.to_error_body());
    assert_eq!(
        derived_templated.to_error_body(),
        hand_templated.to_error_body()
    );
    assert_eq!(
        derived_templated.to_error_body().message(),
        "Insufficient credits: available 3, required 10"
    );
    let derived_internal = Derived::Internal(std::io::Error::other("disk on fire"));
    let hand_internal = HandWritten::Internal(std::io::Error::other("disk on fire"));
    assert_eq!(
        derived_internal.to_error_body(),
        hand_internal.to_error_body()
    );
    let derived_tuple = Derived::TaskNotFound("task_123".into());
    let hand_tuple = HandWritten::TaskNotFound("task_123".into());
    assert_eq!(derived_tuple.to_error_body(), hand_tuple.to_error_body());

    let mut group = c.benchmark_group("to_error_body_static");
    group.bench_function("hand_written_match", |b| {
        b.iter(|| black_box(&hand_static).to_error_body())
    });
    group.bench_function("derived", |b| {
        b.iter(|| black_box(&derived_static).to_error_body())
    });
    group.finish();

    let mut group = c.benchmark_group("to_error_body_templated");
    group.bench_function("hand_written_match", |b| {
        b.iter(|| black_box(&hand_templated).to_error_body())
    });
    group.bench_function("derived", |b| {
        b.iter(|| black_box(&derived_templated).to_error_body())
    });
    group.finish();
}

criterion_group!(benches, to_error_body);
criterion_main!(benches);
