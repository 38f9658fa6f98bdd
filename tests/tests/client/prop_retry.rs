//! Properties of the retry module for any policy settings, retry count, error, server delay
//! and jitter seed: `decide` / `decide_with` / `decide_error` and the blocking executor never
//! wait above the policy's cap (`longest_wait`), never below the server's delay or
//! `min_delay`, never retry a non-retryable code, and give up past `max_retries` or
//! `max_retry_after`. The budget stays in `0..=max_tokens` and creates no tokens, alone
//! (against an exact model) and under several threads. The model of the documented
//! guarantees is `support/retry_oracle.rs`, shared with `fuzz/fuzz_targets/retry_decide.rs`.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

use proptest::prelude::*;
use sunor_errors::retry::{
    AttemptError, Jitter, JitterRng, Retrier, RetryBudget, RetryDecision, RetryPolicy,
    TransportError,
};
use sunor_errors::{ErrorBody, ErrorCode};

use crate::support::retry_oracle as oracle;

use oracle::{Failure, Knobs};

fn millis(range: std::ops::RangeInclusive<u64>) -> impl Strategy<Value = Duration> {
    range.prop_map(Duration::from_millis)
}

fn jitter() -> impl Strategy<Value = Jitter> {
    prop_oneof![
        Just(Jitter::None),
        Just(Jitter::Additive),
        Just(Jitter::Full),
        Just(Jitter::Equal),
        Just(Jitter::Decorrelated),
    ]
}

// Sane builder settings: what a service might configure, edges included (zero delays,
// factor 0 and 1, a cap below the base, min_delay above the caps).
fn knobs() -> impl Strategy<Value = Knobs> {
    (
        prop_oneof![0u32..=10, Just(u32::MAX)],
        millis(0..=10_000),
        0u32..=10,
        millis(0..=120_000),
        millis(0..=5_000),
        millis(0..=300_000),
        millis(0..=7_200_000),
        jitter(),
    )
        .prop_map(
            |(max_retries, base_delay, factor, max_delay, min_delay, fallback, max_ra, jitter)| {
                Knobs {
                    max_retries,
                    base_delay,
                    factor,
                    max_delay,
                    min_delay,
                    fallback_retry_after: fallback,
                    max_retry_after: max_ra,
                    jitter,
                }
            },
        )
}

// A policy's settings, and how many retries it has made so far.
fn knobs_and_retries() -> impl Strategy<Value = (Knobs, u32)> {
    (knobs(), prop_oneof![4 => 0u32..=12, 1 => any::<u32>()])
}

// An API error: any error code, and no delay, a plausible one, or anything a broken proxy
// might send.
fn api_error() -> impl Strategy<Value = (u16, Option<u64>)> {
    let server_delay = prop_oneof![
        Just(None),
        (0u64..=400).prop_map(Some),
        (0u64..=10_000).prop_map(Some),
        any::<u64>().prop_map(Some),
    ];
    (400u16..=599, server_delay)
}

