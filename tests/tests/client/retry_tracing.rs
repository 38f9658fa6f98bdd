//! With the `tracing` feature, every attempt of a run is one event on target
//! `sunor_errors::retry`: what failed, whether it is retried, after how long, or why not.

use sunor_errors::retry::{AttemptError, Jitter, Retrier, RetryPolicy, TransportError};
use sunor_errors::{ErrorBody, ErrorCode};

use crate::support::tracing_recorder::Recorder;

#[test]
fn every_attempt_is_a_tracing_event() {
    let retrier = Retrier::new(RetryPolicy::default().jitter(Jitter::None));
    let ((), events) = Recorder::default().run("sunor_errors::retry", || {
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
        let never = Retrier::new(RetryPolicy::never());
        let _ = never.run_blocking_with_sleep(
            |_| Err::<(), _>(TransportError::not_sent("refused").into()),
            |_| {},
        );
    });
    // "LEVEL field=value ...", each value as the event holds it.
    let lines: Vec<String> = events
        .iter()
        .map(|event| {
            let mut line = event.level.to_string();
            for (name, value) in &event.fields {
                line.push_str(&format!(" {name}={value}"));
            }
            line
        })
        .collect();
    assert_eq!(
        lines,
        [
            "INFO message=attempt failed, retrying attempt=1 http.response.status_code=502 error.type=502 wait_ms=1000 error=API error 502: Upstream provider error",
            "DEBUG message=attempt succeeded attempt=2 http.request.resend_count=1",
            "WARN message=attempt failed, giving up attempt=1 http.response.status_code=404 error.type=404 reason=not retryable error=API error 404: Not found",
            "WARN message=attempt failed, giving up attempt=1 error.type=transport reason=retries exhausted error=transport error (request not sent): refused",
        ]
    );
}
