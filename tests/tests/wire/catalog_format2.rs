//! The catalogue, format 2 (design.md): ids, the order decoding tries the cases, patterns
//! that the `regex` crate runs to the same answer as the derived decoder, the `policy` block
//! against the Rust defaults, `decodable`, and format-1 snapshots still read and compared.

use std::path::Path;
use std::time::Duration;

use regex::{Regex, RegexBuilder};
use serde_json::Value;
use sunor_errors::catalog::{
    Catalog, FieldKind, FieldSource, SnapshotAction, SnapshotError, Update, check_snapshot,
};
use sunor_errors::retry::{Jitter, Retrier, RetryBudget, RetryDecision, RetryPolicy};
use sunor_errors::{ErrorBody, ErrorCode, FromErrorBody, IntoErrorBody};
use sunor_errors_tests::contract::TaskError;
use sunor_errors_tests::documented_examples;

fn pattern(text: &str) -> Regex {
    RegexBuilder::new(text)
        .dot_matches_new_line(true)
        .build()
        .unwrap()
}

#[test]
fn ids_and_order_are_the_order_decoding_tries() {
    let catalog = Catalog::of::<TaskError>();
    let ids: Vec<&str> = catalog.cases.iter().map(|case| case.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "TaskError.MissingFields",
            "TaskError.InvalidApiKey",
            "TaskError.InsufficientCredits",
            "TaskError.TaskNotFound",
            "TaskError.RateLimited",
            "TaskError.Internal",
            // The transparent variant's type, after the type's own cases, with its own ids.
            "AuthError.MissingKey",
            "AuthError.InvalidKey",
            "AuthError.Disabled",
        ]
    );
    assert!(catalog.decodable);
    assert_eq!(catalog.duplicate_id(), None);
    // For every documented body, the first case whose code and pattern match is the variant
    // the derived decoder answers with, and its groups are the fields' texts.
    for example in documented_examples() {
        let body: ErrorBody = serde_json::from_value(example.body.clone()).unwrap();
        let first = catalog.cases.iter().find(|case| {
            case.code == body.code()
                && pattern(case.pattern.as_deref().unwrap()).is_match(body.message())
        });
        let decoded = TaskError::from_error_body(&body);
        match (first, &decoded) {
            (None, None) => {}
            (Some(case), Some(value)) => {
                let debug = format!("{value:?}");
                let variant = case.variant.as_deref().unwrap();
                assert!(
                    debug.starts_with(variant) || debug.contains(&format!("({variant}")),
                    "{debug} vs {}",
                    case.id
                );
            }
            other => panic!("{}: {other:?}", example.name),
        }
    }
    // `Invalid API key` under 401 is both `TaskError.InvalidApiKey` and
    // `AuthError.InvalidKey`: the type's own case comes first, in the catalogue and in Rust.
    let body = ErrorBody::new(ErrorCode::UNAUTHORIZED, "Invalid API key");
    assert!(matches!(
        body.decode::<TaskError>(),
        Some(TaskError::InvalidApiKey)
    ));
    let credits = &catalog.cases[2];
    let captures = pattern(credits.pattern.as_deref().unwrap())
        .captures("Insufficient credits: available 3, required 10")
        .unwrap();
    assert_eq!((&captures[1], &captures[2]), ("3", "10"));
    assert_eq!(credits.fields[1].groups, [2]);
    assert_eq!(credits.fields[1].kind, FieldKind::Uint { bits: 64 });
    assert!(credits.portable && !credits.retryable);
    let limited = &catalog.cases[4];
    assert_eq!(limited.fields[0].from, FieldSource::RetryAfter);
    assert!(limited.retryable);
}

#[derive(Debug, PartialEq, IntoErrorBody, FromErrorBody)]
enum Pinned {
    /// Renamed from `Gone`: the id keeps clients of other languages working.
    #[error_body(code = 404, message = "Task {0} gone", id = "Pinned.Gone")]
    Vanished(u64),
    #[error_body(code = 409, message = "Task {0:?} busy")]
    Busy(String),
    #[error_body(code = 422, message = "Ratio {0} too high")]
    Ratio(f64),
}

