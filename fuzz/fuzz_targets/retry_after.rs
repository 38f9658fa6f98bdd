//! `retry_after::parse` on arbitrary header values never panics, and `format` /
//! `format_date` round-trip through it.
#![no_main]

use std::time::{Duration, SystemTime};

use arbitrary::Arbitrary;
use http::HeaderValue;
use libfuzzer_sys::fuzz_target;
use sunor_errors::retry_after;

// The last second an HTTP-date can express: 9999-12-31T23:59:59Z.
const LAST_DATE: u64 = 253_402_300_799;

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    value: &'a [u8],
    now_secs: u64,
    delay_secs: u64,
    delay_nanos: u32,
}

fuzz_target!(|input: Input<'_>| {
    let now_secs = input.now_secs % (LAST_DATE + 1);
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(now_secs);

    if let Ok(value) = HeaderValue::from_bytes(input.value)
        && let Ok(delay) = retry_after::parse(&value, now)
    {
        let text = value.as_bytes().trim_ascii();
        if text.iter().all(u8::is_ascii_digit) {
            // Digits only: exactly that many seconds, saturating.
            let expected = std::str::from_utf8(text)
                .unwrap()
                .parse::<u64>()
                .unwrap_or(u64::MAX);
            assert_eq!(delay, Duration::from_secs(expected));
        } else {
            // A date: never further than the last HTTP-date.
            assert!(delay.as_secs() <= LAST_DATE - now_secs, "{delay:?}");
            assert_eq!(delay.subsec_nanos(), 0);
        }
    }

    // format -> parse gives the delay rounded up to whole seconds.
    let delay = Duration::new(input.delay_secs, input.delay_nanos % 1_000_000_000);
    let rounded = delay
        .as_secs()
        .saturating_add(u64::from(delay.subsec_nanos() > 0));
    assert_eq!(
        retry_after::parse(&retry_after::format(delay), now),
        Ok(Duration::from_secs(rounded))
    );
    // format_date -> parse gives the whole-second delay, clamped to the last HTTP-date.
    let at = now_secs.saturating_add(input.delay_secs).min(LAST_DATE);
    let value = retry_after::format_date(SystemTime::UNIX_EPOCH + Duration::from_secs(at));
    assert_eq!(
        retry_after::parse(&value, now),
        Ok(Duration::from_secs(at - now_secs))
    );
});
