//! The blocking and async executors on scripted operations: stop at once on a
//! non-retryable error, the last error when retries run out, every attempt reported in order.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use sunor_errors::retry::{
    AttemptError, AttemptOutcome, GiveUpReason, Jitter, Retrier, RetryBudget, RetryPolicy,
    TransportError,
};
use sunor_errors::{ErrorBody, ErrorCode};

fn api(code: u16) -> AttemptError {
    AttemptError::from(ErrorBody::from_code(ErrorCode::from_u16(code).unwrap()))
}

// A refused connection: not sent, so safe to repeat.
fn refused() -> AttemptError {
    AttemptError::from(TransportError::not_sent("connection refused"))
}

// The code of the API error a run ended in.
fn final_code(result: Result<&'static str, AttemptError>) -> ErrorCode {
    result.unwrap_err().as_error_body().unwrap().code()
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

type Script = VecDeque<Result<&'static str, AttemptError>>;
type Log = Arc<Mutex<Vec<(u32, Option<String>, AttemptOutcome)>>>;

fn exact() -> RetryPolicy {
    RetryPolicy::default().jitter(Jitter::None)
}

// A retrier that records every report.
fn recording(retrier: Retrier) -> (Retrier, Log) {
    let log: Log = Arc::default();
    let sink = Arc::clone(&log);
    let retrier = retrier.on_attempt(move |report| {
        sink.lock().unwrap().push((
            report.attempt(),
            report.error().map(|e| e.to_string()),
            report.outcome(),
        ))
    });
    (retrier, log)
}

// Runs the blocking executor on a script; returns the result, the attempts seen and sleeps.
fn run_blocking(
    retrier: &Retrier,
    script: Script,
) -> (Result<&'static str, AttemptError>, Vec<u32>, Vec<Duration>) {
    let mut script = script;
    let mut attempts = Vec::new();
    let mut slept = Vec::new();
    let result = retrier.run_blocking_with_sleep(
        |attempt| {
            attempts.push(attempt);
            script.pop_front().expect("script ran out")
        },
        |wait| slept.push(wait),
    );
    (result, attempts, slept)
}

#[test]
fn blocking_stops_at_once_on_non_retryable() {
    let (retrier, log) = recording(Retrier::new(exact()));
    let (result, attempts, slept) = run_blocking(&retrier, Script::from([Err(api(402))]));
    assert_eq!(final_code(result), ErrorCode::PAYMENT_REQUIRED);
    assert_eq!(attempts, [1]);
    assert!(slept.is_empty());
    assert_eq!(
        *log.lock().unwrap(),
        [(
            1,
            Some("API error 402: Payment required".to_owned()),
            AttemptOutcome::GaveUp(GiveUpReason::NotRetryable)
        )]
    );
}

#[test]
fn blocking_returns_the_last_error_when_retries_run_out() {
    let (retrier, log) = recording(Retrier::new(exact()));
    let script = Script::from([Err(api(500)), Err(refused()), Err(api(503)), Err(api(502))]);
    let (result, attempts, slept) = run_blocking(&retrier, script);
    assert_eq!(final_code(result), ErrorCode::BAD_GATEWAY);
    assert_eq!(attempts, [1, 2, 3, 4]);
    assert_eq!(slept, [secs(1), secs(2), secs(4)]);
    let log = log.lock().unwrap();
    let outcomes: Vec<AttemptOutcome> = log.iter().map(|r| r.2).collect();
    assert_eq!(
        outcomes,
        [
            AttemptOutcome::RetryAfter(secs(1)),
            AttemptOutcome::RetryAfter(secs(2)),
            AttemptOutcome::RetryAfter(secs(4)),
            AttemptOutcome::GaveUp(GiveUpReason::RetriesExhausted),
        ]
    );
    assert_eq!(
        log[1].1.as_deref(),
        Some("transport error (request not sent): connection refused")
    );
}

#[test]
fn blocking_honours_rate_limit_then_succeeds_and_reports_in_order() {
    let (retrier, log) = recording(Retrier::new(exact()));
    let limited = AttemptError::from(
        ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS).with_retry_after_seconds(7),
    );
    let script = Script::from([Err(limited), Err(api(502)), Ok("created")]);
    let (result, attempts, slept) = run_blocking(&retrier, script);
    assert_eq!(result.unwrap(), "created");
    assert_eq!(attempts, [1, 2, 3]);
    assert_eq!(slept, [secs(7), secs(2)]);
    let log = log.lock().unwrap();
    assert_eq!(
        *log,
        [
            (
                1,
                Some("API error 429: Rate limit exceeded.".to_owned()),
                AttemptOutcome::RetryAfter(secs(7))
            ),
            (
                2,
                Some("API error 502: Upstream provider error".to_owned()),
                AttemptOutcome::RetryAfter(secs(2))
            ),
            (3, None, AttemptOutcome::Succeeded),
        ]
    );
}

