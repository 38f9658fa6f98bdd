//! `ErrorBody::from_http_parts` with an arbitrary status, headers and body: never a panic,
//! `Ok` with the status as code for every 4xx/5xx, `Err(NotAnError)` for everything else.
#![no_main]

#[path = "display.rs"]
mod display;

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
    // The documented reading: within the size bound, after a byte-order mark and blanks, an
    // object that is an error body gives its message; else a problem details object its
    // detail (else title); anything else the default message.
    let object = json_object(input.body);
    let expected = match object.and_then(|o| serde_json::from_slice::<ErrorBody>(o).ok()) {
        Some(parsed) => parsed.message().to_owned(),
        None => object
            .and_then(problem_message)
            .unwrap_or_else(|| error.code().default_message().to_owned()),
    };
    assert_eq!(error.message(), expected);
    display::assert_display_is_safe(&error);
});

// The bytes a client hands to a JSON parser: none past the size bound; after an optional
// byte-order mark and ASCII blanks, only what starts with `{`.
fn json_object(body: &[u8]) -> Option<&[u8]> {
    if body.len() > ErrorBody::MAX_BODY_BYTES {
        return None;
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    (body[start] == b'{').then(|| &body[start..])
}

// RFC 9457, modelled on `serde_json::Value` (independent of the crate's visitor): an object
// whose `detail`, else `title`, is a string with more than blanks.
fn problem_message(object: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(object).ok()?;
    let object = value.as_object()?;
    ["detail", "title"].into_iter().find_map(|member| {
        let text = object.get(member)?.as_str()?;
        (!text.trim().is_empty()).then(|| text.to_owned())
    })
}
