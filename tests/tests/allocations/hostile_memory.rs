//! Peak memory for a 100 MB body (a hostile or broken server streaming garbage): reading it
//! as an error allocates nothing in proportion to its size, and the process never holds
//! twice the body. Its binary holds only the allocation tests beside it, which hold
//! kilobytes: the process-wide bound (twice the body) leaves them 100 MB of room.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};
use sunor_errors::{ErrorBody, ErrorCode};

use crate::support;

const BODY_BYTES: usize = 100 * 1024 * 1024;

fn check(name: &str, body: &[u8], before: usize) {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_717);
    let (error, cost) = support::thread_cost(|| {
        ErrorBody::from_http_parts_at(StatusCode::BAD_GATEWAY, &HeaderMap::new(), body, now)
    });
    assert_eq!(
        error.unwrap(),
        ErrorBody::from_code(ErrorCode::BAD_GATEWAY),
        "{name}"
    );
    let peak = support::process_peak();
    // Printed for RELIABILITY.md: `cargo test -p sunor-errors-tests --test allocations hostile_memory -- --nocapture`.
    println!(
        "{name}: body {} bytes; from_http_parts allocated {} bytes (peak {} held); \
         process live before {before} bytes, process peak {peak} bytes ({:.3}x the body)",
        body.len(),
        cost.allocated,
        cost.peak,
        peak as f64 / body.len() as f64
    );
    assert_eq!(cost.allocated, 0, "{name}: reading allocated");
    assert!(peak < 2 * body.len(), "{name}: process peak {peak}");
}

#[test]
fn a_100_mb_body_costs_nothing_to_read() {
    let before = support::process_live();
    // Looks like the start of a valid error body, then never ends.
    let mut json = br#"{"code":502,"message":""#.to_vec();
    json.resize(BODY_BYTES, b'a');
    check("100 MB JSON-looking body", &json, before);
    drop(json);

    let before = support::process_live();
    let html = b"<html>".repeat(BODY_BYTES / 6);
    check("100 MB HTML body", &html, before);
}
