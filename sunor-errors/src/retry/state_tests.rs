//! Unit tests of `RetryState`: every decision, on a manual clock.

use std::sync::{Arc, Mutex};

use super::*;
use crate::rate_limit::RateLimit;
use crate::retry::{Jitter, RetryBudget, RetryPolicy, TransportError};
use crate::{ErrorBody, ErrorCode};

fn api(code: ErrorCode) -> AttemptError {
    AttemptError::from(ErrorBody::from_code(code))
}

fn exact() -> RetryPolicy {
    RetryPolicy::default().jitter(Jitter::None)
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

// A clock that only moves when told.
#[derive(Clone)]
struct Manual(Arc<Mutex<Instant>>);

impl Manual {
    fn new() -> Manual {
        Manual(Arc::new(Mutex::new(Instant::now())))
    }
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
    fn on(&self, retrier: Retrier) -> Retrier {
        let clock = self.clone();
        retrier.clock(move || *clock.0.lock().unwrap())
    }
}

fn reasons() -> (Arc<Mutex<Vec<String>>>, impl Fn(Retrier) -> Retrier) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&log);
    let hook = move |retrier: Retrier| {
        let sink = Arc::clone(&sink);
        retrier.on_attempt(move |report| sink.lock().unwrap().push(report.to_string()))
    };
    (log, hook)
}

#[test]
fn the_counter_moves_only_on_a_retry() {
    let retrier = Retrier::new(exact().max_retries(1));
    let mut state = RetryState::new(&retrier);
    assert_eq!(state.attempt(), 1);
    let error = api(ErrorCode::BAD_GATEWAY);
    assert_eq!(state.failed(&error, true), Next::Retry(secs(1)));
    assert_eq!(state.attempt(), 2);
    assert_eq!(state.failed(&error, true), Next::Stop);
    assert_eq!(state.attempt(), 2);
}

#[test]
fn every_retryable_failure_spends_a_token_and_retries_stop_at_half() {
    let budget = RetryBudget::new(4, 0.5);
    let retrier = Retrier::new(exact().max_retries(1))
        .budget(budget.clone())
        .non_idempotent();
    let refused = AttemptError::from(TransportError::not_sent("connection refused"));
    let mut state = RetryState::new(&retrier);
    assert_eq!(state.failed(&refused, true), Next::Retry(secs(1)));
    assert_eq!(budget.tokens(), 3.0);
    // Retries exhausted, not safe to repeat, not replayable: the failure still costs.
    assert_eq!(state.failed(&refused, true), Next::Stop);
    assert_eq!(budget.tokens(), 2.0);
    let (log, hook) = reasons();
    let retrier = hook(retrier);
    let mut fresh = RetryState::new(&retrier);
    assert_eq!(fresh.failed(&api(ErrorCode::BAD_GATEWAY), true), Next::Stop);
    assert_eq!(fresh.failed(&refused, false), Next::Stop);
    assert_eq!(budget.tokens(), 0.0);
    let mut empty = RetryState::new(&retrier);
    assert_eq!(empty.failed(&refused, true), Next::Stop);
    // Not retryable: no token, whatever the budget.
    assert_eq!(
        empty.failed(&AttemptError::Other("bad url".into()), true),
        Next::Stop
    );
    assert_eq!(budget.tokens(), 0.0);
    assert_eq!(
        *log.lock().unwrap(),
        [
            "attempt 1 failed (API error 502: Upstream provider error), giving up: not safe to repeat",
            "attempt 1 failed (transport error (request not sent): connection refused), giving up: request body cannot be replayed",
            "attempt 1 failed (transport error (request not sent): connection refused), giving up: retry budget exhausted",
            "attempt 1 failed (request failed: bad url), giving up: not retryable",
        ]
    );
}

#[test]
fn successes_and_deliberate_answers_refill_the_budget() {
    let budget = RetryBudget::new(2, 0.5);
    while budget.try_withdraw() {}
    let retrier = Retrier::new(exact()).budget(budget.clone());
    RetryState::new(&retrier).succeeded();
    assert_eq!(budget.tokens(), 0.5);
    let mut state = RetryState::new(&retrier);
    assert_eq!(state.failed(&api(ErrorCode::NOT_FOUND), true), Next::Stop);
    assert_eq!(budget.tokens(), 1.0);
    // A failure that is not the server's answer says nothing about the server.
    assert_eq!(
        state.failed(&AttemptError::Other("bad url".into()), true),
        Next::Stop
    );
    assert_eq!(budget.tokens(), 1.0);
}

