//! Decoding an already-parsed 402 body into the contract's `TaskError::InsufficientCredits`:
//! the derived `FromErrorBody` beside the hand-written `strip_prefix`/`split_once`/`parse`
//! decoder a client would otherwise write (the floor), and beside the strict parse of the
//! same body (what reading it cost in the first place), side by side in one run.
//!
//! `cargo bench -p sunor-errors-benches --bench decode`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sunor_errors::{ErrorBody, FromErrorBody};

mod common;
use common::JSON_402;

// The one copy of the contract's types, shared with the tests.
use sunor_errors_tests::contract;

use contract::TaskError;

/// What a client writes by hand for the same variant: the code, then the message's pieces.
fn hand_written(body: &ErrorBody) -> Option<TaskError> {
    match body.code().as_u16() {
        402 => {
            let rest = body
                .message()
                .strip_prefix("Insufficient credits: available ")?;
            let (available, required) = rest.split_once(", required ")?;
            Some(TaskError::InsufficientCredits {
                available: available.parse().ok()?,
                required: required.parse().ok()?,
            })
        }
        _ => None,
    }
}

fn decode(c: &mut Criterion) {
    let body: ErrorBody = serde_json::from_slice(JSON_402).unwrap();
    // Both give the same value.
    for decoded in [hand_written(&body), TaskError::from_error_body(&body)] {
        assert!(matches!(
            decoded,
            Some(TaskError::InsufficientCredits {
                available: 3,
                required: 10
            })
        ));
    }

    let mut group = c.benchmark_group("decode_402");
    group.bench_function("hand_written", |b| {
        b.iter(|| hand_written(black_box(&body)))
    });
    group.bench_function("derived", |b| {
        b.iter(|| TaskError::from_error_body(black_box(&body)))
    });
    group.bench_function("strict_parse", |b| {
        b.iter(|| serde_json::from_slice::<ErrorBody>(black_box(JSON_402)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
