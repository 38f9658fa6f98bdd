//! `RetryPolicy::decide_with` / `decide_error` for any builder settings, retry count, error
//! code, server delay and jitter seed, checked against the model in
//! `tests/tests/support/retry_oracle.rs` (never above the cap, never below the server's
//! floor or min_delay, never a non-retryable code, gives up past max_retries or
//! max_retry_after); then a `RetryBudget` under any operation sequence, against an exact
//! model of the bucket (never below zero, never above capacity, retries on above half, no
//! overflow).
#![no_main]

use std::time::Duration;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sunor_errors::retry::{AttemptError, Jitter, JitterRng, RetryBudget, TransportError};
use sunor_errors::{ErrorBody, ErrorCode};

#[path = "../../tests/tests/support/retry_oracle.rs"]
mod oracle;

use oracle::{Failure, Knobs};

#[derive(Debug, Arbitrary)]
struct Input {
    max_retries: u32,
    base: Delay,
    factor: u32,
    max_delay: Delay,
    min_delay: Delay,
    fallback: Delay,
    max_retry_after: Delay,
    jitter: u8,
    retries: u32,
    code: u16,
    server_delay: Option<u64>,
    seed: u64,
    budget_tokens: u32,
    budget_ratio: f64,
    budget_ops: Vec<u8>,
}

// Mostly small delays (where the interesting comparisons are), sometimes anything.
#[derive(Debug, Arbitrary)]
enum Delay {
    Millis(u16),
    Secs(u16),
    Any(u64, u32),
}

impl Delay {
    fn get(&self) -> Duration {
        match *self {
            Delay::Millis(ms) => Duration::from_millis(u64::from(ms)),
            Delay::Secs(s) => Duration::from_secs(u64::from(s)),
            Delay::Any(s, n) => Duration::new(s, n % 1_000_000_000),
        }
    }
}

fuzz_target!(|input: Input| {
    let knobs = Knobs {
        max_retries: input.max_retries,
        base_delay: input.base.get(),
        factor: input.factor,
        max_delay: input.max_delay.get(),
        min_delay: input.min_delay.get(),
        fallback_retry_after: input.fallback.get(),
        max_retry_after: input.max_retry_after.get(),
        jitter: [
            Jitter::None,
            Jitter::Additive,
            Jitter::Full,
            Jitter::Equal,
            Jitter::Decorrelated,
        ][usize::from(input.jitter % 5)],
    };
    let policy = knobs.policy();
    // Small retry counts most of the time, so that "retries left" is explored too.
    let retries = input.retries % 64;
    let retries = if input.retries & 0x8000_0000 != 0 {
        input.retries
    } else {
        retries
    };

    let code = 400 + input.code % 200;
    let mut body = ErrorBody::from_code(ErrorCode::from_u16(code).unwrap());
    if let Some(seconds) = input.server_delay {
        body = body.with_retry_after_seconds(seconds);
    }
    let failure = Failure::Api {
        code,
        server_delay: input.server_delay,
    };
    let decision = policy.decide_with(retries, &body, &mut JitterRng::new(input.seed));
    oracle::check(&knobs, retries, failure, decision);
    // Same seed, same decision.
    assert_eq!(
        decision,
        policy.decide_with(retries, &body, &mut JitterRng::new(input.seed))
    );
    oracle::check(&knobs, retries, failure, policy.decide(retries, &body));
    let as_attempt = AttemptError::from(body);
    oracle::check(
        &knobs,
        retries,
        failure,
        policy.decide_error(retries, &as_attempt),
    );

    let transport = AttemptError::from(TransportError::maybe_sent("reset"));
    oracle::check(
        &knobs,
        retries,
        Failure::Transport,
        policy.decide_error(retries, &transport),
    );
    let other = AttemptError::Other("bug".into());
    assert_eq!(
        policy.decide_error(retries, &other),
        sunor_errors::retry::RetryDecision::GiveUp
    );

    // The budget against an exact model in thousandths of a token (u64: no overflow).
    let budget = RetryBudget::new(input.budget_tokens, input.budget_ratio);
    let capacity = u64::from(budget.max_tokens()) * 1000;
    assert!(capacity <= 4_000_000_000);
    let reward = (budget.token_ratio() * 1000.0).round() as u64;
    assert!(reward >= 1 && reward <= capacity.max(1), "{budget:?}");
    let mut model = capacity;
    for &op in input.budget_ops.iter().take(4096) {
        match op % 3 {
            0 => {
                let granted = model >= 1000;
                if granted {
                    model -= 1000;
                }
                assert_eq!(budget.try_withdraw(), granted, "{budget:?}");
            }
            1 => {
                // A failure spends a token (none below zero); retries stay on above half.
                model = model.saturating_sub(1000);
                assert_eq!(budget.record_failure(), model * 2 > capacity, "{budget:?}");
            }
            _ => {
                if model < capacity {
                    model = (model + reward).min(capacity);
                }
                budget.deposit();
            }
        }
        assert_eq!(budget.tokens(), model as f64 / 1000.0, "{budget:?}");
        assert_eq!(budget.allows_retry(), model * 2 > capacity);
    }
});
