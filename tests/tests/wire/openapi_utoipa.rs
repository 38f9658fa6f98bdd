//! OpenAPI with utoipa (feature `utoipa`): the `ErrorBody` component is the shipped JSON
//! Schema, and the contract's `TaskError` catalogue (its transparent `AuthError` included)
//! becomes a valid OpenAPI 3.1 document listing its codes.
#![cfg(feature = "utoipa")]

use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::{Value, json};
use sunor_errors::catalog::{Catalog, RetryAfterHint};
use sunor_errors::schema::error_body_schema;
use sunor_errors::utoipa::ErrorResponses;
use sunor_errors::{ErrorBody, IntoErrorBody};
use sunor_errors_tests::contract::TaskError;
use sunor_errors_tests::openapi::{
    assert_examples_conform, assert_macros_build_the_task_document, parse_back,
    rate_limited_response, response_codes, task_document,
};
use utoipa::openapi::OpenApi;
use utoipa::{IntoResponses, PartialSchema, ToSchema};

fn document() -> OpenApi {
    task_document::<TaskError>()
}

#[test]
fn error_body_component_is_the_shipped_json_schema() {
    assert_eq!(ErrorBody::name(), "ErrorBody");
    let component = serde_json::to_value(ErrorBody::schema()).unwrap();
    let mut shipped = error_body_schema();
    let shipped_object = shipped.as_object_mut().unwrap();
    shipped_object.remove("$schema").unwrap();
    shipped_object.remove("$id").unwrap();
    assert_eq!(component, shipped);
}

#[test]
fn error_body_component_gives_the_shipped_verdicts() {
    // The component, used as a JSON Schema, accepts and rejects what the shipped one does.
    let shipped = jsonschema::draft202012::new(&error_body_schema()).unwrap();
    let component = serde_json::to_value(ErrorBody::schema()).unwrap();
    let component = jsonschema::draft202012::new(&component).unwrap();
    let bodies = [
        json!({"code": 404, "message": "Task not found"}),
        json!({"code": 429, "message": "x", "retry_after_seconds": null, "extra": [1]}),
        json!({"code": 429, "message": "x", "retry_after_seconds": u64::MAX}),
        json!({"code": 600, "message": "x"}),
        json!({"code": 400, "message": 1}),
        json!({"code": 400, "message": "x", "retry_after_seconds": -1}),
        json!({"message": "x"}),
        json!([400, "x"]),
    ];
    let verdicts: Vec<bool> = bodies.iter().map(|b| component.is_valid(b)).collect();
    assert_eq!(
        verdicts,
        [true, true, true, false, false, false, false, false]
    );
    for body in &bodies {
        assert_eq!(shipped.is_valid(body), component.is_valid(body), "{body}");
    }
}

#[test]
fn task_error_document_lists_its_codes_as_openapi_3_1() {
    let text = document().to_pretty_json().unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    assert!(
        json["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        json["openapi"]
    );
    let responses = json["paths"]["/tasks/{id}"]["get"]["responses"]
        .as_object()
        .unwrap();
    let codes: Vec<&str> = responses.keys().map(String::as_str).collect();
    assert_eq!(
        codes,
        ["200", "400", "401", "402", "403", "404", "429", "500"]
    );
    for code in ["400", "401", "402", "403", "404", "429", "500"] {
        let content = &responses[code]["content"]["application/json"];
        assert_eq!(
            content["schema"],
            json!({"$ref": "#/components/schemas/ErrorBody"}),
            "{code}"
        );
        assert_eq!(
            responses[code].get("headers").is_some(),
            code == "429",
            "only the 429 declares Retry-After: {code}"
        );
    }
    assert_eq!(
        json["components"]["schemas"]["ErrorBody"]["required"],
        json!(["code", "message"])
    );

    // Exact content for a templated code and for the delayed one.
    assert_eq!(
        responses["402"],
        json!({
            "description": "Payment Required.\n\n- `Insufficient credits: available {available}, required {required}` (template; TaskError::InsufficientCredits)",
            "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ErrorBody"},
                "examples": {"TaskError::InsufficientCredits": {
                    "summary": "TaskError::InsufficientCredits (message template)",
                    "value": {"code": 402, "message": "Insufficient credits: available {available}, required {required}"}
                }}
            }}
        })
    );
    assert_eq!(responses["429"], rate_limited_response());
}

#[test]
fn document_parses_back_with_utoipas_types() {
    let parsed = parse_back(&document());
    assert_eq!(
        response_codes(&parsed),
        ["200", "400", "401", "402", "403", "404", "429", "500"]
    );
    let components = parsed.components.as_ref().unwrap();
    assert!(components.schemas.contains_key("ErrorBody"));
}

#[test]
fn each_documented_example_conforms_when_sent() {
    assert_examples_conform::<TaskError>();
}

#[test]
fn duplicates_are_listed_once_and_variants_sharing_a_code_are_grouped() {
    #[allow(dead_code)] // only its catalogue is read
    #[derive(IntoErrorBody)]
    #[error_body(code = 503)]
    enum E {
        #[error_body(message = "Down for maintenance", retry_after = 300)]
        Maintenance,
        Overloaded,
        Draining,
    }
    let mut catalog = Catalog::of::<E>().cases;
    // A case listed twice (as through two `transparent` variants of one type).
    catalog.insert(2, catalog[0].clone());
    assert_eq!(catalog[2].retry_after, RetryAfterHint::Fixed(300));
    let responses = sunor_errors::utoipa::error_responses(&catalog);
    assert_eq!(responses.len(), 1);
    let json = serde_json::to_value(&responses["503"]).unwrap();
    assert_eq!(
        json["description"],
        "Service Unavailable.\n\n- `Down for maintenance` (E::Maintenance)\n- `Service unavailable` (E::Overloaded, E::Draining)\n\nCarries a `Retry-After` header (seconds) and the same `retry_after_seconds`."
    );
    assert_eq!(
        json["headers"]["Retry-After"]["description"],
        "Seconds to wait before retrying, the same as the body's `retry_after_seconds`. Sent by E::Maintenance."
    );
    let examples = json["content"]["application/json"]["examples"]
        .as_object()
        .unwrap();
    let names: Vec<&str> = examples.keys().map(String::as_str).collect();
    assert_eq!(names, ["E::Draining", "E::Maintenance", "E::Overloaded"]);
    assert_eq!(
        examples["E::Maintenance"]["value"],
        json!({"code": 503, "message": "Down for maintenance", "retry_after_seconds": 300})
    );
    assert!(ErrorResponses::<ErrorBody>::responses().is_empty());
}

// The derive path: `#[utoipa::path]` and `#[derive(OpenApi)]` take the same pieces.
#[test]
fn derive_macros_produce_the_same_document() {
    assert_macros_build_the_task_document();
    // And the headers a server sends for the 429 match what the document declares.
    let sent = TaskError::RateLimited { seconds: 60 }
        .to_error_body()
        .to_http_response();
    let mut expected = HeaderMap::new();
    expected.insert("content-type", HeaderValue::from_static("application/json"));
    expected.insert("retry-after", HeaderValue::from_static("60"));
    assert_eq!(sent.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sent.headers(), &expected);
}
