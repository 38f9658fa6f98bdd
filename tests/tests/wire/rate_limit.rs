//! `rate_limit::RateLimit`: both header families, the IETF fields winning value by value,
//! hostile values ignored (a table, then properties), writing and reading back; and the
//! reqwest helpers waiting for a reset and pacing a client over a loopback server.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use http::{HeaderMap, HeaderValue};
use proptest::prelude::*;
use sunor_errors::rate_limit::RateLimit;
use sunor_errors::reqwest::send_with_sleep;
use sunor_errors::retry::{Jitter, Retrier, RetryPolicy};
use sunor_errors_tests::rate_limit::HEADER_NAMES;

use crate::support::headers::header_map;
use crate::support::scripted_server;
use scripted_server::scripted;

const NOW: u64 = 1_700_000_000;

fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(NOW)
}

// (limit, remaining, reset in seconds), as read.
type Read = Option<(Option<u64>, Option<u64>, Option<u64>)>;

fn read(pairs: &[(&str, &str)]) -> Read {
    read_map(&header_map(pairs))
}

fn read_map(headers: &HeaderMap) -> Read {
    let found = RateLimit::from_headers(headers, now())?;
    Some((
        found.limit(),
        found.remaining(),
        found.reset().map(|reset| reset.as_secs()),
    ))
}

