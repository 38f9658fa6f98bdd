//! Fleet simulation: how much do retries multiply the load on a server in an outage?
//!
//! N clients each send one new request per second (random phase) to a server that fails
//! every request (502, no `Retry-After`) from `start` for `outage` seconds, then recovers.
//! Virtual time, no sleeping, deterministic for a seed. Each strategy runs the same
//! decisions as the library's executors: the policy decides, then the budget pays.
//!
//! ```text
//! cargo run --release -p sunor-errors --example fleet_simulation -- --clients 1000 --outage 60 --seed 42
//! ```
//!
//! Reported per strategy:
//! - amplification: requests the server received during the outage, per original request
//!   issued during the outage (1.0 = no retries);
//! - peak: the most requests received in one second (baseline = one per client);
//! - drain: seconds after recovery until every second is back under 105% of baseline;
//! - failed: requests of the whole run that ended in an error (given up).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use sunor_errors::retry::{Jitter, JitterRng, RetryBudget, RetryDecision, RetryPolicy};
use sunor_errors::{ErrorBody, ErrorCode};

const SECOND: u64 = 1_000_000_000;

#[derive(Clone, Copy)]
struct Params {
    clients: u32,
    warmup_secs: u64,
    outage_secs: u64,
    tail_secs: u64,
    seed: u64,
}

struct Strategy {
    name: &'static str,
    policy: RetryPolicy,
    budget: Option<fn() -> RetryBudget>,
}

#[derive(Debug, PartialEq)]
struct Report {
    amplification: f64,
    peak_rps: u64,
    drain_secs: u64,
    failed: u64,
    originals: u64,
}

// An attempt due at `at`: client, retries made so far.
type Event = Reverse<(u64, u64, u32, u32)>;

fn simulate(params: Params, strategy: &Strategy) -> Report {
    let Params {
        clients,
        warmup_secs,
        outage_secs,
        tail_secs,
        seed,
    } = params;
    let outage_start = warmup_secs * SECOND;
    let outage_end = outage_start + outage_secs * SECOND;
    let end = outage_end + tail_secs * SECOND;
    let mut rng = JitterRng::new(seed);
    let budgets: Vec<Option<RetryBudget>> = (0..clients)
        .map(|_| strategy.budget.map(|make| make()))
        .collect();
    let failure = ErrorBody::from_code(ErrorCode::BAD_GATEWAY);

    let mut queue: BinaryHeap<Event> = BinaryHeap::new();
    let mut seq = 0u64;
    // New requests: one per client per second, at a random phase.
    for client in 0..clients {
        let phase = rng.next_u64() % SECOND;
        let mut at = phase;
        while at < end {
            queue.push(Reverse((at, seq, client, 0)));
            seq += 1;
            at += SECOND;
        }
    }

    let seconds = usize::try_from(end / SECOND + 60).unwrap_or(usize::MAX);
    let mut per_second = vec![0u64; seconds];
    let (mut sent_in_outage, mut originals_in_outage) = (0u64, 0u64);
    let (mut failed, mut originals) = (0u64, 0u64);
    while let Some(Reverse((at, _, client, retries))) = queue.pop() {
        let bucket = usize::try_from(at / SECOND).unwrap_or(usize::MAX);
        if let Some(count) = per_second.get_mut(bucket) {
            *count += 1;
        }
        let in_outage = (outage_start..outage_end).contains(&at);
        if retries == 0 {
            originals += 1;
        }
        if in_outage {
            sent_in_outage += 1;
            if retries == 0 {
                originals_in_outage += 1;
            }
        }
        let budget = budgets[client as usize].as_ref();
        if !in_outage {
            if let Some(budget) = budget {
                budget.deposit();
            }
            continue;
        }
        // The executor's order: the policy decides, then the budget pays for the retry.
        let wait = match strategy.policy.decide_with(retries, &failure, &mut rng) {
            RetryDecision::Retry(wait) if budget.is_none_or(RetryBudget::try_withdraw) => wait,
            _ => {
                failed += 1;
                continue;
            }
        };
        let next = at + u64::try_from(wait.as_nanos()).unwrap_or(u64::MAX);
        queue.push(Reverse((next, seq, client, retries + 1)));
        seq += 1;
    }

    let baseline = u64::from(clients);
    let first_after = usize::try_from(outage_end / SECOND).unwrap_or(0);
    let last_busy = per_second[first_after..]
        .iter()
        .rposition(|&n| n * 100 > baseline * 105)
        .map_or(0, |i| i as u64 + 1);
    Report {
        amplification: sent_in_outage as f64 / originals_in_outage.max(1) as f64,
        peak_rps: per_second.iter().copied().max().unwrap_or(0),
        drain_secs: last_busy,
        failed,
        originals,
    }
}

