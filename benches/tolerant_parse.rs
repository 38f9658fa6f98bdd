//! Tolerant client parse (`ErrorBody::from_http_parts`) of a JSON body, a 2 KiB HTML 502 page
//! from a proxy, and an empty body, each beside what a client would otherwise do: run
//! `serde_json` over the body and fall back to the status when it fails.
//!
//! `cargo bench -p sunor-errors-benches --bench tolerant_parse`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use http::{HeaderMap, StatusCode};
use sunor_errors::{ErrorBody, ErrorCode};

mod common;
use common::{JSON_402, MESSAGE_402, html_502_page};

// The naive client: a strict parse, and the status's default body when it fails.
fn serde_json_or_fallback(code: ErrorCode, body: &[u8]) -> ErrorBody {
    serde_json::from_slice::<ErrorBody>(body).unwrap_or_else(|_| ErrorBody::from_code(code))
}

fn tolerant(c: &mut Criterion) {
    let headers = HeaderMap::new();
    let html = html_502_page();
    let bad_gateway = ErrorBody::from_code(ErrorCode::BAD_GATEWAY);
    assert_eq!(
        ErrorBody::from_http_parts(StatusCode::PAYMENT_REQUIRED, &headers, JSON_402).unwrap(),
        ErrorBody::new(ErrorCode::PAYMENT_REQUIRED, MESSAGE_402)
    );
    for body in [&html[..], b""] {
        assert_eq!(
            ErrorBody::from_http_parts(StatusCode::BAD_GATEWAY, &headers, body).unwrap(),
            bad_gateway
        );
        assert_eq!(
            serde_json_or_fallback(ErrorCode::BAD_GATEWAY, body),
            bad_gateway
        );
    }

    let mut group = c.benchmark_group("tolerant_json_402");
    group.bench_function("serde_json_strict", |b| {
        b.iter(|| serde_json_or_fallback(ErrorCode::PAYMENT_REQUIRED, black_box(JSON_402)))
    });
    group.bench_function("ours_from_http_parts", |b| {
        b.iter(|| {
            ErrorBody::from_http_parts(
                black_box(StatusCode::PAYMENT_REQUIRED),
                black_box(&headers),
                black_box(JSON_402),
            )
        })
    });
    group.finish();

    let mut group = c.benchmark_group("tolerant_html_502_2KiB");
    group.bench_function("serde_json_fails", |b| {
        b.iter(|| serde_json_or_fallback(ErrorCode::BAD_GATEWAY, black_box(&html)))
    });
    group.bench_function("ours_from_http_parts", |b| {
        b.iter(|| {
            ErrorBody::from_http_parts(
                black_box(StatusCode::BAD_GATEWAY),
                black_box(&headers),
                black_box(&html),
            )
        })
    });
    group.finish();

    let mut group = c.benchmark_group("tolerant_empty_502");
    group.bench_function("serde_json_fails", |b| {
        b.iter(|| serde_json_or_fallback(ErrorCode::BAD_GATEWAY, black_box(b"")))
    });
    group.bench_function("ours_from_http_parts", |b| {
        b.iter(|| {
            ErrorBody::from_http_parts(
                black_box(StatusCode::BAD_GATEWAY),
                black_box(&headers),
                black_box(b""),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, tolerant);
criterion_main!(benches);