#[test]
fn server_delay_above_the_cap_surfaces_instead_of_sleeping() {
    let (retrier, log) = recording(Retrier::new(exact()));
    let forever = AttemptError::from(
        ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS).with_retry_after_seconds(99_999_999),
    );
    let (result, attempts, slept) = run_blocking(&retrier, Script::from([Err(forever)]));
    assert_eq!(
        result
            .unwrap_err()
            .as_error_body()
            .unwrap()
            .retry_after_seconds(),
        Some(99_999_999)
    );
    assert_eq!(attempts, [1]);
    assert!(slept.is_empty());
    assert_eq!(
        log.lock().unwrap()[0].2,
        AttemptOutcome::GaveUp(GiveUpReason::ServerDelayTooLong)
    );
}

// A server delay past the cap crosses both limits when a deadline is set: the nearer limit
// is the reason given.
#[test]
fn server_delay_above_the_cap_names_the_nearer_limit() {
    let policy = exact().max_retry_after(secs(120));
    let forever = || {
        AttemptError::from(
            ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS).with_retry_after_seconds(3_600),
        )
    };
    for (deadline, reason) in [
        (secs(30), GiveUpReason::Deadline),
        (secs(119), GiveUpReason::Deadline),
        (secs(600), GiveUpReason::ServerDelayTooLong),
        (secs(7_200), GiveUpReason::ServerDelayTooLong),
    ] {
        let (retrier, log) = recording(Retrier::new(policy.clone()).deadline(deadline));
        let (result, attempts, slept) = run_blocking(&retrier, Script::from([Err(forever())]));
        assert!(result.is_err());
        assert_eq!(attempts, [1]);
        assert!(slept.is_empty());
        assert_eq!(
            log.lock().unwrap()[..],
            [(
                1,
                Some("API error 429: Rate limit exceeded.".to_owned()),
                AttemptOutcome::GaveUp(reason)
            )],
            "deadline {deadline:?}"
        );
    }
}

#[test]
fn non_idempotent_stops_on_ambiguous_failures_only() {
    let (retrier, log) = recording(Retrier::new(exact()).non_idempotent());
    // 429 and a refused connection are safe; the 5xx that follows is not.
    let script = Script::from([
        Err(AttemptError::from(
            ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS).with_retry_after_seconds(1),
        )),
        Err(refused()),
        Err(api(500)),
    ]);
    let (result, attempts, slept) = run_blocking(&retrier, script);
    assert_eq!(final_code(result), ErrorCode::INTERNAL_SERVER_ERROR);
    assert_eq!(attempts, [1, 2, 3]);
    assert_eq!(slept, [secs(1), secs(2)]);
    assert_eq!(
        log.lock().unwrap()[2].2,
        AttemptOutcome::GaveUp(GiveUpReason::NotSafeToRepeat)
    );

    let (retrier, log) = recording(Retrier::new(exact()).non_idempotent());
    let timeout = AttemptError::from(TransportError::maybe_sent("timed out"));
    let (result, attempts, _) = run_blocking(&retrier, Script::from([Err(timeout)]));
    assert!(result.unwrap_err().is_ambiguous());
    assert_eq!(attempts, [1]);
    assert_eq!(
        log.lock().unwrap()[0].2,
        AttemptOutcome::GaveUp(GiveUpReason::NotSafeToRepeat)
    );
}

#[test]
fn non_idempotent_retries_a_request_never_sent_but_not_a_503() {
    let old = Retrier::new(exact()).non_idempotent();
    assert!(old.is_non_idempotent());
    assert!(!Retrier::new(exact()).is_non_idempotent());
    let (retrier, log) = recording(old);
    let script = Script::from([Err(refused()), Err(api(503))]);
    let (result, attempts, slept) = run_blocking(&retrier, script);
    assert_eq!(final_code(result), ErrorCode::SERVICE_UNAVAILABLE);
    assert_eq!(attempts, [1, 2]);
    assert_eq!(slept, [secs(1)]);
    assert_eq!(
        log.lock().unwrap()[1].2,
        AttemptOutcome::GaveUp(GiveUpReason::NotSafeToRepeat)
    );
}

