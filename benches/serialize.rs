//! Serialise the 402 body to JSON bytes: ours vs a plain serde derive vs http-api-problem vs a
//! hand-written writer (the floor), side by side in one run.
//!
//! `cargo bench -p sunor-errors-benches --bench serialize`

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use http_api_problem::HttpApiProblem;
use serde::Serialize;
use sunor_errors::{ErrorBody, ErrorCode};

mod common;
use common::{JSON_402, MESSAGE_402, PlainBody};

/// The floor: the wire written by hand with `itoa` and a byte-run escaper, nothing else.
fn floor_write(out: &mut Vec<u8>, code: u16, message: &str, retry_after_seconds: Option<u64>) {
    let mut digits = itoa::Buffer::new();
    out.reserve(message.len() + 64);
    out.extend_from_slice(b"{\"code\":");
    out.extend_from_slice(digits.format(code).as_bytes());
    out.extend_from_slice(b",\"message\":\"");
    let bytes = message.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            // Any other control character: `\u00` and its two hex digits.
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            }
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
    if let Some(seconds) = retry_after_seconds {
        out.extend_from_slice(b",\"retry_after_seconds\":");
        out.extend_from_slice(digits.format(seconds).as_bytes());
    }
    out.push(b'}');
}

/// Benchmarks `serde_json::to_writer` of `value` into `buf`, cleared each time.
fn serde_to_writer<T: Serialize>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    value: &T,
    buf: &mut Vec<u8>,
) {
    group.bench_function(id, |b| {
        b.iter(|| {
            buf.clear();
            serde_json::to_writer(&mut *buf, black_box(value)).unwrap();
            black_box(&*buf);
        })
    });
}

fn serialize(c: &mut Criterion) {
    let ours = ErrorBody::new(ErrorCode::PAYMENT_REQUIRED, MESSAGE_402);
    let plain = PlainBody::payment_required();
    let problem = HttpApiProblem::new(http::StatusCode::PAYMENT_REQUIRED).detail(MESSAGE_402);

    // Every contender writes the same bytes (http-api-problem its own member names).
    let mut floor = Vec::new();
    floor_write(&mut floor, 402, MESSAGE_402, None);
    assert_eq!(floor, JSON_402);
    let tricky = "q\" b\\ n\n r\r t\t \u{8}\u{c}\u{1}\u{1f} é";
    floor.clear();
    floor_write(&mut floor, 400, tricky, Some(7));
    let tricky_body = ErrorBody::new(ErrorCode::BAD_REQUEST, tricky).with_retry_after_seconds(7);
    assert_eq!(floor, serde_json::to_vec(&tricky_body).unwrap());
    assert_eq!(floor, tricky_body.to_json_vec());
    assert_eq!(ours.to_json_vec(), JSON_402);
    assert_eq!(serde_json::to_vec(&ours).unwrap(), JSON_402);
    assert_eq!(serde_json::to_vec(&plain).unwrap(), JSON_402);
    assert_eq!(
        problem.json_bytes(),
        br#"{"status":402,"detail":"Insufficient credits: available 3, required 10"}"#
    );

    // Footprint: what `Result<T, E>` carries around.
    assert!(std::mem::size_of::<ErrorBody>() <= 48);
    eprintln!(
        "size_of: ErrorBody {} bytes, plain serde struct {} bytes, HttpApiProblem {} bytes",
        std::mem::size_of::<ErrorBody>(),
        std::mem::size_of::<PlainBody>(),
        std::mem::size_of::<HttpApiProblem>()
    );

    // A server that keeps one buffer per connection: no allocation on any side.
    let mut group = c.benchmark_group("serialize_402_reused_buffer");
    let mut buf = Vec::with_capacity(256);
    group.bench_function("floor_hand_written", |b| {
        b.iter(|| {
            buf.clear();
            floor_write(&mut buf, black_box(402), black_box(MESSAGE_402), None);
            black_box(&buf);
        })
    });
    group.bench_function("ours_write_json", |b| {
        b.iter(|| {
            buf.clear();
            black_box(&ours).write_json(&mut buf);
            black_box(&buf);
        })
    });
    serde_to_writer(&mut group, "ours_serde_to_writer", &ours, &mut buf);
    serde_to_writer(&mut group, "plain_serde_to_writer", &plain, &mut buf);
    serde_to_writer(&mut group, "http_api_problem_to_writer", &problem, &mut buf);
    group.finish();

    // A fresh vector per response, as `serde_json::to_vec` and most frameworks do.
    let mut group = c.benchmark_group("serialize_402_new_vec");
    group.bench_function("floor_hand_written", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            floor_write(&mut out, black_box(402), black_box(MESSAGE_402), None);
            out
        })
    });
    group.bench_function("ours_to_json_vec", |b| {
        b.iter(|| black_box(&ours).to_json_vec())
    });
    group.bench_function("ours_serde_to_vec", |b| {
        b.iter(|| serde_json::to_vec(black_box(&ours)).unwrap())
    });
    group.bench_function("plain_serde_to_vec", |b| {
        b.iter(|| serde_json::to_vec(black_box(&plain)).unwrap())
    });
    group.bench_function("http_api_problem_json_bytes", |b| {
        b.iter(|| black_box(&problem).json_bytes())
    });
    group.finish();
}

criterion_group!(benches, serialize);
criterion_main!(benches);
