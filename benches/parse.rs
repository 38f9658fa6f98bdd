//! Strict parse of the 402 body: ours (owned `ErrorBody`, and the borrowing `ErrorBodyRef`)
//! vs the plain serde derive, side by side in one run.
//!
//! `cargo bench -p sunor-errors-benches --bench parse`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sunor_errors::{ErrorBody, ErrorBodyRef, ErrorCode};

mod common;
use common::{JSON_402, MESSAGE_402, PlainBody};

fn parse(c: &mut Criterion) {
    assert_eq!(
        serde_json::from_slice::<ErrorBody>(JSON_402).unwrap(),
        ErrorBody::new(ErrorCode::PAYMENT_REQUIRED, MESSAGE_402)
    );
    assert_eq!(
        serde_json::from_slice::<PlainBody>(JSON_402).unwrap(),
        PlainBody::payment_required()
    );

    let mut group = c.benchmark_group("parse_402");
    group.bench_function("plain_serde", |b| {
        b.iter(|| serde_json::from_slice::<PlainBody>(black_box(JSON_402)).unwrap())
    });
    group.bench_function("ours", |b| {
        b.iter(|| serde_json::from_slice::<ErrorBody>(black_box(JSON_402)).unwrap())
    });
    group.bench_function("ours_borrowing", |b| {
        b.iter(|| ErrorBodyRef::from_json(black_box(JSON_402)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