#[test]
fn both_families_and_hostile_values() {
    let reset = (NOW + 42).to_string();
    let past = (NOW - 5).to_string();
    #[rustfmt::skip]
    let table: Vec<(Vec<(&str, &str)>, Read)> = vec![
        (vec![], None),
        (vec![("x-ratelimit-remaining", "7")], Some((None, Some(7), None))),
        (vec![("x-ratelimit-limit", "60"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", &reset)],
            Some((Some(60), Some(0), Some(42)))),
        (vec![("x-ratelimit-reset", &past)], Some((None, None, Some(0)))),
        (vec![("x-ratelimit-remaining", " 7\t")], Some((None, Some(7), None))),
        (vec![("ratelimit", r#""default";r=7;t=30"#), ("ratelimit-policy", r#""default";q=100;w=60"#)],
            Some((Some(100), Some(7), Some(30)))),
        (vec![("ratelimit", "default;r=7")], Some((None, Some(7), None))),
        // Both valid: IETF wins value by value; what it lacks comes from the X- family.
        (vec![("ratelimit", r#""default";r=1;t=2"#), ("x-ratelimit-remaining", "50"),
              ("x-ratelimit-limit", "60"), ("x-ratelimit-reset", &reset)],
            Some((Some(60), Some(1), Some(2)))),
        // An invalid structured field is ignored whole; the X- family stands.
        (vec![("ratelimit", r#""default";r=1;t=2,"#), ("x-ratelimit-remaining", "50")],
            Some((None, Some(50), None))),
        // Hostile X- values.
        (vec![("x-ratelimit-remaining", "-1")], None),
        (vec![("x-ratelimit-remaining", "+5")], None),
        (vec![("x-ratelimit-remaining", "1.5")], None),
        (vec![("x-ratelimit-remaining", "1e3")], None),
        (vec![("x-ratelimit-remaining", "18446744073709551616")], None),
        (vec![("x-ratelimit-remaining", "")], None),
        (vec![("x-ratelimit-remaining", "seven")], None),
        (vec![("x-ratelimit-remaining", "5"), ("x-ratelimit-remaining", "5")], None),
        (vec![("x-ratelimit-reset", "18446744073709551615")], None),
        (vec![("x-ratelimit-limit", "0x10")], None),
        // Hostile IETF values: the parameter is ignored, or the whole field.
        (vec![("ratelimit", r#""default";r=-1;t=5"#)], Some((None, None, Some(5)))),
        (vec![("ratelimit", r#""default";r=1.5;t=5"#)], Some((None, None, Some(5)))),
        (vec![("ratelimit", r#""default";r=?1;t=5"#)], Some((None, None, Some(5)))),
        (vec![("ratelimit", r#""default";r="7""#)], None),
        (vec![("ratelimit", r#""default";r=1234567890123456"#)], None),
        (vec![("ratelimit", r#""default";r=7;t=5 garbage"#)], None),
        (vec![("ratelimit", r#""unterminated;r=7"#)], None),
        (vec![("ratelimit-policy", r#""default";q=-100"#)], None),
        // Several lines of one structured field are one list.
        (vec![("ratelimit", r#""a";r=9;t=1"#), ("ratelimit", r#""b";r=3;t=20"#)],
            Some((None, Some(3), Some(20)))),
    ];
    for (headers, expected) in table {
        assert_eq!(read(&headers), expected, "{headers:?}");
    }
}

#[test]
fn written_headers_read_back() {
    let mut headers = HeaderMap::new();
    headers.insert("x-ratelimit-remaining", HeaderValue::from_static("99"));
    RateLimit::new(60, 0, Duration::from_millis(1500)).write_headers(&mut headers, now());
    // Replaced, not appended; a fraction of a second rounds up.
    assert_eq!(headers.get_all("x-ratelimit-remaining").iter().count(), 1);
    assert_eq!(headers["x-ratelimit-reset"], (NOW + 2).to_string().as_str());
    assert_eq!(headers["ratelimit"], r#""default";r=0;t=2"#);
    assert_eq!(headers["ratelimit-policy"], r#""default";q=60"#);
    assert_eq!(read_map(&headers), Some((Some(60), Some(0), Some(2))));
}

fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        // Near-valid: digits, signs, dots, blanks and the structured-field alphabet.
        proptest::collection::vec(
            prop_oneof![
                Just(b'0'),
                Just(b'7'),
                Just(b'9'),
                Just(b'-'),
                Just(b'+'),
                Just(b'.'),
                Just(b' '),
                Just(b'"'),
                Just(b';'),
                Just(b'='),
                Just(b','),
                Just(b'r'),
                Just(b't'),
                Just(b'q'),
                Just(b'w'),
                Just(b'\\'),
                Just(b'?'),
            ],
            0..40
        ),
        // Anything a header value may hold.
        proptest::collection::vec(
            prop_oneof![0x20u8..=0x7e, 0x80u8..=0xff, Just(b'\t')],
            0..80
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Any headers of these names: no panic, and an `X-RateLimit-*` value counts exactly when
    /// it is a lone `1*DIGIT` within u64 (the IETF fields absent).
    #[test]
    fn hostile_headers_never_panic_and_x_values_follow_their_model(
        values in proptest::collection::vec((0..HEADER_NAMES.len(), header_value()), 0..6),
        unix_now in 0u64..=4_000_000_000,
    ) {
        let mut headers = HeaderMap::new();
        for (name, bytes) in &values {
            if let Ok(value) = HeaderValue::from_bytes(bytes) {
                headers.append(HEADER_NAMES[*name], value);
            }
        }
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(unix_now);
        let found = RateLimit::from_headers(&headers, now);
        let ietf = headers.contains_key("ratelimit") || headers.contains_key("ratelimit-policy");
        if !ietf {
            let model = |name: &str| {
                let mut all = headers.get_all(name).iter();
                let value = all.next()?;
                if all.next().is_some() {
                    return None;
                }
                let text = value.to_str().ok()?.trim_matches([' ', '\t']);
                if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                text.parse::<u64>().ok()
            };
            let limit = model("x-ratelimit-limit");
            let remaining = model("x-ratelimit-remaining");
            let reset = model("x-ratelimit-reset").and_then(|at| {
                let at = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(at))?;
                Some(at.duration_since(now).unwrap_or(Duration::ZERO))
            });
            match &found {
                None => prop_assert!(limit.is_none() && remaining.is_none() && reset.is_none()),
                Some(found) => {
                    prop_assert_eq!(found.limit(), limit);
                    prop_assert_eq!(found.remaining(), remaining);
                    prop_assert_eq!(found.reset(), reset);
                }
            }
        }
    }

    /// What a server writes, a client reads back exactly (whole seconds).
    #[test]
    fn write_then_read_round_trips(
        limit in 0u64..=999_999_999_999_999,
        remaining in 0u64..=999_999_999_999_999,
        reset in 0u64..=999_999_999,
        window in proptest::option::of(0u64..=999_999_999),
    ) {
        let mut written = RateLimit::new(limit, remaining, Duration::from_secs(reset));
        if let Some(window) = window {
            written = written.with_window(Duration::from_secs(window));
        }
        let mut headers = HeaderMap::new();
        written.write_headers(&mut headers, now());
        prop_assert_eq!(RateLimit::from_headers(&headers, now()), Some(written.clone()));
        // The X- family alone says the same (no window there).
        headers.remove("ratelimit");
        headers.remove("ratelimit-policy");
        let x_only = RateLimit::from_headers(&headers, now()).unwrap();
        prop_assert_eq!(x_only, RateLimit::new(limit, remaining, Duration::from_secs(reset)));
    }
}

const RATE_LIMITED_NO_DELAY: &str = "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nratelimit: \"default\";r=0;t=7\r\nconnection: close\r\ncontent-length: 44\r\n\r\n{\"code\":429,\"message\":\"Rate limit exceeded.\"}";
const OK_SPENT: &str = "HTTP/1.1 200 OK\r\nx-ratelimit-limit: 60\r\nratelimit: \"default\";r=0;t=5\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}";
const OK_PLENTY: &str = "HTTP/1.1 200 OK\r\nx-ratelimit-remaining: 59\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}";

type Log = Arc<Mutex<Vec<String>>>;

fn recording(retrier: Retrier) -> (Retrier, Log) {
    let log = Log::default();
    let sink = Arc::clone(&log);
    (
        retrier.on_attempt(move |report| sink.lock().unwrap().push(report.to_string())),
        log,
    )
}

/// The retrier slept exactly `waits` (whole seconds) and reported exactly `reports`.
fn assert_waited(slept: &Mutex<Vec<Duration>>, waits: &[u64], log: &Log, reports: &[&str]) {
    let waits: Vec<Duration> = waits.iter().copied().map(Duration::from_secs).collect();
    assert_eq!(*slept.lock().unwrap(), waits);
    assert_eq!(*log.lock().unwrap(), reports);
}

#[tokio::test]
async fn a_429_without_delay_waits_for_the_rate_limit_reset() {
    let (url, _) = scripted(
        "/api/v1/account/balance",
        vec![RATE_LIMITED_NO_DELAY, OK_PLENTY],
    )
    .await;
    let (retrier, log) = recording(Retrier::new(RetryPolicy::default().jitter(Jitter::None)));
    let slept = Mutex::new(Vec::new());
    let client = reqwest::Client::new();
    let status = send_with_sleep(client.get(&url), &retrier, |wait| {
        slept.lock().unwrap().push(wait);
        std::future::ready(())
    })
    .await
    .unwrap()
    .status();
    assert_eq!(status, 200);
    // The reset (7 s), not the 30 s fallback for a 429 without a delay.
    assert_waited(
        &slept,
        &[7],
        &log,
        &[
            "attempt 1 failed (API error 429: Rate limit exceeded.), retrying in 7s",
            "attempt 2 succeeded",
        ],
    );
}

#[tokio::test]
async fn pacing_holds_the_next_request_until_the_reset_instead_of_a_429() {
    let (url, _) = scripted(
        "/api/v1/account/balance",
        vec![OK_SPENT, OK_PLENTY, OK_PLENTY],
    )
    .await;
    // A clock that moves only when the retrier sleeps: the hold is decided, not timed.
    let clock = Arc::new(Mutex::new(Instant::now()));
    let time = Arc::clone(&clock);
    let (retrier, log) = recording(
        Retrier::new(RetryPolicy::default())
            .pace_rate_limits()
            .clock(move || *time.lock().unwrap()),
    );
    let slept = Mutex::new(Vec::new());
    let client = reqwest::Client::new();
    let sleep = |wait: Duration| {
        slept.lock().unwrap().push(wait);
        *clock.lock().unwrap() += wait;
        std::future::ready(())
    };
    for _ in 0..3 {
        let response = send_with_sleep(client.get(&url), &retrier, sleep)
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    // Only the request after "nothing left" was held, exactly until the reset.
    assert_waited(
        &slept,
        &[5],
        &log,
        &[
            "attempt 1 succeeded",
            "attempt 1 held for 5s",
            "attempt 1 succeeded",
            "attempt 1 succeeded",
        ],
    );
}
