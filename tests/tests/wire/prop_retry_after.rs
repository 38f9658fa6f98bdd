//! Property: every `Retry-After` value round-trips through format and parse, and parse never
//! panics on any header value.

use std::time::{Duration, SystemTime};

use http::HeaderValue;
use proptest::prelude::*;
use sunor_errors::retry_after;

// 9999-12-31T23:59:59Z, the last instant an HTTP-date can name.
const LAST_DATE: u64 = 253_402_300_799;

fn at(seconds: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn seconds_round_trip(seconds in any::<u64>(), now in 0..=LAST_DATE) {
        let value = retry_after::format_seconds(seconds);
        prop_assert_eq!(value.to_str().unwrap(), seconds.to_string());
        prop_assert_eq!(retry_after::parse(&value, at(now)), Ok(Duration::from_secs(seconds)));
    }

    #[test]
    fn durations_round_trip_rounded_up(secs in any::<u64>(), nanos in 0u32..1_000_000_000) {
        let delay = Duration::new(secs, nanos);
        let expected = if nanos > 0 { secs.saturating_add(1) } else { secs };
        let parsed = retry_after::parse(&retry_after::format(delay), at(0)).unwrap();
        prop_assert_eq!(parsed, Duration::from_secs(expected));
        // Never earlier than asked, unless the request is past what a u64 can say.
        prop_assert!(parsed >= delay || secs == u64::MAX);
    }

    #[test]
    fn dates_round_trip(now in 0..=LAST_DATE, then in 0..=LAST_DATE) {
        let value = retry_after::format_date(at(then));
        prop_assert_eq!(
            retry_after::parse(&value, at(now)),
            Ok(Duration::from_secs(then.saturating_sub(now)))
        );
    }

    #[test]
    fn blanks_around_digits_are_allowed(
        seconds in any::<u64>(),
        before in "[ \t]{0,3}",
        after in "[ \t]{0,3}",
    ) {
        let value = HeaderValue::from_str(&format!("{before}{seconds}{after}")).unwrap();
        prop_assert_eq!(retry_after::parse(&value, at(0)), Ok(Duration::from_secs(seconds)));
    }

    #[test]
    fn digit_runs_saturate(digits in "[0-9]{1,60}") {
        let value = HeaderValue::from_str(&digits).unwrap();
        let expected = digits.parse::<u64>().unwrap_or(u64::MAX);
        prop_assert_eq!(retry_after::parse(&value, at(0)), Ok(Duration::from_secs(expected)));
    }

    #[test]
    fn any_value_parses_or_fails_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..64), now in 0..=LAST_DATE) {
        if let Ok(value) = HeaderValue::from_bytes(&bytes) {
            match retry_after::parse(&value, at(now)) {
                Ok(delay) => {
                    let text = value.as_bytes().trim_ascii();
                    if !text.iter().all(u8::is_ascii_digit) {
                        // A date: within the HTTP-date range, whole seconds.
                        prop_assert!(delay.as_secs() <= LAST_DATE - now);
                        prop_assert_eq!(delay.subsec_nanos(), 0);
                    }
                }
                Err(e) => prop_assert!(e.to_string().starts_with("invalid Retry-After: ")),
            }
        }
    }
}
