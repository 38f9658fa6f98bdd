//! The documented retry policy, driven through real responses: every case of the API's
//! errors page ends in the exact decision.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderValue, StatusCode};
use sunor_errors::ErrorBody;
use sunor_errors::retry::{Jitter, JitterRng, RetryDecision, RetryPolicy};

fn response(status: u16, retry_after: Option<&str>, body: &str) -> ErrorBody {
    let mut headers = HeaderMap::new();
    if let Some(value) = retry_after {
        headers.insert("retry-after", HeaderValue::from_str(value).unwrap());
    }
    ErrorBody::from_http_parts(
        StatusCode::from_u16(status).unwrap(),
        &headers,
        body.as_bytes(),
    )
    .unwrap()
}

/// The wait `policy` draws with `rng` after `retries` retries of `error`; giving up panics.
fn jittered_wait(
    policy: &RetryPolicy,
    retries: u32,
    error: &ErrorBody,
    rng: &mut JitterRng,
) -> Duration {
    match policy.decide_with(retries, error, rng) {
        RetryDecision::Retry(d) => d,
        RetryDecision::GiveUp => panic!("gave up on retry {retries}"),
    }
}

const EVERY_JITTER: [Jitter; 5] = [
    Jitter::None,
    Jitter::Additive,
    Jitter::Full,
    Jitter::Equal,
    Jitter::Decorrelated,
];

fn wait(seconds: u64) -> RetryDecision {
    RetryDecision::Retry(Duration::from_secs(seconds))
}

#[test]
fn client_errors_give_up_at_once() {
    let policy = RetryPolicy::default();
    for (status, body) in [
        (
            400,
            r#"{"code":400,"message":"Missing required fields: model, task_type, input"}"#,
        ),
        (401, r#"{"code":401,"message":"Invalid API key"}"#),
        (
            402,
            r#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#,
        ),
        (404, r#"{"code":404,"message":"Task not found"}"#),
    ] {
        let error = response(status, None, body);
        assert_eq!(policy.decide(0, &error), RetryDecision::GiveUp, "{status}");
        assert_eq!(
            policy.decide_with(0, &error, &mut JitterRng::new(1)),
            RetryDecision::GiveUp
        );
    }
}

#[test]
fn rate_limit_waits_the_larger_of_header_and_body() {
    let policy = RetryPolicy::default();
    let body_60 = r#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#;
    let body_5 = r#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":5}"#;
    // Body only, header only, both (either larger).
    assert_eq!(policy.decide(0, &response(429, None, body_60)), wait(60));
    assert_eq!(policy.decide(0, &response(429, Some("17"), "")), wait(17));
    assert_eq!(
        policy.decide(0, &response(429, Some("20"), body_5)),
        wait(20)
    );
    assert_eq!(
        policy.decide(1, &response(429, Some("2"), body_60)),
        wait(60)
    );
    // Neither: the docs' 30 s.
    assert_eq!(policy.decide(0, &response(429, None, "")), wait(30));
    assert_eq!(
        policy.decide(0, &response(429, Some("soon"), "<html>slow down</html>")),
        wait(30)
    );
    // Retries are counted for 429 too.
    assert_eq!(
        policy.decide(3, &response(429, None, body_60)),
        RetryDecision::GiveUp
    );
}

#[test]
fn server_errors_wait_1_2_4_then_give_up() {
    let policy = RetryPolicy::default().jitter(Jitter::None);
    for (status, body) in [
        (500, r#"{"code":500,"message":"Internal server error"}"#),
        (502, r#"{"code":502,"message":"Upstream provider error"}"#),
        (502, "<html><h1>502 Bad Gateway</h1></html>"),
    ] {
        let error = response(status, None, body);
        let decisions: Vec<RetryDecision> = (0..4).map(|n| policy.decide(n, &error)).collect();
        assert_eq!(
            decisions,
            [wait(1), wait(2), wait(4), RetryDecision::GiveUp]
        );
    }
}

#[test]
fn default_jitter_spreads_5xx_within_the_documented_wait_and_half_again() {
    let policy = RetryPolicy::default();
    let error = response(500, None, "");
    let mut rng = JitterRng::new(2024);
    for (retries, full_ms) in [(0u32, 1000u64), (1, 2000), (2, 4000)] {
        let waits: Vec<Duration> = (0..200)
            .map(|_| jittered_wait(&policy, retries, &error, &mut rng))
            .collect();
        // Never earlier than the docs' 1 s, 2 s, 4 s; at most half as long again.
        let low = Duration::from_millis(full_ms);
        let high = Duration::from_millis(full_ms * 3 / 2);
        assert!(waits.iter().all(|d| (low..=high).contains(d)));
        assert!(waits.iter().any(|d| *d < low + (high - low) / 4));
        assert!(waits.iter().any(|d| *d > high - (high - low) / 4));
    }
    assert_eq!(
        policy.decide_with(3, &error, &mut rng),
        RetryDecision::GiveUp
    );
}

#[test]
fn absurd_retry_after_gives_up_instead_of_sleeping() {
    let policy = RetryPolicy::default();
    assert_eq!(
        policy.decide(0, &response(429, Some("99999999"), "")),
        RetryDecision::GiveUp
    );
    assert_eq!(
        policy.decide(0, &response(503, Some("99999999"), "")),
        RetryDecision::GiveUp
    );
    // Saturated past u64.
    assert_eq!(
        policy.decide(0, &response(429, Some("999999999999999999999999"), "")),
        RetryDecision::GiveUp
    );
    // The cap itself is honoured, one second more is not.
    assert_eq!(policy.decide(0, &response(429, Some("120"), "")), wait(120));
    assert_eq!(
        policy.decide(0, &response(429, Some("121"), "")),
        RetryDecision::GiveUp
    );
    // A raised cap sleeps.
    let patient = RetryPolicy::default().max_retry_after(Duration::from_secs(3600));
    assert_eq!(
        patient.decide(0, &response(429, Some("3600"), "")),
        wait(3600)
    );
}

#[test]
fn past_http_date_retries_promptly_but_not_in_a_burst() {
    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(3600));
    let error = response(429, Some(&past), "");
    assert_eq!(error.retry_after_seconds(), Some(0));
    let policy = RetryPolicy::default();
    let mut rng = JitterRng::new(77);
    let waits: Vec<Duration> = (0..1000)
        .map(|_| jittered_wait(&policy, 0, &error, &mut rng))
        .collect();
    let (low, high) = (Duration::from_millis(250), Duration::from_millis(500));
    assert!(waits.iter().all(|d| (low..=high).contains(d)));
    // A thousand clients answered at once come back spread over the window, not together.
    let mut buckets = [0u32; 5];
    for d in &waits {
        let i = ((d.as_millis() - 250) / 50).min(4) as usize;
        buckets[i] += 1;
    }
    assert!(buckets.iter().all(|&n| n > 120), "{buckets:?}");
    assert_eq!(
        RetryPolicy::default()
            .jitter(Jitter::None)
            .decide(0, &error),
        RetryDecision::Retry(low)
    );
}

#[test]
fn server_delay_on_5xx_is_a_floor_even_with_jitter() {
    for jitter in EVERY_JITTER {
        let policy = RetryPolicy::default().jitter(jitter);
        let error = response(503, Some("9"), "");
        let mut rng = JitterRng::new(5);
        for retries in 0..3 {
            for _ in 0..100 {
                let d = jittered_wait(&policy, retries, &error, &mut rng);
                assert!(d >= Duration::from_secs(9), "{jitter:?}: {d:?}");
                assert!(d <= policy.longest_wait());
            }
        }
    }
}