#[test]
fn every_outcome_is_reported_with_its_attempt() {
    let (log, hook) = reasons();
    let retrier = hook(Retrier::new(exact()));
    let mut state = RetryState::new(&retrier);
    let error = api(ErrorCode::SERVICE_UNAVAILABLE);
    assert_eq!(state.failed(&error, true), Next::Retry(secs(1)));
    assert_eq!(state.failed(&error, false), Next::Stop);
    let mut state = RetryState::new(&retrier);
    assert_eq!(state.failed(&error, true), Next::Retry(secs(1)));
    state.succeeded();
    assert_eq!(
        *log.lock().unwrap(),
        [
            "attempt 1 failed (API error 503: Service unavailable), retrying in 1s",
            "attempt 2 failed (API error 503: Service unavailable), giving up: request body cannot be replayed",
            "attempt 1 failed (API error 503: Service unavailable), retrying in 1s",
            "attempt 2 succeeded",
        ]
    );
}

#[test]
fn a_wait_that_crosses_the_deadline_gives_up_before_the_budget_pays() {
    let clock = Manual::new();
    let budget = RetryBudget::new(6, 0.5);
    let (log, hook) = reasons();
    let retrier = hook(
        clock.on(Retrier::new(exact())
            .budget(budget.clone())
            .deadline(secs(4))),
    );
    let mut state = RetryState::new(&retrier);
    let error = api(ErrorCode::BAD_GATEWAY);
    assert_eq!(state.failed(&error, true), Next::Retry(secs(1)));
    clock.advance(secs(1));
    assert_eq!(state.ready(Some(&error)), Next::Go);
    // 1 s spent, the next wait is 2 s: ends at 3 s, before the deadline.
    assert_eq!(state.failed(&error, true), Next::Retry(secs(2)));
    clock.advance(secs(2));
    assert_eq!(state.ready(Some(&error)), Next::Go);
    // 3 s spent, 4 s more would end at 7 s: past the deadline, although the budget is
    // empty too (the deadline is named first).
    assert_eq!(state.failed(&error, true), Next::Stop);
    // A server delay longer than what is left gives up the same way.
    let mut state = RetryState::new(&retrier);
    let slow = AttemptError::from(
        ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS).with_retry_after_seconds(4),
    );
    assert_eq!(state.failed(&slow, true), Next::Stop);
    assert_eq!(
        log.lock().unwrap()[2..],
        [
            "attempt 3 failed (API error 502: Upstream provider error), giving up: deadline exceeded",
            "attempt 1 failed (API error 429: Rate limit exceeded.), giving up: deadline exceeded",
        ]
    );
}

#[test]
fn the_attempt_limit_is_the_timeout_or_what_is_left_of_the_deadline() {
    let clock = Manual::new();
    let unlimited = Retrier::new(exact());
    assert_eq!(RetryState::new(&unlimited).attempt_limit(), None);
    let retrier = clock.on(Retrier::new(exact())
        .deadline(secs(10))
        .attempt_timeout(secs(3)));
    let mut state = RetryState::new(&retrier);
    assert_eq!(state.attempt_limit(), Some(secs(3)));
    // A timed-out attempt is a transport failure that may have been sent, retried.
    let (error, next) = state.expired(true);
    assert_eq!(next, Next::Retry(secs(1)));
    assert!(error.is_ambiguous());
    assert_eq!(
        error.to_string(),
        "transport error (request may have been sent): attempt timeout elapsed (3s)"
    );
    clock.advance(secs(8));
    assert_eq!(state.ready(Some(&error)), Next::Go);
    assert_eq!(state.attempt_limit(), Some(secs(2)));
    // Abandoned at the deadline: the run stops, whatever the policy says.
    let (error, next) = state.expired(true);
    assert_eq!(next, Next::Stop);
    assert_eq!(
        error.to_string(),
        "transport error (request may have been sent): deadline elapsed (10s)"
    );
    let only_deadline = clock.on(Retrier::new(exact()).deadline(secs(5)));
    assert_eq!(
        RetryState::new(&only_deadline).attempt_limit(),
        Some(secs(5))
    );
    let only_timeout = Retrier::new(exact()).attempt_timeout(secs(5));
    assert_eq!(
        RetryState::new(&only_timeout).attempt_limit(),
        Some(secs(5))
    );
}