#[allow(dead_code)] // only its catalogue is read
#[derive(IntoErrorBody)]
enum ServerOnly {
    #[error_body(code = 404, message = "Task {0} gone")]
    Gone(u64),
}

#[test]
fn ids_kinds_portability_and_decodable() {
    let catalog = Catalog::of::<Pinned>();
    assert!(catalog.decodable);
    let ids: Vec<&str> = catalog.cases.iter().map(|case| case.id.as_str()).collect();
    assert_eq!(ids, ["Pinned.Gone", "Pinned.Busy", "Pinned.Ratio"]);
    // A Debug string and a float need Rust to be read: not portable, decodable in Rust.
    let portable: Vec<bool> = catalog.cases.iter().map(|case| case.portable).collect();
    assert_eq!(portable, [true, false, false]);
    assert!(catalog.cases.iter().all(|case| case.decodable));
    assert_eq!(
        catalog.cases[2].fields[0].kind,
        FieldKind::Other {
            rust_type: "f64".into()
        }
    );
    // A type that does not derive `FromErrorBody` decodes nothing.
    let server = Catalog::of::<ServerOnly>();
    assert!(!server.decodable);
    assert!(!server.cases[0].decodable && !server.cases[0].portable);
    // The pinned id survives a rename: compared with the old variant name, a rename only.
    let mut old = catalog.clone();
    old.cases[0].variant = Some("Gone".into());
    let changes = catalog.changes_since(&old);
    assert!(!changes.is_breaking(), "{changes}");
    // Two cases with one id (through transparent variants): the snapshot check refuses.
    let mut twice = catalog.clone();
    twice.cases.push(twice.cases[0].clone());
    assert_eq!(twice.duplicate_id(), Some("Pinned.Gone"));
    let error = check_snapshot(&twice, "unused.json", Update::Never).unwrap_err();
    assert!(
        matches!(error, SnapshotError::DuplicateId { .. }),
        "{error}"
    );
}

#[test]
fn a_format_1_snapshot_is_still_read_and_compared() {
    let path = Path::new("snapshots/task_error.format1.catalog.json");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("\"format\": 1,"));
    let old = Catalog::from_json(&text).unwrap();
    // Format 1 has no ids: `Type.Variant`.
    assert_eq!(old.cases[2].id, "TaskError.InsufficientCredits");
    assert_eq!(old.cases[2].pattern, None);
    let now = Catalog::of::<TaskError>();
    let changes = now.changes_since(&old);
    assert!(changes.is_empty(), "{changes}");
    // Held against the format-1 file, the format-2 catalogue passes; the file is stale.
    let report = check_snapshot(&now, path, Update::Never).unwrap();
    assert_eq!(report.action, SnapshotAction::Kept);
    assert!(!report.up_to_date && report.changes.is_empty());
    assert_eq!(std::fs::read_to_string(path).unwrap(), text);
    // A real change is still caught against it.
    let mut changed = now.clone();
    changed.cases[2].message = "Insufficient credits: {available} of {required}".into();
    assert!(changed.changes_since(&old).is_breaking());
}

