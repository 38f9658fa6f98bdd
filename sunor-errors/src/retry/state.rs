//! [`RetryState`]: the retry loop, written once. The executors (blocking, async, reqwest)
//! only call the operation, feed its outcome here, and sleep or return as told.

use std::time::Duration;

use super::{AttemptError, AttemptOutcome, AttemptReport, GiveUpReason, JitterRng, Retrier};

/// What an executor does after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Sleep this long, then run attempt [`RetryState::attempt`] (already advanced).
    Retry(Duration),
    /// Return the attempt's error.
    Stop,
}

/// One run of an operation under a [`Retrier`]: the attempt counter, the bookkeeping of
/// every outcome (budget, reports) and the decision after a failure.
///
/// An executor makes one with [`new`](Self::new), runs attempt [`attempt`](Self::attempt),
/// then calls [`succeeded`](Self::succeeded) (the run ends) or [`failed`](Self::failed)
/// (sleep and run the next attempt, or stop).
pub(crate) struct RetryState<'r> {
    retrier: &'r Retrier,
    attempt: u32,
}

impl<'r> RetryState<'r> {
    /// A run that has not made its first attempt yet.
    pub(crate) fn new(retrier: &'r Retrier) -> RetryState<'r> {
        RetryState {
            retrier,
            attempt: 1,
        }
    }

    /// The number of the attempt to run now, from 1 (the first try).
    pub(crate) fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Records that the current attempt succeeded: refills the budget and reports.
    pub(crate) fn succeeded(self) {
        if let Some(budget) = &self.retrier.budget {
            budget.deposit();
        }
        self.report(&AttemptReport::new(
            self.attempt,
            None,
            AttemptOutcome::Succeeded,
        ));
    }

    /// Records that the current attempt failed with `error`, decides what follows and
    /// reports it. On [`Next::Retry`] the counter moves to the next attempt. `replayable` is
    /// whether the request can be sent again at all.
    pub(crate) fn failed(&mut self, error: &AttemptError, replayable: bool) -> Next {
        let outcome = match self.decide(error, replayable) {
            Ok(wait) => AttemptOutcome::RetryAfter(wait),
            Err(reason) => AttemptOutcome::GaveUp(reason),
        };
        self.report(&AttemptReport::new(self.attempt, Some(error), outcome));
        match outcome {
            AttemptOutcome::RetryAfter(wait) => {
                self.attempt = self.attempt.saturating_add(1);
                Next::Retry(wait)
            }
            _ => Next::Stop,
        }
    }

    // The checks run cheapest and most final first; the budget pays last, so that a token is
    // spent only for a retry that will happen.
    fn decide(&self, error: &AttemptError, replayable: bool) -> Result<Duration, GiveUpReason> {
        let retrier = self.retrier;
        if !error.is_retryable() {
            // The server answered on purpose: it is up, which refills the budget too.
            if let (Some(budget), AttemptError::Api(_)) = (&retrier.budget, error) {
                budget.deposit();
            }
            return Err(GiveUpReason::NotRetryable);
        }
        if !retrier.repeat_ambiguous && error.is_ambiguous() {
            return Err(GiveUpReason::NotSafeToRepeat);
        }
        if !replayable {
            return Err(GiveUpReason::NotReplayable);
        }
        let retries_so_far = self.attempt.saturating_sub(1);
        let wait =
            JitterRng::with_thread_local(|rng| retrier.policy.plan(retries_so_far, error, rng))?
                .min(retrier.policy.longest_wait());
        if let Some(budget) = &retrier.budget
            && !budget.try_withdraw()
        {
            return Err(GiveUpReason::BudgetExhausted);
        }
        Ok(wait)
    }

    fn report(&self, report: &AttemptReport<'_>) {
        #[cfg(feature = "tracing")]
        trace_report(report);
        if let Some(hook) = &self.retrier.on_attempt {
            hook(report);
        }
    }
}

#[cfg(feature = "tracing")]
fn trace_report(report: &AttemptReport<'_>) {
    let attempt = report.attempt();
    match (report.error(), report.outcome()) {
        (None, _) => tracing::debug!(target: "sunor_errors::retry", attempt, "attempt succeeded"),
        (Some(error), AttemptOutcome::RetryAfter(wait)) => tracing::info!(
            target: "sunor_errors::retry",
            attempt,
            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
            %error,
            "attempt failed, retrying"
        ),
        (Some(error), outcome) => {
            let reason = match outcome {
                AttemptOutcome::GaveUp(reason) => reason.as_str(),
                _ => "",
            };
            tracing::warn!(target: "sunor_errors::retry", attempt, reason, %error, "attempt failed, giving up")
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::retry::{Jitter, RetryBudget, RetryPolicy, TransportError};
    use crate::{ErrorBody, ErrorCode};

    fn api(code: ErrorCode) -> AttemptError {
        AttemptError::from(ErrorBody::from_code(code))
    }

    fn exact() -> RetryPolicy {
        RetryPolicy::default().jitter(Jitter::None)
    }

    #[test]
    fn the_counter_moves_only_on_a_retry() {
        let retrier = Retrier::new(exact().max_retries(1));
        let mut state = RetryState::new(&retrier);
        assert_eq!(state.attempt(), 1);
        let error = api(ErrorCode::BAD_GATEWAY);
        assert_eq!(
            state.failed(&error, true),
            Next::Retry(Duration::from_secs(1))
        );
        assert_eq!(state.attempt(), 2);
        assert_eq!(state.failed(&error, true), Next::Stop);
        assert_eq!(state.attempt(), 2);
    }

    #[test]
    fn a_token_is_spent_only_for_a_retry_that_happens() {
        let budget = RetryBudget::new(3, 0.5);
        let retrier = Retrier::new(exact().max_retries(1))
            .budget(budget.clone())
            .non_idempotent();
        let mut state = RetryState::new(&retrier);
        let refused = AttemptError::from(TransportError::not_sent("connection refused"));
        // Policy exhausted, not safe to repeat, not replayable, not retryable: no token.
        assert_eq!(
            state.failed(&refused, true),
            Next::Retry(Duration::from_secs(1))
        );
        assert_eq!(budget.tokens(), 2.0);
        assert_eq!(state.failed(&refused, true), Next::Stop);
        let mut fresh = RetryState::new(&retrier);
        assert_eq!(fresh.failed(&api(ErrorCode::BAD_GATEWAY), true), Next::Stop);
        assert_eq!(fresh.failed(&refused, false), Next::Stop);
        assert_eq!(
            fresh.failed(&AttemptError::Other("bad url".into()), true),
            Next::Stop
        );
        assert_eq!(budget.tokens(), 2.0);
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
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&log);
        let retrier = Retrier::new(exact())
            .on_attempt(move |report| sink.lock().unwrap().push(report.to_string()));
        let mut state = RetryState::new(&retrier);
        let error = api(ErrorCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            state.failed(&error, true),
            Next::Retry(Duration::from_secs(1))
        );
        assert_eq!(state.failed(&error, false), Next::Stop);
        let mut state = RetryState::new(&retrier);
        assert_eq!(
            state.failed(&error, true),
            Next::Retry(Duration::from_secs(1))
        );
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
}

#[cfg(all(test, feature = "tracing"))]
mod tracing_tests {
    use std::fmt;
    use std::sync::{Arc, Mutex};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    use crate::retry::{AttemptError, Jitter, Retrier, RetryPolicy};
    use crate::{ErrorBody, ErrorCode};

    // Records every event as "LEVEL target: field=value ...".
    struct Recorder(Arc<Mutex<Vec<String>>>);

    struct Fields(String);

    impl Visit for Fields {
        fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
            self.0.push_str(&format!(" {}={value:?}", field.name()));
        }
    }

    impl Subscriber for Recorder {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &Attributes<'_>) -> Id {
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, _: &Record<'_>) {}
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let meta = event.metadata();
            let mut fields = Fields(format!("{} {}:", meta.level(), meta.target()));
            event.record(&mut fields);
            self.0.lock().unwrap().push(fields.0);
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }

    #[test]
    fn every_attempt_is_a_tracing_event() {
        let events = Arc::new(Mutex::new(Vec::new()));
        let retrier = Retrier::new(RetryPolicy::default().jitter(Jitter::None));
        tracing::subscriber::with_default(Recorder(Arc::clone(&events)), || {
            let mut script = vec![
                Ok(()),
                Err(AttemptError::from(ErrorBody::from_code(
                    ErrorCode::BAD_GATEWAY,
                ))),
            ];
            let _ = retrier.run_blocking_with_sleep(|_| script.pop().unwrap(), |_| {});
            let _ = retrier.run_blocking_with_sleep(
                |_| Err::<(), _>(ErrorBody::from_code(ErrorCode::NOT_FOUND).into()),
                |_| {},
            );
        });
        assert_eq!(
            *events.lock().unwrap(),
            [
                "INFO sunor_errors::retry: message=attempt failed, retrying attempt=1 wait_ms=1000 error=API error 502: Upstream provider error",
                "DEBUG sunor_errors::retry: message=attempt succeeded attempt=2",
                "WARN sunor_errors::retry: message=attempt failed, giving up attempt=1 reason=\"not retryable\" error=API error 404: Not found",
            ]
        );
    }
}