#[test]
fn a_retry_waits_its_turn_while_other_requests_fail() {
    let budget = RetryBudget::new(100, 0.5);
    let (log, hook) = reasons();
    let retrier = hook(Retrier::new(exact()).budget(budget.clone()));
    let error = api(ErrorCode::BAD_GATEWAY);
    let mut mine = RetryState::new(&retrier);
    assert_eq!(mine.failed(&error, true), Next::Retry(secs(1)));
    // Alone: sent on time.
    assert_eq!(mine.ready(Some(&error)), Next::Go);
    assert_eq!(mine.failed(&error, true), Next::Retry(secs(2)));
    // Another request fails meanwhile: this retry is held to the next turn.
    let mut other = RetryState::new(&retrier);
    assert_eq!(other.failed(&error, true), Next::Retry(secs(1)));
    assert_eq!(mine.ready(Some(&error)), Next::Retry(secs(4)));
    assert_eq!(mine.attempt(), 4);
    // Still failing everywhere: the last turn is spent too, and the run stops.
    assert_eq!(mine.ready(Some(&error)), Next::Stop);
    // A success anywhere lets the held retry go.
    let mut third = RetryState::new(&retrier);
    assert_eq!(third.failed(&error, true), Next::Retry(secs(1)));
    RetryState::new(&retrier).succeeded();
    assert_eq!(third.ready(Some(&error)), Next::Go);
    // A 429 is not a sign of an outage: its retry is not held for other failures.
    let mut limited = RetryState::new(&retrier);
    let too_many = api(ErrorCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.failed(&error, true), Next::Retry(secs(1)));
    assert_eq!(limited.ready(Some(&error)), Next::Go);
    assert_eq!(limited.failed(&too_many, true), Next::Retry(secs(30)));
    RetryState::new(&retrier).failed(&error, true);
    RetryState::new(&retrier).failed(&error, true);
    assert_eq!(limited.ready(Some(&too_many)), Next::Go);
    // Without a budget there is no memory of other requests.
    let lone = Retrier::new(exact()).without_budget();
    let mut state = RetryState::new(&lone);
    assert_eq!(state.failed(&error, true), Next::Retry(secs(1)));
    assert_eq!(state.ready(Some(&error)), Next::Go);
    assert_eq!(
        log.lock().unwrap()[3..5],
        [
            "attempt 4 held for 4s",
            "attempt 4 failed (API error 502: Upstream provider error), giving up: retries exhausted",
        ]
    );
}

#[test]
fn pacing_holds_attempts_until_the_reset() {
    let clock = Manual::new();
    let retrier = clock.on(Retrier::new(exact()).pace_rate_limits().deadline(secs(20)));
    let mut state = RetryState::new(&retrier);
    assert_eq!(state.ready(None), Next::Go);
    retrier.observe_rate_limit(&RateLimit::new(60, 0, secs(12)));
    assert_eq!(state.ready(None), Next::Retry(secs(12)));
    clock.advance(secs(12));
    assert_eq!(state.ready(None), Next::Go);
    // A hold past a retry's deadline gives up; the first attempt is sent anyway.
    retrier.observe_rate_limit(&RateLimit::new(60, 0, secs(9)));
    let error = api(ErrorCode::BAD_GATEWAY);
    assert_eq!(state.ready(Some(&error)), Next::Stop);
    assert_eq!(RetryState::new(&retrier).ready(None), Next::Retry(secs(9)));
    // A reset further than the policy's cap on server delays is not waited for.
    retrier.observe_rate_limit(&RateLimit::new(60, 0, secs(3600)));
    let patient = clock.on(Retrier::new(exact()).pace_rate_limits());
    patient.observe_rate_limit(&RateLimit::new(60, 0, secs(3600)));
    assert_eq!(RetryState::new(&patient).ready(None), Next::Go);
    // Without pacing, nothing is held.
    let plain = Retrier::new(exact());
    plain.observe_rate_limit(&RateLimit::new(60, 0, secs(9)));
    assert_eq!(RetryState::new(&plain).ready(None), Next::Go);
}

#[test]
fn a_429_without_delay_waits_for_the_reset_it_was_told() {
    let retrier = Retrier::new(exact());
    let mut state = RetryState::new(&retrier);
    let bare = api(ErrorCode::TOO_MANY_REQUESTS);
    assert_eq!(
        state.failed_with_reset(&bare, true, Some(secs(7))),
        Next::Retry(secs(7))
    );
    assert_eq!(state.failed(&bare, true), Next::Retry(secs(30)));
}
