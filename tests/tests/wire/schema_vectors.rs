//! The shipped JSON Schema against every vector of `vectors/schema-vectors.json`, with a real
//! validator (the `jsonschema` crate, draft 2020-12), and the strict deserialiser's and the
//! conformance checker's verdicts against the schema's, so the schema and the Rust model
//! cannot drift apart.

use std::collections::BTreeSet;

use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::Value;
use sunor_errors::ErrorBody;
use sunor_errors::conformance::inspect_response;
use sunor_errors::schema::{ERROR_BODY_SCHEMA, error_body_schema};
use sunor_errors_tests::documented_examples;

/// Where the schema accepts and the deserialiser rejects, and why (documented in
/// `sunor_errors::schema`). The deserialiser is never looser than the schema.
const EXCEPTIONS: [(&str, &str); 7] = [
    (
        "exception: code written 400.0",
        "JSON Schema: a number with a zero fraction is an integer; serde_json reads a float",
    ),
    (
        "exception: code written 4e2",
        "JSON Schema: 4e2 is the integer 400; serde_json reads an exponent as a float",
    ),
    (
        "exception: retry_after_seconds written 60.0",
        "JSON Schema: a number with a zero fraction is an integer; serde_json reads a float",
    ),
    (
        "exception: retry_after_seconds written -0",
        "JSON Schema: -0 is the integer 0; serde_json reads -0 as the float -0.0",
    ),
    (
        "exception: duplicate code",
        "JSON Schema sees the parsed value (last member wins); ErrorBody rejects duplicates",
    ),
    (
        "exception: duplicate message",
        "JSON Schema sees the parsed value (last member wins); ErrorBody rejects duplicates",
    ),
    (
        "exception: duplicate retry_after_seconds",
        "JSON Schema sees the parsed value (last member wins); ErrorBody rejects duplicates",
    ),
];

struct Vector {
    name: String,
    /// The body exactly as sent.
    text: String,
    schema: bool,
    serde: bool,
    body_violations: Vec<String>,
}

fn vectors() -> Vec<Vector> {
    let all: Vec<Value> =
        serde_json::from_str(include_str!("../../vectors/schema-vectors.json")).unwrap();
    all.into_iter()
        .map(|v| {
            let name = v["name"].as_str().unwrap().to_owned();
            // `body` is a JSON value (present even when `null`); `raw` is exact text, for what
            // a JSON value cannot hold (duplicates, `4e2`, broken JSON).
            let text = match (v.get("body"), v.get("raw")) {
                (Some(body), None) => serde_json::to_string(body).unwrap(),
                (None, Some(Value::String(raw))) => raw.clone(),
                _ => panic!("{name}: exactly one of body, raw"),
            };
            let kinds = v["body_violations"].as_array().unwrap();
            Vector {
                text,
                schema: v["schema"].as_bool().unwrap(),
                serde: v["serde"].as_bool().unwrap(),
                body_violations: kinds
                    .iter()
                    .map(|k| k.as_str().unwrap().to_owned())
                    .collect(),
                name,
            }
        })
        .collect()
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&error_body_schema()).unwrap()
}

// The schema's verdict on a body: a JSON Schema only describes JSON documents, so text that
// does not parse is invalid.
fn schema_accepts(validator: &jsonschema::Validator, text: &str) -> bool {
    match serde_json::from_str::<Value>(text) {
        Ok(instance) => validator.is_valid(&instance),
        Err(_) => false,
    }
}

// The strict deserialiser's verdict on a body.
fn serde_accepts(text: &str) -> bool {
    serde_json::from_str::<ErrorBody>(text).is_ok()
}

