//! Fleet simulation: what do a fleet's retries do to a server in trouble, and what do the
//! library's defaults save?
//!
//! N clients each send one new request per second (random phase). Every request runs the
//! library's own async executor (`Retrier::run`), one `Retrier` per client, on a virtual
//! clock (no sleeping; deterministic for a seed). Scenarios:
//!
//! - `outage`: every request fails (502, no `Retry-After`) for 60 s;
//! - `partial`: 10% of requests fail at random, independently, for 300 s;
//! - `blip`: every request fails for 5 s;
//! - `rate_limit`: each client may send 50 requests a minute and sends 60; a 429 carries
//!   `Retry-After` until the window's end and every response the rate-limit headers.
//!
//! ```text
//! cargo run --release --example fleet_simulation -- --clients 1000 --seed 42 --out target/fleet
//! ```
//!
//! Reported per strategy: the load during the incident (requests received per new request
//! issued; 1.00 = no retries), the peak requests per second of the whole run against the
//! no-retry baseline, the share of the requests issued during the incident that ended in
//! success, and the 429s sent. One SVG chart per scenario (requests per second over time,
//! one line per strategy) is written to `--out` (default `target/fleet`).

mod chart;
mod sim;

use std::path::PathBuf;

use sunor_errors::retry::{Jitter, Retrier, RetryPolicy};

use sim::{Incident, Outcome, Scenario};

/// A way of retrying: its name in the report, and how each client's `Retrier` is made.
struct Strategy {
    name: &'static str,
    make: fn() -> Retrier,
}

const NO_RETRIES: Strategy = Strategy {
    name: "no retries",
    make: || Retrier::new(RetryPolicy::never()).without_budget(),
};
const NAIVE: Strategy = Strategy {
    name: "docs' naive loop (1-2-4 s, no jitter, no budget)",
    make: || Retrier::new(RetryPolicy::default().jitter(Jitter::None)).without_budget(),
};
const POLICY_ONLY: Strategy = Strategy {
    name: "policy only (without_budget())",
    make: || Retrier::new(RetryPolicy::default()).without_budget(),
};
const DEFAULTS: Strategy = Strategy {
    name: "defaults (Retrier::default())",
    make: Retrier::default,
};
const PACED: Strategy = Strategy {
    name: "defaults + pace_rate_limits()",
    make: || Retrier::default().pace_rate_limits(),
};

struct Case {
    name: &'static str,
    title: &'static str,
    scenario: Scenario,
    strategies: Vec<Strategy>,
}

fn cases(clients: u32, seed: u64) -> Vec<Case> {
    let scenario = |warmup_secs, incident_secs, tail_secs, incident| Scenario {
        clients,
        rate: 1,
        warmup_secs,
        incident_secs,
        tail_secs,
        incident,
        seed,
    };
    let outages = || vec![NO_RETRIES, NAIVE, POLICY_ONLY, DEFAULTS];
    vec![
        Case {
            name: "outage",
            title: "Total outage of 60 s (every request 502)",
            scenario: scenario(30, 60, 60, Incident::Outage),
            strategies: outages(),
        },
        Case {
            name: "partial",
            title: "Partial outage of 300 s (10% of requests 502, at random)",
            scenario: scenario(30, 300, 30, Incident::Random(0.1)),
            strategies: outages(),
        },
        Case {
            name: "blip",
            title: "Blip of 5 s (every request 502)",
            scenario: scenario(30, 5, 30, Incident::Outage),
            strategies: outages(),
        },
        Case {
            name: "rate_limit",
            title: "Rate limit: 50 requests a minute allowed, 60 sent",
            scenario: scenario(
                0,
                300,
                60,
                Incident::RateLimit {
                    limit: 50,
                    window_secs: 60,
                },
            ),
            strategies: vec![NAIVE, DEFAULTS, PACED],
        },
    ]
}

/// One strategy's numbers in one scenario.
#[derive(Debug, PartialEq)]
struct Report {
    load: f64,
    peak: f64,
    success: f64,
    rate_limited: u64,
    outcome: Outcome,
}