/// The `policy` block, read as another language reads it, behaves as the Rust defaults do.
#[test]
fn the_policy_block_is_the_rust_defaults() {
    let json: Value = serde_json::from_str(&Catalog::of::<TaskError>().to_json()).unwrap();
    let policy = &json["policy"];
    let seconds = |value: &Value| Duration::from_secs_f64(value.as_f64().unwrap());
    let codes: Vec<u16> = policy["retryable_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|code| u16::try_from(code.as_u64().unwrap()).unwrap())
        .collect();
    let expected: Vec<u16> = (400..=599)
        .filter(|&code| ErrorCode::from_u16(code).unwrap().is_retryable())
        .collect();
    assert_eq!(codes, expected);

    let retrier = Retrier::new(RetryPolicy::default());
    let default = retrier.policy().clone();
    let exact = default.clone().jitter(Jitter::None);
    let bad_gateway = ErrorBody::from_code(ErrorCode::BAD_GATEWAY);
    let max_retries = u32::try_from(policy["max_retries"].as_u64().unwrap()).unwrap();
    let backoff = &policy["backoff"];
    assert_eq!(backoff["jitter"], "additive");
    let (base, factor, max) = (
        seconds(&backoff["base_seconds"]),
        u32::try_from(backoff["factor"].as_u64().unwrap()).unwrap(),
        seconds(&backoff["max_seconds"]),
    );
    let (low, high) = (
        backoff["jitter_low"].as_f64().unwrap(),
        backoff["jitter_high"].as_f64().unwrap(),
    );
    for n in 0..max_retries {
        let wait = (base * factor.pow(n)).min(max);
        assert_eq!(
            exact.decide(n, &bad_gateway),
            RetryDecision::Retry(wait),
            "{n}"
        );
        for _ in 0..20 {
            let RetryDecision::Retry(jittered) = default.decide(n, &bad_gateway) else {
                panic!("retry {n}");
            };
            assert!(
                wait.mul_f64(low) <= jittered && jittered <= wait.mul_f64(high),
                "{n}: {jittered:?}"
            );
        }
    }
    assert_eq!(
        default.decide(max_retries, &bad_gateway),
        RetryDecision::GiveUp
    );
    // The cap on the exponential waits.
    let long = exact.clone().max_retries(10);
    assert_eq!(long.decide(9, &bad_gateway), RetryDecision::Retry(max));

    let limited = ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS);
    assert_eq!(
        default.decide(0, &limited),
        RetryDecision::Retry(seconds(&policy["rate_limited_fallback_seconds"]))
    );
    let cap = policy["max_retry_after_seconds"].as_u64().unwrap();
    assert_eq!(
        default.decide(0, &limited.clone().with_retry_after_seconds(cap)),
        RetryDecision::Retry(Duration::from_secs(cap))
    );
    assert_eq!(
        default.decide(0, &limited.clone().with_retry_after_seconds(cap + 1)),
        RetryDecision::GiveUp
    );
    let min = seconds(&policy["min_delay_seconds"]);
    let min_high = min.mul_f64(policy["min_delay_jitter_high"].as_f64().unwrap());
    let now = limited.with_retry_after_seconds(0);
    assert_eq!(exact.decide(0, &now), RetryDecision::Retry(min));
    for _ in 0..20 {
        let RetryDecision::Retry(wait) = default.decide(0, &now) else {
            panic!("a zero delay retries");
        };
        assert!(min <= wait && wait <= min_high, "{wait:?}");
    }

    let budget = &policy["budget"];
    let default_budget = retrier.budget_ref().unwrap();
    assert_eq!(
        budget["max_tokens"].as_u64().unwrap(),
        u64::from(default_budget.max_tokens())
    );
    assert_eq!(
        budget["token_ratio"].as_f64().unwrap(),
        default_budget.token_ratio()
    );
    // A fresh budget: each failure costs `retry_cost`, retries stay on while more than
    // `threshold` of the bucket is left.
    let fresh = RetryBudget::default();
    let (cost, threshold) = (
        budget["retry_cost"].as_f64().unwrap(),
        budget["threshold"].as_f64().unwrap(),
    );
    let max_tokens = f64::from(fresh.max_tokens());
    let mut on = 0;
    while fresh.record_failure() {
        on += 1;
    }
    let expected = (max_tokens * (1.0 - threshold) / cost).ceil() - 1.0;
    assert_eq!(f64::from(on), expected);
}

/// The catalogue the Python and TypeScript modules of `clients/` are generated from (the
/// generator's fixture) and the committed snapshot are exactly what Rust writes for the
/// contract's `TaskError` today: the generated clients cannot drift from the Rust types.
#[test]
fn the_generated_clients_catalogue_is_what_rust_writes() {
    let written = Catalog::of::<TaskError>().to_json();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for file in [
        "tests/snapshots/task_error.catalog.json",
        "sunor-errors-codegen/tests/fixtures/task_error.v2.json",
    ] {
        let committed = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(
            committed == written,
            "{file} is not what Catalog::of::<TaskError>().to_json() writes now; copy it there \
             and regenerate clients/ (see clients/README.md)"
        );
    }
}