#[test]
fn other_errors_are_never_retried() {
    let retrier = Retrier::new(exact());
    let (result, attempts, _) = run_blocking(
        &retrier,
        Script::from([Err(AttemptError::Other("invalid URL".into()))]),
    );
    assert_eq!(
        result.unwrap_err().to_string(),
        "request failed: invalid URL"
    );
    assert_eq!(attempts, [1]);
}

#[test]
fn a_budget_below_half_turns_retries_off_and_successes_refill_it() {
    let budget = RetryBudget::new(6, 0.5);
    let (retrier, log) = recording(Retrier::new(exact()).budget(budget.clone()));
    // Every failure spends a token: 5 and 4 of 6 left allow a retry, 3 does not.
    let script = Script::from([Err(api(502)), Err(api(502)), Err(api(502))]);
    let (result, attempts, slept) = run_blocking(&retrier, script);
    assert!(result.is_err());
    assert_eq!(attempts, [1, 2, 3]);
    assert_eq!(slept, [secs(1), secs(2)]);
    assert_eq!(
        log.lock().unwrap()[2].2,
        AttemptOutcome::GaveUp(GiveUpReason::BudgetExhausted)
    );
    assert_eq!(budget.tokens(), 3.0);
    // At half: a failing request gets one attempt.
    let (_, attempts, _) = run_blocking(&retrier, Script::from([Err(api(500))]));
    assert_eq!(attempts, [1]);
    assert_eq!(budget.tokens(), 2.0);
    // Successes (a plain 404 too: the server is up) earn tokens back.
    for _ in 0..3 {
        let (_, _, _) = run_blocking(&retrier, Script::from([Ok("ok")]));
        let (_, _, _) = run_blocking(&retrier, Script::from([Err(api(404))]));
    }
    assert_eq!(budget.tokens(), 5.0);
    let (result, attempts, _) = run_blocking(&retrier, Script::from([Err(api(500)), Ok("ok")]));
    assert_eq!(result.unwrap(), "ok");
    assert_eq!(attempts, [1, 2]);
}

#[test]
fn sleeps_never_exceed_the_policy_bound() {
    let policy = RetryPolicy::default().max_retries(20);
    let bound = policy.longest_wait();
    let retrier = Retrier::new(policy).without_budget();
    let script: Script = (0..21)
        .map(|i| {
            Err(AttemptError::from(
                ErrorBody::from_code(ErrorCode::SERVICE_UNAVAILABLE)
                    .with_retry_after_seconds(i * 6),
            ))
        })
        .collect();
    let (result, attempts, slept) = run_blocking(&retrier, script);
    assert!(result.is_err());
    assert_eq!(attempts.len(), 21);
    assert_eq!(slept.len(), 20);
    assert!(slept.iter().all(|d| *d <= bound), "{slept:?}");
}

// A minimal executor: the async executor must not need any particular runtime.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
}

// A sleep that records and completes at once (virtual time).
fn recorded_sleep(
    slept: &Arc<Mutex<Vec<Duration>>>,
) -> impl FnMut(Duration) -> Pin<Box<dyn Future<Output = ()>>> {
    let slept = Arc::clone(slept);
    move |wait| {
        slept.lock().unwrap().push(wait);
        Box::pin(std::future::ready(()))
    }
}

#[test]
fn async_on_any_runtime_stops_on_non_retryable_and_reports() {
    let (retrier, log) = recording(Retrier::new(exact()));
    let slept = Arc::new(Mutex::new(Vec::new()));
    let script = Arc::new(Mutex::new(Script::from([Err(api(500)), Err(api(401))])));
    let result = block_on(retrier.run(
        |_| {
            let next = script.lock().unwrap().pop_front().expect("script ran out");
            async move { next }
        },
        recorded_sleep(&slept),
    ));
    assert_eq!(final_code(result), ErrorCode::UNAUTHORIZED);
    assert_eq!(*slept.lock().unwrap(), [secs(1)]);
    assert_eq!(
        *log.lock().unwrap(),
        [
            (
                1,
                Some("API error 500: Internal server error".to_owned()),
                AttemptOutcome::RetryAfter(secs(1))
            ),
            (
                2,
                Some("API error 401: Unauthorized".to_owned()),
                AttemptOutcome::GaveUp(GiveUpReason::NotRetryable)
            ),
        ]
    );
}

