//! Allocation budgets, counted by a global allocator (not timed): what the hot error paths of
//! a server and a client cost in heap allocations.
//!
//! Counts are per thread, so the test harness's other threads do not disturb them.

use crate::support;

use http::{HeaderMap, HeaderValue, StatusCode};
use sunor_errors::{ErrorBody, ErrorBodyRef, ErrorCode};

/// The allocations (and reallocations) `f` makes on this thread; its result is dropped
/// outside the count.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let (value, cost) = support::thread_cost(f);
    (cost.allocations + cost.reallocations, value)
}

const JSON_402: &[u8] =
    br#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#;

#[test]
fn the_counter_counts() {
    let (n, v) = allocations(|| vec![1u8; 16]);
    assert_eq!((n, v.len()), (1, 16));
    let (n, s) = allocations(|| format!("{}{}", "a", 1));
    assert_eq!((n, s.as_str()), (1, "a1"));
}

#[test]
fn building_a_static_body_allocates_nothing() {
    let (n, body) = allocations(|| ErrorBody::from_code(ErrorCode::INTERNAL_SERVER_ERROR));
    assert_eq!((n, body.message()), (0, "Internal server error"));
    let (n, body) = allocations(|| {
        ErrorBody::new(ErrorCode::NOT_FOUND, "Task not found").with_retry_after_seconds(5)
    });
    assert_eq!((n, body.message()), (0, "Task not found"));
    let (n, copy) = allocations(|| body.clone());
    assert_eq!((n, copy), (0, body));
}

#[test]
fn a_templated_body_allocates_only_its_message() {
    let (n, body) = allocations(|| {
        ErrorBody::new(
            ErrorCode::PAYMENT_REQUIRED,
            format!("Insufficient credits: available {}, required {}", 3, 10),
        )
    });
    assert_eq!(n, 1);
    assert_eq!(
        body.message(),
        "Insufficient credits: available 3, required 10"
    );
}

#[test]
fn serialising_into_a_reused_buffer_allocates_nothing() {
    let body = ErrorBody::new(
        ErrorCode::PAYMENT_REQUIRED,
        "Insufficient credits: available 3, required 10",
    )
    .with_retry_after_seconds(u64::MAX);
    let mut buf = Vec::new();
    body.write_json(&mut buf); // the first write sizes the buffer
    let first = buf.clone();
    for _ in 0..3 {
        let (n, ()) = allocations(|| {
            buf.clear();
            body.write_json(&mut buf);
        });
        assert_eq!(n, 0);
        assert_eq!(buf, first);
    }
    let (n, ()) = allocations(|| {
        buf.clear();
        serde_json::to_writer(&mut buf, &body).unwrap();
    });
    assert_eq!((n, &buf), (0, &first));
}

#[test]
fn a_new_json_vec_is_one_allocation() {
    let body = ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS).with_retry_after_seconds(60);
    let (n, json) = allocations(|| body.to_json_vec());
    assert_eq!(n, 1);
    assert_eq!(
        json,
        br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#
    );
}

#[test]
fn parsing_a_body_allocates_its_message_once() {
    let (n, body) = allocations(|| serde_json::from_slice::<ErrorBody>(JSON_402).unwrap());
    assert_eq!(n, 1);
    assert_eq!(
        body.message(),
        "Insufficient credits: available 3, required 10"
    );
    // An escape in the message makes serde_json unescape into its scratch buffer first:
    // here it is allocated and grown once (2), then the message is copied out (1).
    let escaped = br#"{"code":400,"message":"Missing \"model\""}"#;
    let (n, body) = allocations(|| serde_json::from_slice::<ErrorBody>(escaped).unwrap());
    assert_eq!(n, 3);
    assert_eq!(body.message(), r#"Missing "model""#);
}

#[test]
fn a_borrowing_parse_allocates_nothing_without_escapes() {
    let (n, body) = allocations(|| ErrorBodyRef::from_json(JSON_402).unwrap());
    assert_eq!(n, 0);
    assert!(body.is_message_borrowed());
    assert_eq!(
        body.message(),
        "Insufficient credits: available 3, required 10"
    );
    let escaped = br#"{"code":400,"message":"Missing \"model\""}"#;
    let (n, body) = allocations(|| ErrorBodyRef::from_json(escaped).unwrap());
    assert_eq!(n, 3);
    assert_eq!(body.message(), r#"Missing "model""#);
}

#[test]
fn tolerant_client_parse_allocations() {
    let headers = HeaderMap::new();
    let (n, body) = allocations(|| {
        ErrorBody::from_http_parts(StatusCode::PAYMENT_REQUIRED, &headers, JSON_402).unwrap()
    });
    assert_eq!(n, 1);
    assert_eq!(body.code(), ErrorCode::PAYMENT_REQUIRED);

    let html = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
    for page in [&html[..], b"", b"   "] {
        let (n, body) = allocations(|| {
            ErrorBody::from_http_parts(StatusCode::BAD_GATEWAY, &headers, page).unwrap()
        });
        assert_eq!(n, 0);
        assert_eq!(body, ErrorBody::from_code(ErrorCode::BAD_GATEWAY));
    }

    let mut headers = HeaderMap::new();
    headers.insert("retry-after", HeaderValue::from_static("30"));
    let (n, body) = allocations(|| {
        ErrorBody::from_http_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b"").unwrap()
    });
    assert_eq!(n, 0);
    assert_eq!(body.retry_after_seconds(), Some(30));
}
