//! `ErrorBody::from_http_parts` with an arbitrary status, headers and body: never a panic,
//! `Ok` with the status as code for every 4xx/5xx, `Err(NotAnError)` for everything else.
#![no_main]

use std::time::{Duration, SystemTime};

use arbitrary::Arbitrary;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header::RETRY_AFTER};
use libfuzzer_sys::fuzz_target;
use sunor_errors::{ErrorBody, retry_after};

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    status: u16,
    now_secs: u32,
    headers: Vec<Header<'a>>,
    body: &'a [u8],
}

#[derive(Debug, Arbitrary)]
enum Header<'a> {
    // Most of the interest is in Retry-After, so it gets its own arm.
    RetryAfter(&'a [u8]),
    ContentType(&'a [u8]),
    Other(&'a [u8], &'a [u8]),
}

fuzz_target!(|input: Input<'_>| {
    let Ok(status) = StatusCode::from_u16(input.status) else {
        return;
    };
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::from(input.now_secs));
    let mut headers = HeaderMap::new();
    for header in &input.headers {
        let (name, value) = match header {
            Header::RetryAfter(v) => (RETRY_AFTER, *v),
            Header::ContentType(v) => (http::header::CONTENT_TYPE, *v),
            Header::Other(n, v) => match HeaderName::from_bytes(n) {
                Ok(name) => (name, *v),
                Err(_) => continue,
            },
        };
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(name, value);
        }
    }

    let result = ErrorBody::from_http_parts_at(status, &headers, input.body, now);
    if !(400..=599).contains(&input.status) {
        assert_eq!(result.map_err(|e| e.status()), Err(status));
        return;
    }
    let error = result.expect("a 4xx/5xx always gives a body");
    assert_eq!(error.code().as_u16(), input.status);

    // The delay is at least every valid Retry-After header (rounded up to whole seconds).
    for value in headers.get_all(RETRY_AFTER) {
        if let Ok(delay) = retry_after::parse(value, now) {
            let floor = delay.as_secs() + u64::from(delay.subsec_nanos() > 0);
            assert!(error.retry_after_seconds().is_some_and(|s| s >= floor));
        }
    }
    // A body that is not a strict JSON error body gives the default message.
    let strict = serde_json::from_slice::<ErrorBody>(input.body).ok();
    if strict.is_none() && !input.body.starts_with(b"\xEF\xBB\xBF") {
        assert_eq!(error.message(), error.code().default_message());
    }
    if let Some(parsed) = strict
        && input.body.len() <= ErrorBody::MAX_BODY_BYTES
        && input.body.first() == Some(&b'{')
    {
        assert_eq!(error.message(), parsed.message());
    }
    let shown = error.to_string();
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    assert!(
        shown.len() <= ErrorBody::MAX_DISPLAY_BYTES + 64,
        "{}",
        shown.len()
    );
});
