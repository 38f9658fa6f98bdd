//! `RetryBudget` withdraw + deposit, uncontended and with a second thread hammering the same
//! budget, beside the floor of any shared budget: one atomic read-modify-write each way.
//!
//! `cargo bench -p sunor-errors-benches --bench retry_budget`

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use sunor_errors::retry::RetryBudget;

// A bucket that never runs dry here: every withdraw is followed by enough deposits.
fn budget() -> RetryBudget {
    RetryBudget::new(1_000, 1.0)
}

fn cycle(budget: &RetryBudget) {
    assert!(budget.try_withdraw());
    budget.deposit();
}

fn atomic_cycle(counter: &AtomicU64) {
    counter.fetch_sub(1, Ordering::AcqRel);
    counter.fetch_add(1, Ordering::AcqRel);
}

// `iters` cycles on this thread while one other thread runs `other` on the same state.
fn contended<S: Send + Sync + 'static>(state: Arc<S>, iters: u64, op: fn(&S)) -> Duration {
    let stop = Arc::new(AtomicBool::new(false));
    let started = Arc::new(AtomicBool::new(false));
    let other = {
        let (state, stop, started) = (state.clone(), stop.clone(), started.clone());
        std::thread::spawn(move || {
            started.store(true, Ordering::Release);
            while !stop.load(Ordering::Relaxed) {
                op(&state);
            }
        })
    };
    while !started.load(Ordering::Acquire) {
        std::hint::spin_loop();
    }
    let start = Instant::now();
    for _ in 0..iters {
        op(black_box(&state));
    }
    let elapsed = start.elapsed();
    stop.store(true, Ordering::Relaxed);
    other.join().unwrap();
    elapsed
}

fn retry_budget(c: &mut Criterion) {
    let mut group = c.benchmark_group("retry_budget_uncontended");
    let counter = AtomicU64::new(1_000);
    group.bench_function("atomic_counter", |b| {
        b.iter(|| atomic_cycle(black_box(&counter)))
    });
    let shared = budget();
    group.bench_function("withdraw_deposit", |b| b.iter(|| cycle(black_box(&shared))));
    group.finish();

    let mut group = c.benchmark_group("retry_budget_2_threads");
    group.bench_function("atomic_counter", |b| {
        b.iter_custom(|iters| contended(Arc::new(AtomicU64::new(1_000)), iters, atomic_cycle))
    });
    group.bench_function("withdraw_deposit", |b| {
        b.iter_custom(|iters| contended(Arc::new(budget()), iters, cycle))
    });
    group.finish();
}

criterion_group!(benches, retry_budget);
criterion_main!(benches);