fn body(code: u16, server_delay: Option<u64>) -> ErrorBody {
    let body = ErrorBody::from_code(ErrorCode::from_u16(code).unwrap());
    match server_delay {
        Some(seconds) => body.with_retry_after_seconds(seconds),
        None => body,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decide_with_keeps_every_guarantee(
        (knobs, retries) in knobs_and_retries(),
        (code, server_delay) in api_error(),
        seed in any::<u64>(),
    ) {
        let policy = knobs.policy();
        let error = body(code, server_delay);
        let decision = policy.decide_with(retries, &error, &mut JitterRng::new(seed));
        oracle::check(&knobs, retries, Failure::Api { code, server_delay }, decision);
        // The same seed gives the same decision.
        prop_assert_eq!(decision, policy.decide_with(retries, &error, &mut JitterRng::new(seed)));
        // The per-thread generator keeps the same guarantees.
        oracle::check(
            &knobs,
            retries,
            Failure::Api { code, server_delay },
            policy.decide(retries, &error),
        );
    }

    #[test]
    fn decide_error_keeps_every_guarantee(
        (knobs, retries) in knobs_and_retries(),
        (code, server_delay) in api_error(),
    ) {
        let policy = knobs.policy();
        let api = AttemptError::from(body(code, server_delay));
        oracle::check(
            &knobs,
            retries,
            Failure::Api { code, server_delay },
            policy.decide_error(retries, &api),
        );
        // A transport failure, whether or not the request may have been sent.
        for transport in [
            TransportError::maybe_sent("connection reset"),
            TransportError::not_sent("connection refused"),
        ] {
            let transport = AttemptError::from(transport);
            oracle::check(&knobs, retries, Failure::Transport, policy.decide_error(retries, &transport));
        }
        let other = AttemptError::Other("a bug in the caller".into());
        prop_assert_eq!(policy.decide_error(retries, &other), RetryDecision::GiveUp);
    }

    #[test]
    fn the_default_policy_never_waits_past_120s(
        retries in 0u32..=3,
        (code, server_delay) in api_error(),
        seed in any::<u64>(),
    ) {
        let policy = RetryPolicy::default();
        let decision = policy.decide_with(retries, &body(code, server_delay), &mut JitterRng::new(seed));
        if let RetryDecision::Retry(wait) = decision {
            prop_assert!(wait <= Duration::from_secs(120), "{:?}", wait);
            prop_assert!(wait >= Duration::from_millis(250), "{:?}", wait);
        }
        prop_assert_eq!(
            matches!(decision, RetryDecision::Retry(_)),
            oracle::documented_retryable(code)
                && retries < 3
                && server_delay.is_none_or(|s| s <= 120),
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// The documented waits, exactly: `RetryPolicy::default()` itself (its own jitter,
    /// seeded) waits before retry n of a 5xx without a server delay (or a transport failure)
    /// at least 2^n s and at most 1.5 × 2^n s.
    #[test]
    fn the_default_never_retries_earlier_than_documented(
        retries in 0u32..3,
        code in prop_oneof![Just(408u16), 500u16..=599].prop_filter("retryable", |c| oracle::documented_retryable(*c)),
        seed in any::<u64>(),
    ) {
        let policy = RetryPolicy::default();
        let documented = Duration::from_secs(1 << retries);
        let most = documented + documented / 2;
        for error in [
            AttemptError::from(body(code, None)),
            AttemptError::from(TransportError::maybe_sent("reset")),
        ] {
            let decision = match &error {
                AttemptError::Api(body) => policy.decide_with(retries, body, &mut JitterRng::new(seed)),
                _ => policy.decide_error(retries, &error),
            };
            let RetryDecision::Retry(wait) = decision else {
                panic!("gave up on {error} after {retries} retries");
            };
            prop_assert!(wait >= documented && wait <= most, "{:?} before retry {}", wait, retries);
        }
    }
}

// One scripted failure of an attempt in the executor test.
#[derive(Clone, Debug)]
enum Step {
    Api(u16, Option<u64>),
    Refused,
    Success,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => api_error().prop_map(|(c, d)| Step::Api(c, d)),
        1 => Just(Step::Refused),
        1 => Just(Step::Success),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// The blocking executor, with a virtual sleep: no sleep past the cap or below the
    /// failed attempt's floor, one sleep between attempts, at most `max_retries` retries,
    /// at most half the budget's tokens after failures that spend one (all but a 429), and
    /// a stop at the first non-retryable answer.
    #[test]
    fn the_executor_sleeps_within_bounds_and_stops_when_told(
        knobs in knobs(),
        script in proptest::collection::vec(step(), 1..16),
        tokens in 0u32..=6,
    ) {
        let knobs = Knobs { max_retries: knobs.max_retries.min(20), ..knobs };
        let budget = RetryBudget::new(tokens, 0.5);
        let retrier = Retrier::new(knobs.policy()).budget(budget.clone());
        let mut calls = 0usize;
        let mut sleeps: Vec<Duration> = Vec::new();
        // Written by the operation, read by the sleep that follows it.
        let last_floor = Cell::new(Duration::ZERO);
        // Whether the last failure spent a token (every retryable one but a 429).
        let last_paid = Cell::new(false);
        let mut paid = 0usize;
        let result = retrier.run_blocking_with_sleep(
            |attempt| {
                calls += 1;
                assert_eq!(attempt as usize, calls);
                // Past the script's end, every attempt fails like its last step.
                let step = script.get(calls - 1).or(script.last()).unwrap();
                match *step {
                    Step::Api(code, delay) => {
                        last_floor.set(Duration::from_secs(delay.unwrap_or(0)));
                        last_paid.set(code != 429);
                        Err(AttemptError::from(body(code, delay)))
                    }
                    Step::Refused => {
                        last_floor.set(Duration::ZERO);
                        last_paid.set(true);
                        Err(AttemptError::from(TransportError::not_sent("refused")))
                    }
                    Step::Success => Ok(calls),
                }
            },
            |wait| {
                assert!(wait <= knobs.cap(), "slept {wait:?} past the cap");
                paid += usize::from(last_paid.get());
                let floor = last_floor.get();
                assert!(wait >= floor, "slept {wait:?} below the server's {floor:?}");
                assert!(wait >= knobs.min_delay, "slept {wait:?} below min_delay");
                sleeps.push(wait);
            },
        );
        prop_assert_eq!(sleeps.len() + 1, calls);
        prop_assert!(sleeps.len() <= knobs.max_retries as usize);
        // The k-th paid failure leaves `tokens - k`: a retry needs more than half left.
        prop_assert!(paid <= tokens as usize / 2, "{} paid retries on {} tokens", paid, tokens);
        prop_assert!(budget.tokens() >= 0.0 && budget.tokens() <= f64::from(tokens));
        // Every attempt but the last failed with something retryable.
        let failed_retryable = |step: &Step| match *step {
            Step::Api(code, _) => oracle::documented_retryable(code),
            Step::Refused => true,
            Step::Success => false,
        };
        for i in 0..calls - 1 {
            let step = script.get(i).or(script.last()).unwrap();
            prop_assert!(failed_retryable(step), "retried after {:?}", step);
        }
        let last = script.get(calls - 1).or(script.last()).unwrap();
        match (last, &result) {
            (Step::Success, Ok(value)) => prop_assert_eq!(*value, calls),
            (Step::Api(code, _), Err(AttemptError::Api(error))) => {
                prop_assert_eq!(error.code().as_u16(), *code)
            }
            (Step::Refused, Err(AttemptError::Transport(_))) => {}
            (step, result) => prop_assert!(false, "last step {:?} but {:?}", step, result),
        }
    }
}

// A budget operation; `Observe` reads the level while other threads change it.
#[derive(Clone, Copy, Debug)]
enum Op {
    Withdraw,
    Fail,
    Deposit,
    Observe,
}

fn ops(max: usize) -> impl Strategy<Value = Vec<Op>> {
    // A plain integer range per element: a union of `Just`s is several times slower to
    // generate, and these sequences are long.
    let op =
        (0u8..4).prop_map(|n| [Op::Withdraw, Op::Fail, Op::Deposit, Op::Observe][usize::from(n)]);
    proptest::collection::vec(op, 0..max)
}

// How often each thread replays its generated sequence in the threaded test.
const ROUNDS: u64 = 64;

// The level in thousandths of a token, exactly (the bucket's resolution).
fn milli(budget: &RetryBudget) -> u64 {
    (budget.tokens() * 1000.0).round() as u64
}

fn budget_size() -> impl Strategy<Value = (u32, f64)> {
    (
        prop_oneof![0u32..=20, Just(4_000_000), any::<u32>()],
        prop_oneof![0.0f64..=2.0, Just(0.0), Just(f64::NAN), 0.0f64..=1e7],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Alone, the bucket follows the exact model: one token per granted withdrawal and per
    /// failure (none below zero), the reward per success up to capacity, retries on while
    /// more than half is left.
    #[test]
    fn the_budget_follows_its_model((max_tokens, ratio) in budget_size(), ops in ops(200)) {
        let budget = RetryBudget::new(max_tokens, ratio);
        let capacity = u64::from(budget.max_tokens()) * 1000;
        prop_assert_eq!(budget.max_tokens(), max_tokens.min(4_000_000));
        let reward = (budget.token_ratio() * 1000.0).round() as u64;
        prop_assert!(reward >= 1 && reward <= capacity.max(1));
        let mut model = capacity;
        for op in ops {
            match op {
                Op::Withdraw => {
                    let granted = model >= 1000;
                    if granted {
                        model -= 1000;
                    }
                    prop_assert_eq!(budget.try_withdraw(), granted);
                }
                Op::Fail => {
                    model = model.saturating_sub(1000);
                    prop_assert_eq!(budget.record_failure(), model * 2 > capacity);
                }
                Op::Deposit => {
                    if model < capacity {
                        model = (model + reward).min(capacity);
                    }
                    budget.deposit();
                }
                Op::Observe => prop_assert_eq!(budget.allows_retry(), model * 2 > capacity),
            }
            prop_assert_eq!(milli(&budget), model);
        }
    }

    /// Under four threads running generated sequences on clones of one budget: every level
    /// seen during the run is within `0..=max_tokens`, and after the join the level is
    /// within bounds and accounts for every granted retry (no token created or lost beyond
    /// what the deposits could add).
    #[test]
    fn the_budget_stays_in_bounds_under_threads(
        (max_tokens, ratio) in budget_size(),
        sequences in proptest::collection::vec(ops(64), 4),
    ) {
        let budget = RetryBudget::new(max_tokens, ratio);
        let capacity = u64::from(budget.max_tokens()) * 1000;
        let reward = (budget.token_ratio() * 1000.0).round() as u64;
        let granted = AtomicU64::new(0);
        let deposits = AtomicU64::new(0);
        let failures = AtomicU64::new(0);
        thread::scope(|scope| {
            for sequence in &sequences {
                let budget = budget.clone();
                let (granted, deposits, failures) = (&granted, &deposits, &failures);
                scope.spawn(move || {
                    // Each thread replays its sequence so that the threads overlap.
                    for op in (0..ROUNDS).flat_map(|_| sequence) {
                        match op {
                            Op::Withdraw => {
                                if budget.try_withdraw() {
                                    granted.fetch_add(1, Ordering::Relaxed);
                                }
                            }
                            Op::Fail => {
                                budget.record_failure();
                                failures.fetch_add(1, Ordering::Relaxed);
                            }
                            Op::Deposit => {
                                budget.deposit();
                                deposits.fetch_add(1, Ordering::Relaxed);
                            }
                            Op::Observe => {
                                let level = milli(&budget);
                                assert!(level <= capacity, "{level} above {capacity}");
                                assert!(budget.tokens() >= 0.0);
                            }
                        }
                    }
                });
            }
        });
        let granted = granted.into_inner();
        let deposits = deposits.into_inner();
        let level = milli(&budget);
        prop_assert!(level <= capacity);
        // Spent tokens came from the start or from deposits: none was created.
        prop_assert!(granted * 1000 + level <= capacity + deposits * reward,
            "granted {} level {} capacity {} deposits {}", granted, level, capacity, deposits);
        // Deposits only add: the level is at least the start minus one token per grant and
        // per failure.
        let failures = failures.into_inner();
        prop_assert!(level + (granted + failures) * 1000 >= capacity,
            "granted {} failures {} level {} capacity {}", granted, failures, level, capacity);
        let withdraws = ROUNDS
            * sequences.iter().flatten().filter(|op| matches!(op, Op::Withdraw)).count() as u64;
        if deposits == 0 && failures == 0 {
            // Withdrawals alone: exactly the tokens in the bucket are granted, no more.
            prop_assert_eq!(granted, withdraws.min(capacity / 1000));
            prop_assert_eq!(level, capacity - granted * 1000);
        }
    }
}