fn report(case: &Case, strategy: &Strategy) -> Report {
    let outcome = sim::run(case.scenario, &strategy.make);
    let baseline = f64::from(case.scenario.clients) * case.scenario.rate as f64;
    Report {
        load: outcome.received_in_incident as f64 / outcome.issued_in_incident.max(1) as f64,
        peak: outcome.per_second.iter().copied().max().unwrap_or(0) as f64 / baseline,
        success: outcome.succeeded_in_incident as f64 / outcome.issued_in_incident.max(1) as f64,
        rate_limited: outcome.rate_limited,
        outcome,
    }
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let clients = arg(&args, "--clients", 1000u32).max(1);
    let seed = arg(&args, "--seed", 42u64);
    let out = PathBuf::from(arg(&args, "--out", "target/fleet".to_owned()));
    std::fs::create_dir_all(&out)?;
    println!(
        "{clients} clients x 1 new request/s, seed {seed}; charts in {}",
        out.display()
    );
    for case in cases(clients, seed) {
        let s = case.scenario;
        println!();
        println!(
            "### {} ({} s before, {} s after)",
            case.title, s.warmup_secs, s.tail_secs
        );
        println!();
        println!(
            "| strategy | load during incident | peak requests/s | requests of the incident that succeeded | 429s |"
        );
        println!("|---|---|---|---|---|");
        let mut lines = Vec::new();
        for strategy in &case.strategies {
            let r = report(&case, strategy);
            println!(
                "| {} | {:.3}x | {:.2}x | {:.3}% | {} |",
                strategy.name,
                r.load,
                r.peak,
                r.success * 100.0,
                r.rate_limited
            );
            lines.push((strategy.name, r.outcome.per_second));
        }
        let series: Vec<chart::Series<'_>> = lines
            .iter()
            .map(|(label, values)| chart::Series { label, values })
            .collect();
        let incident = (s.warmup_secs, s.warmup_secs + s.incident_secs);
        let path = out.join(format!("{}.svg", case.name));
        std::fs::write(&path, chart::svg(case.title, &series, incident))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each case's numbers for 200 clients, by strategy name.
    fn run(case: &str, seed: u64) -> Vec<(&'static str, Report)> {
        let case = cases(200, seed)
            .into_iter()
            .find(|c| c.name == case)
            .unwrap();
        case.strategies
            .iter()
            .map(|strategy| (strategy.name, report(&case, strategy)))
            .collect()
    }

    fn of<'a>(reports: &'a [(&str, Report)], strategy: &Strategy) -> &'a Report {
        &reports
            .iter()
            .find(|(name, _)| *name == strategy.name)
            .unwrap()
            .1
    }

    #[test]
    fn a_total_outage_is_not_amplified_by_the_defaults() {
        let reports = run("outage", 42);
        let none = of(&reports, &NO_RETRIES);
        let ours = of(&reports, &DEFAULTS);
        assert_eq!(none.load, 1.0);
        assert_eq!(none.peak, 1.0);
        assert!(ours.load <= 1.1, "{ours:?}");
        assert!(ours.peak <= 1.5 * none.peak, "{ours:?}");
        // What the defaults prevent: the docs' loop quadruples the load.
        let naive = of(&reports, &NAIVE);
        assert!(naive.load > 3.7, "{naive:?}");
        assert_eq!(naive.peak, 4.0);
        assert!(of(&reports, &POLICY_ONLY).load > 3.7);
    }

    #[test]
    fn a_partial_outage_is_ridden_out() {
        let reports = run("partial", 42);
        let ours = of(&reports, &DEFAULTS);
        assert!(ours.success >= 0.999, "{ours:?}");
        assert!(ours.load <= 1.15, "{ours:?}");
        let none = of(&reports, &NO_RETRIES);
        assert!(none.success < 0.92, "{none:?}");
    }

    #[test]
    fn a_blip_loses_almost_nothing() {
        let reports = run("blip", 42);
        let ours = of(&reports, &DEFAULTS);
        assert!(ours.success >= 0.9, "{ours:?}");
        assert_eq!(of(&reports, &NO_RETRIES).success, 0.0);
    }

    #[test]
    fn pacing_saves_the_429s() {
        let reports = run("rate_limit", 42);
        let paced = of(&reports, &PACED);
        let unpaced = of(&reports, &DEFAULTS);
        assert!(unpaced.rate_limited > 0, "{unpaced:?}");
        assert!(
            paced.rate_limited * 10 <= unpaced.rate_limited,
            "{paced:?} vs {unpaced:?}"
        );
    }

    #[test]
    fn same_seed_same_report() {
        assert_eq!(run("blip", 7), run("blip", 7));
        assert_ne!(run("blip", 7), run("blip", 8));
    }

    #[test]
    fn the_chart_has_one_line_per_strategy() {
        let svg = chart::svg(
            "t <&>",
            &[
                chart::Series {
                    label: "a",
                    values: &[1, 2, 3],
                },
                chart::Series {
                    label: "b",
                    values: &[3, 2, 1],
                },
            ],
            (1, 2),
        );
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains("t &lt;&amp;&gt;"));
        assert!(svg.ends_with("</svg>\n"));
    }
}
