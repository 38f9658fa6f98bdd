//! `retry_after::parse` of delay-seconds and of an HTTP-date, each beside the building block a
//! user would otherwise call directly (`str::parse::<u64>`, `httpdate::parse_http_date`).
//!
//! `cargo bench -p sunor-errors-benches --bench retry_after`

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, criterion_group, criterion_main};
use http::HeaderValue;
use sunor_errors::retry_after;

fn retry_after(c: &mut Criterion) {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_717);
    let seconds = HeaderValue::from_static("120");
    let date = HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(
        retry_after::parse(&seconds, now),
        Ok(Duration::from_secs(120))
    );
    assert_eq!(retry_after::parse(&date, now), Ok(Duration::from_secs(60)));

    compare(
        c,
        "retry_after_seconds",
        "std_str_parse_u64",
        &seconds,
        now,
        |value| {
            value
                .to_str()
                .ok()
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map(Duration::from_secs)
        },
    );
    compare(
        c,
        "retry_after_http_date",
        "httpdate_direct",
        &date,
        now,
        |value| {
            value
                .to_str()
                .ok()
                .and_then(|s| httpdate::parse_http_date(s.trim()).ok())
                .map(|t| t.duration_since(black_box(now)).unwrap_or(Duration::ZERO))
        },
    );
}

/// One group: `direct`, the building block a user would call (named `baseline`), beside
/// ours, both on `value` at `now`.
fn compare(
    c: &mut Criterion,
    group: &str,
    baseline: &str,
    value: &HeaderValue,
    now: SystemTime,
    direct: impl Fn(&HeaderValue) -> Option<Duration>,
) {
    let mut group = c.benchmark_group(group);
    group.bench_function(baseline, |b| b.iter(|| direct(black_box(value))));
    group.bench_function("ours", |b| {
        b.iter(|| retry_after::parse(black_box(value), black_box(now)))
    });
    group.finish();
}

criterion_group!(benches, retry_after);
criterion_main!(benches);
