//! OpenAPI from the derive (feature `utoipa`): the contract's `TaskError` (design.md, Derive,
//! unchanged), its transparent `AuthError` included, becomes a valid OpenAPI 3.1 document
//! whose responses come from the same attributes as its bodies.
#![cfg(feature = "utoipa")]

use std::collections::BTreeSet;

use serde_json::{Value, json};
use sunor_errors::IntoErrorBody;
use sunor_errors::catalog::Catalog;
use sunor_errors_tests::contract::{AuthError, TaskError};
use sunor_errors_tests::openapi::{
    assert_examples_conform, assert_macros_build_the_task_document, parse_back,
    rate_limited_response, response_codes, task_document,
};

const ERROR_CODES: [&str; 7] = ["400", "401", "402", "403", "404", "429", "500"];

fn document_json() -> Value {
    let text = task_document::<TaskError>().to_pretty_json().unwrap();
    serde_json::from_str(&text).unwrap()
}

fn responses(document: &Value) -> &serde_json::Map<String, Value> {
    document["paths"]["/tasks/{id}"]["get"]["responses"]
        .as_object()
        .unwrap()
}

fn body_schema() -> Value {
    json!({"$ref": "#/components/schemas/ErrorBody"})
}

#[test]
fn derived_document_is_openapi_3_1_listing_every_code() {
    let document = document_json();
    let version = document["openapi"].as_str().unwrap();
    assert!(version.starts_with("3.1."), "{version}");
    let responses = responses(&document);
    let codes: Vec<&str> = responses.keys().map(String::as_str).collect();
    let mut expected = vec!["200"];
    expected.extend(ERROR_CODES);
    assert_eq!(codes, expected);
    // The same codes as the catalogue, which holds AuthError's through `transparent`.
    let catalog: BTreeSet<String> = Catalog::of::<TaskError>()
        .cases
        .iter()
        .map(|d| d.code.as_u16().to_string())
        .collect();
    assert_eq!(catalog, ERROR_CODES.map(String::from).into());
    for code in ERROR_CODES {
        assert_eq!(
            responses[code]["content"]["application/json"]["schema"],
            body_schema(),
            "{code}"
        );
    }
    assert_eq!(
        document["components"]["schemas"]["ErrorBody"]["required"],
        json!(["code", "message"])
    );
}

#[test]
fn only_the_429_declares_retry_after() {
    let document = document_json();
    let responses = responses(&document);
    for code in ERROR_CODES {
        assert_eq!(
            responses[code].get("headers").is_some(),
            code == "429",
            "{code}"
        );
    }
    assert_eq!(responses["429"], rate_limited_response());
}

#[test]
fn templates_appear_as_written() {
    let document = document_json();
    let responses = responses(&document);
    // The template as written, in the description and as the example's message.
    let missing_fields = json!({
        "description": "Bad Request.\n\n- `Missing required fields: {fields}` (template; TaskError::MissingFields)",
        "content": {"application/json": {
            "schema": body_schema(),
            "examples": {"TaskError::MissingFields": {
                "summary": "TaskError::MissingFields (message template)",
                "value": {"code": 400, "message": "Missing required fields: {fields}"}
            }}
        }}
    });
    assert_eq!(responses["400"], missing_fields);
    assert_eq!(
        responses["402"]["content"]["application/json"]["examples"]["TaskError::InsufficientCredits"]
            ["value"]["message"],
        "Insufficient credits: available {available}, required {required}"
    );
    // The 500's default message, never its source.
    assert_eq!(
        responses["500"]["content"]["application/json"]["examples"],
        json!({"TaskError::Internal": {
            "summary": "TaskError::Internal",
            "value": {"code": 500, "message": "Internal server error"}
        }})
    );
}

#[test]
fn transparent_variants_are_documented_under_their_own_type() {
    // What the variant documented under AuthError's 403 answers.
    let sent = TaskError::Auth(AuthError::Disabled).to_error_body();
    assert_eq!(
        sent.to_json_vec(),
        br#"{"code":403,"message":"API key disabled"}"#
    );
    let document = document_json();
    let responses = responses(&document);
    // 401 from both types, grouped, one line per message; 403 from AuthError alone.
    assert_eq!(
        responses["401"],
        json!({
            "description": "Unauthorized.\n\n- `Invalid API key` (TaskError::InvalidApiKey, AuthError::InvalidKey)\n- `Missing x-api-key header` (AuthError::MissingKey)",
            "content": {"application/json": {
                "schema": body_schema(),
                "examples": {
                    "AuthError::InvalidKey": {
                        "summary": "AuthError::InvalidKey",
                        "value": {"code": 401, "message": "Invalid API key"}
                    },
                    "AuthError::MissingKey": {
                        "summary": "AuthError::MissingKey",
                        "value": {"code": 401, "message": "Missing x-api-key header"}
                    },
                    "TaskError::InvalidApiKey": {
                        "summary": "TaskError::InvalidApiKey",
                        "value": {"code": 401, "message": "Invalid API key"}
                    }
                }
            }}
        })
    );
    assert_eq!(
        responses["403"]["description"],
        "Forbidden.\n\n- `API key disabled` (AuthError::Disabled)"
    );
}

#[test]
fn derived_document_parses_back_unchanged() {
    let document = task_document::<TaskError>();
    let parsed = parse_back(&document);
    let mut expected = vec!["200"];
    expected.extend(ERROR_CODES);
    assert_eq!(response_codes(&parsed), expected);
    assert!(
        parsed
            .components
            .as_ref()
            .unwrap()
            .schemas
            .contains_key("ErrorBody")
    );
}

#[test]
fn each_derived_example_conforms_when_sent() {
    assert_examples_conform::<TaskError>();
    assert_examples_conform::<AuthError>();
}

// The macro path takes the derived type the same way.
#[test]
fn utoipa_macros_produce_the_same_responses() {
    assert_macros_build_the_task_document();
}
