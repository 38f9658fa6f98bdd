//! The retry budget: spends on failures (and raw withdrawals), earns on successes, turns
//! retries off below half, is shared by clones, and stays in `0..=max_tokens` under many
//! threads.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use sunor_errors::retry::RetryBudget;

#[test]
fn an_empty_budget_turns_retries_off_until_successes_refill_it() {
    let budget = RetryBudget::new(3, 0.25);
    assert_eq!(budget.tokens(), 3.0);
    assert!(budget.try_withdraw() && budget.try_withdraw() && budget.try_withdraw());
    assert!(!budget.try_withdraw());
    assert!(!budget.allows_retry());
    for _ in 0..3 {
        budget.deposit();
    }
    assert_eq!(budget.tokens(), 0.75);
    assert!(!budget.try_withdraw());
    for _ in 0..3 {
        budget.deposit();
    }
    // 1.5 of 3: not more than half.
    assert!(!budget.allows_retry());
    budget.deposit();
    assert!(budget.allows_retry());
    assert!(budget.try_withdraw());
    assert_eq!(budget.tokens(), 0.75);
}

#[test]
fn a_long_outage_turns_retries_off_and_a_short_one_does_not() {
    let budget = RetryBudget::default();
    // Nine failures in a row (nine seconds of a total outage at one request a second).
    assert!((0..9).all(|_| budget.record_failure()));
    assert!(!budget.record_failure(), "the tenth leaves half");
    budget.deposit();
    assert!(budget.allows_retry(), "a blip: one success is enough");
    // A long outage empties the bucket: 0.2 per success, 51 successes to pass half again.
    for _ in 0..30 {
        budget.record_failure();
    }
    assert_eq!(budget.tokens(), 0.0);
    for _ in 0..50 {
        budget.deposit();
    }
    assert!(!budget.allows_retry());
    budget.deposit();
    assert!(budget.allows_retry());
}

#[test]
fn steady_state_retries_are_a_share_of_successes() {
    let budget = RetryBudget::default();
    while budget.try_withdraw() {}
    let mut retries = 0;
    for _ in 0..1000 {
        budget.deposit();
        if budget.try_withdraw() {
            retries += 1;
        }
    }
    assert_eq!(retries, 200);
}

#[test]
fn clones_share_one_bucket_across_threads() {
    let budget = RetryBudget::new(100, 0.1);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let budget = budget.clone();
            thread::spawn(move || (0..100).filter(|_| budget.try_withdraw()).count())
        })
        .collect();
    let granted: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(granted, 100, "exactly the tokens in the bucket are granted");
    assert_eq!(budget.tokens(), 0.0);
}

#[test]
fn stress_never_negative_never_above_capacity_and_conserves_tokens() {
    const THREADS: u64 = 8;
    const OPS: u64 = 20_000;
    let budget = RetryBudget::new(50, 0.5);
    let withdrawn = Arc::new(AtomicU64::new(0));
    let deposited = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let budget = budget.clone();
            let withdrawn = Arc::clone(&withdrawn);
            let deposited = Arc::clone(&deposited);
            thread::spawn(move || {
                let mut state = t.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
                for _ in 0..OPS {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let before = budget.tokens();
                    if state % 3 == 0 {
                        budget.deposit();
                        deposited.fetch_add(1, Ordering::Relaxed);
                    } else if budget.try_withdraw() {
                        withdrawn.fetch_add(1, Ordering::Relaxed);
                    }
                    let after = budget.tokens();
                    assert!((0.0..=50.0).contains(&before) && (0.0..=50.0).contains(&after));
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    let withdrawn = withdrawn.load(Ordering::Relaxed) as f64;
    let deposited = deposited.load(Ordering::Relaxed) as f64;
    let tokens = budget.tokens();
    assert!((0.0..=50.0).contains(&tokens));
    // Deposits into a full bucket are lost, so the balance is at most start + earned - spent.
    assert!(tokens <= 50.0 + deposited * 0.5 - withdrawn + 1e-9);
    assert!(withdrawn > 0.0 && deposited > 0.0);
}
