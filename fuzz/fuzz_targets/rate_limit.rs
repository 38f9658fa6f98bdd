//! `RateLimit::from_headers` on any values of the five rate-limit headers (several lines of
//! each): never a panic; what it reads writes back and reads again the same.
#![no_main]

use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderValue};
use libfuzzer_sys::fuzz_target;
use sunor_errors::rate_limit::RateLimit;

// The header names, as the property tests hold them.
#[path = "../../tests/src/rate_limit.rs"]
mod rate_limit;

use rate_limit::HEADER_NAMES as NAMES;

fuzz_target!(|input: (u32, Vec<(u8, Vec<u8>)>)| {
    let (now, values) = input;
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::from(now));
    let mut headers = HeaderMap::new();
    for (name, bytes) in values.iter().take(16) {
        if let Ok(value) = HeaderValue::from_bytes(bytes) {
            headers.append(NAMES[usize::from(*name) % NAMES.len()], value);
        }
    }
    let Some(found) = RateLimit::from_headers(&headers, now) else {
        return;
    };
    // Whole values within the structured-field range survive a write and a read.
    let fits = |v: Option<u64>| v.is_none_or(|v| v <= 999_999_999_999_999);
    let whole = found.reset().is_none_or(|r| r.subsec_nanos() == 0);
    if let (Some(limit), Some(remaining), Some(reset)) =
        (found.limit(), found.remaining(), found.reset())
        && fits(Some(limit))
        && fits(Some(remaining))
        && fits(Some(reset.as_secs()))
        && whole
    {
        let mut written = HeaderMap::new();
        let rebuilt = RateLimit::new(limit, remaining, reset);
        rebuilt.write_headers(&mut written, now);
        assert_eq!(RateLimit::from_headers(&written, now), Some(rebuilt));
    }
});