fn arg(args: &[String], name: &str, default: u64) -> u64 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map_or(default, |value| {
            value.parse().unwrap_or_else(|_| {
                eprintln!("{name} expects a number, got {value:?}; using {default}");
                default
            })
        })
}

fn strategies() -> [Strategy; 4] {
    [
        Strategy {
            name: "no retries",
            policy: RetryPolicy::never(),
            budget: None,
        },
        Strategy {
            name: "docs' naive loop (3 retries, 1-2-4 s, no jitter)",
            policy: RetryPolicy::default().jitter(Jitter::None),
            budget: None,
        },
        Strategy {
            name: "policy only (default jitter, no budget)",
            policy: RetryPolicy::default(),
            budget: None,
        },
        Strategy {
            name: "our default (RetryPolicy::default() + RetryBudget::default())",
            policy: RetryPolicy::default(),
            budget: Some(RetryBudget::default),
        },
    ]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let params = Params {
        clients: u32::try_from(arg(&args, "--clients", 1000))
            .unwrap_or(1000)
            .max(1),
        warmup_secs: 30,
        outage_secs: arg(&args, "--outage", 60).max(1),
        tail_secs: 60,
        seed: arg(&args, "--seed", 42),
    };
    let strategies = strategies();
    println!(
        "{} clients x 1 request/s, outage of {} s (every request 502) after {} s, then {} s of recovery, seed {}",
        params.clients, params.outage_secs, params.warmup_secs, params.tail_secs, params.seed
    );
    println!();
    println!(
        "| strategy | amplification during outage | peak requests/s (baseline {}) | drain after recovery | failed requests |",
        params.clients
    );
    println!("|---|---|---|---|---|");
    for strategy in &strategies {
        let report = simulate(params, strategy);
        println!(
            "| {} | {:.2}x | {} ({:.2}x) | {} s | {} of {} |",
            strategy.name,
            report.amplification,
            report.peak_rps,
            report.peak_rps as f64 / f64::from(params.clients),
            report.drain_secs,
            report.failed,
            report.originals,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(seed: u64) -> Params {
        Params {
            clients: 100,
            warmup_secs: 30,
            outage_secs: 60,
            tail_secs: 60,
            seed,
        }
    }

    #[test]
    fn budget_caps_amplification_and_the_naive_loop_quadruples_load() {
        let [none, naive, jitter_only, ours] = strategies().map(|s| simulate(params(42), &s));
        assert_eq!(none.amplification, 1.0);
        assert!(naive.amplification > 3.7, "{naive:?}");
        assert_eq!(naive.peak_rps, 400);
        assert!(jitter_only.amplification > 3.7, "{jitter_only:?}");
        assert!(ours.amplification <= 1.2, "{ours:?}");
        assert_eq!(ours.drain_secs, 0);
        assert!(naive.drain_secs > 0);
    }

    #[test]
    fn same_seed_same_report() {
        let [_, _, _, ours] = strategies();
        assert_eq!(simulate(params(7), &ours), simulate(params(7), &ours));
        assert_ne!(simulate(params(7), &ours), simulate(params(8), &ours));
    }
}