#[test]
fn async_returns_last_error_on_exhaustion() {
    let (retrier, log) = recording(Retrier::new(exact()));
    let slept = Arc::new(Mutex::new(Vec::new()));
    let calls = Arc::new(Mutex::new(Vec::new()));
    let result: Result<(), AttemptError> = block_on(retrier.run(
        |attempt| {
            calls.lock().unwrap().push(attempt);
            async move {
                Err(AttemptError::from(TransportError::maybe_sent(format!(
                    "timeout #{attempt}"
                ))))
            }
        },
        recorded_sleep(&slept),
    ));
    assert_eq!(
        result.unwrap_err().to_string(),
        "transport error (request may have been sent): timeout #4"
    );
    assert_eq!(*calls.lock().unwrap(), [1, 2, 3, 4]);
    assert_eq!(*slept.lock().unwrap(), [secs(1), secs(2), secs(4)]);
    let attempts: Vec<u32> = log.lock().unwrap().iter().map(|r| r.0).collect();
    assert_eq!(attempts, [1, 2, 3, 4]);
}

#[tokio::test(flavor = "current_thread")]
async fn async_on_tokio_succeeds_after_retries() {
    let policy = exact()
        .base_delay(Duration::from_millis(20))
        .min_delay(Duration::ZERO);
    let (retrier, log) = recording(Retrier::new(policy));
    let result = retrier
        .run_tokio(|attempt| async move {
            match attempt {
                1 => Err(api(503)),
                2 => Err(AttemptError::from(TransportError::not_sent("refused"))),
                _ => Ok(attempt),
            }
        })
        .await;
    assert_eq!(result.unwrap(), 3);
    let outcomes: Vec<AttemptOutcome> = log.lock().unwrap().iter().map(|r| r.2).collect();
    assert_eq!(
        outcomes,
        [
            AttemptOutcome::RetryAfter(Duration::from_millis(20)),
            AttemptOutcome::RetryAfter(Duration::from_millis(40)),
            AttemptOutcome::Succeeded,
        ]
    );
}

// `TypedError` serves any run, not only the reqwest helpers: the last error decoded into
// the server's own type (here `ErrorCode`, which every body decodes to).
#[test]
fn typed_error_serves_any_retrier_run() {
    use sunor_errors::retry::TypedError;
    let retrier = Retrier::new(exact());
    let (result, attempts, _) = run_blocking(&retrier, Script::from([Err(api(404))]));
    assert_eq!(attempts, [1]);
    let error = result.map_err(TypedError::<ErrorCode>::from).unwrap_err();
    assert_eq!(error.known(), Some(&ErrorCode::NOT_FOUND));
    assert_eq!(error.to_string(), "API error 404: Not found");
    let (result, _, _) = run_blocking(
        &retrier.clone().without_budget(),
        Script::from([
            Err(refused()),
            Err(refused()),
            Err(refused()),
            Err(refused()),
        ]),
    );
    let error = TypedError::<ErrorCode>::from(result.unwrap_err());
    assert!(matches!(&error, TypedError::Transport(e) if !e.may_have_been_sent()));
    // The old path names the same type.
    let _: sunor_errors::integrations::reqwest::TypedError<ErrorCode> = error;
}

// Each getter is named after its builder method (`_ref`, as `http::request::Builder`); the
// 0.1.0 getters still answer, deprecated.
#[test]
fn getters_are_named_after_their_builders() {
    let plain = Retrier::new(exact());
    assert!(plain.budget_ref().is_some());
    assert_eq!(plain.deadline_ref(), None);
    assert_eq!(plain.attempt_timeout_ref(), None);
    assert!(!plain.is_non_idempotent());
    let set = plain
        .clone()
        .without_budget()
        .deadline(secs(30))
        .attempt_timeout(secs(5))
        .non_idempotent();
    assert!(set.budget_ref().is_none());
    assert_eq!(set.deadline_ref(), Some(secs(30)));
    assert_eq!(set.attempt_timeout_ref(), Some(secs(5)));
    assert!(set.is_non_idempotent());
    #[allow(deprecated)]
    {
        assert!(plain.retry_budget().is_some() && set.retry_budget().is_none());
        assert!(plain.repeats_ambiguous() && !set.repeats_ambiguous());
    }
}