/// Asserts that `accepts` gives every vector the verdict `expected` reads from it; `side`
/// names whose verdict it is.
fn assert_verdicts(side: &str, accepts: impl Fn(&str) -> bool, expected: fn(&Vector) -> bool) {
    let wrong: Vec<String> = vectors()
        .iter()
        .filter(|v| accepts(&v.text) != expected(v))
        .map(|v| format!("{}: {} expected {side} {}", v.name, v.text, expected(v)))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn there_are_at_least_30_vectors_valid_and_invalid() {
    let vectors = vectors();
    assert!(vectors.len() >= 30, "{}", vectors.len());
    let valid = vectors.iter().filter(|v| v.schema && v.serde).count();
    let invalid = vectors.iter().filter(|v| !v.schema && !v.serde).count();
    assert!(
        valid >= 10 && invalid >= 20,
        "{valid} valid, {invalid} invalid"
    );
    let names: BTreeSet<&str> = vectors.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names.len(), vectors.len(), "vector names are unique");
}

#[test]
fn shipped_schema_is_a_valid_draft_2020_12_schema() {
    let schema = error_body_schema();
    assert!(jsonschema::meta::is_valid(&schema));
    assert_eq!(
        serde_json::from_str::<Value>(ERROR_BODY_SCHEMA).unwrap(),
        schema
    );
    assert!(jsonschema::draft202012::meta::is_valid(&schema));
}

#[test]
fn every_vector_gets_its_schema_verdict() {
    let validator = validator();
    assert_verdicts(
        "schema",
        |text| schema_accepts(&validator, text),
        |v| v.schema,
    );
}

#[test]
fn schema_says_why_an_invalid_body_is_invalid() {
    let validator = validator();
    let instance = serde_json::json!({"code": 600, "message": 5});
    let errors: BTreeSet<String> = validator
        .iter_errors(&instance)
        .map(|e| e.instance_path().to_string())
        .collect();
    assert_eq!(
        errors,
        BTreeSet::from(["/code".to_owned(), "/message".to_owned()])
    );
}

#[test]
fn every_vector_gets_its_serde_verdict() {
    assert_verdicts("serde", serde_accepts, |v| v.serde);
}

#[test]
fn serde_and_schema_disagree_only_on_the_documented_exceptions() {
    let validator = validator();
    let vectors = vectors();
    let disagreeing: BTreeSet<&str> = vectors
        .iter()
        .filter(|v| schema_accepts(&validator, &v.text) != serde_accepts(&v.text))
        .map(|v| v.name.as_str())
        .collect();
    let documented: BTreeSet<&str> = EXCEPTIONS.iter().map(|(name, _)| *name).collect();
    assert_eq!(disagreeing, documented);
    for v in vectors
        .iter()
        .filter(|v| documented.contains(v.name.as_str()))
    {
        // Stricter, never looser: the schema accepts, the deserialiser rejects.
        assert!(v.schema && !v.serde, "{}", v.name);
    }
}

#[test]
fn conformance_checker_agrees_with_serde_on_every_vector() {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    for v in vectors() {
        let report = inspect_response(StatusCode::BAD_REQUEST, &headers, v.text.as_bytes());
        let kinds: Vec<&str> = report
            .violations()
            .iter()
            .filter(|violation| violation.kind().is_invalid_body())
            .map(|violation| violation.kind().as_str())
            .collect();
        assert_eq!(kinds, v.body_violations, "{}: {}\n{report}", v.name, v.text);
        assert_eq!(kinds.is_empty(), v.serde, "{}", v.name);
    }
}

#[test]
fn what_serde_accepts_reserialises_to_a_schema_valid_body() {
    let validator = validator();
    for v in vectors().iter().filter(|v| v.serde) {
        let body: ErrorBody = serde_json::from_str(&v.text).unwrap();
        let out = serde_json::to_value(&body).unwrap();
        assert!(validator.is_valid(&out), "{}: {out}", v.name);
    }
}

#[test]
fn every_documented_example_is_schema_valid() {
    let validator = validator();
    for example in documented_examples() {
        assert!(validator.is_valid(&example.body), "{}", example.name);
    }
    for example in error_body_schema()["examples"].as_array().unwrap() {
        assert!(validator.is_valid(example), "{example}");
    }
}
