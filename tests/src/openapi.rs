//! OpenAPI helpers shared by the utoipa tests (feature `utoipa`): the contract's `TaskError`
//! documented by the builder and by utoipa's macros, and what both tests expect of it.

use crate::contract::TaskError;
use serde_json::{Value, json};
use sunor_errors::conformance::assert_parts_conform;
use sunor_errors::utoipa::{ErrorResponses, error_responses_for};
use sunor_errors::{ErrorBody, IntoErrorBody};
use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem};
use utoipa::openapi::{
    ComponentsBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, Response,
    ResponsesBuilder,
};

/// A document with one operation, `GET /tasks/{id}`, answering 200 or any error of `E`,
/// and the `ErrorBody` schema component.
pub fn task_document<E: IntoErrorBody>() -> OpenApi {
    let operation = OperationBuilder::new()
        .operation_id(Some("get_task"))
        .responses(
            ResponsesBuilder::new()
                .response("200", Response::new("The task"))
                .responses_from_into_responses::<ErrorResponses<E>>(),
        );
    OpenApiBuilder::new()
        .info(InfoBuilder::new().title("task_api").version("1.0.0"))
        .paths(PathsBuilder::new().path("/tasks/{id}", PathItem::new(HttpMethod::Get, operation)))
        .components(Some(
            ComponentsBuilder::new().schema_from::<ErrorBody>().build(),
        ))
        .build()
}

/// Writes `document` as JSON, parses it back with utoipa's types and asserts nothing
/// changed; returns the parsed document.
///
/// Compared as written text, not with `==` on the structs: utoipa reads `0` back as a
/// signed number where the builder wrote an unsigned one; both serialise to `0`.
pub fn parse_back(document: &OpenApi) -> OpenApi {
    let text = document.to_json().unwrap();
    let parsed: OpenApi = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed.to_json().unwrap(), text);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
    parsed
}

/// Every example of `E`'s documented responses, answered with its code, passes the
/// conformance checker, with a `Retry-After` header exactly where the response declares one.
pub fn assert_examples_conform<E: IntoErrorBody>() {
    for (code, response) in error_responses_for::<E>() {
        let response = serde_json::to_value(response).unwrap();
        let examples = response["content"]["application/json"]["examples"]
            .as_object()
            .unwrap();
        assert!(!examples.is_empty(), "{code}");
        for (name, example) in examples {
            let body: ErrorBody = serde_json::from_value(example["value"].clone()).unwrap();
            let sent = body.to_http_response();
            assert_eq!(sent.status().as_str(), code, "{name}");
            assert_eq!(
                sent.headers().contains_key("retry-after"),
                response.get("headers").is_some(),
                "{name}"
            );
            assert_parts_conform(sent.status(), sent.headers(), sent.body());
        }
    }
}

/// The codes `document`'s one operation answers, in order.
pub fn response_codes(document: &OpenApi) -> Vec<String> {
    let operation = document.paths.paths["/tasks/{id}"].get.as_ref().unwrap();
    operation.responses.responses.keys().cloned().collect()
}

/// The 429 of the contract's `TaskError` in its OpenAPI document, exactly.
pub fn rate_limited_response() -> Value {
    json!({
        "description": "Too Many Requests.\n\n- `Rate limit exceeded.` (TaskError::RateLimited)\n\nCarries a `Retry-After` header (seconds) and the same `retry_after_seconds`.",
        "headers": {"Retry-After": {
            "schema": {"type": "integer", "minimum": 0},
            "description": "Seconds to wait before retrying, the same as the body's `retry_after_seconds`. Always sent."
        }},
        "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/ErrorBody"},
            "examples": {"TaskError::RateLimited": {
                "summary": "TaskError::RateLimited, delay set per error",
                "value": {"code": 429, "message": "Rate limit exceeded.", "retry_after_seconds": 60}
            }}
        }}
    })
}

// The macro path: `#[utoipa::path]` and `#[derive(OpenApi)]` take the derived type too.
#[utoipa::path(
    get,
    path = "/tasks/{id}",
    responses((status = 200, description = "The task"), ErrorResponses<TaskError>)
)]
#[allow(dead_code)]
fn get_task() {}

/// `task_document::<TaskError>()` as utoipa's macros build it.
#[derive(Debug, utoipa::OpenApi)]
#[openapi(paths(get_task), components(schemas(ErrorBody)))]
pub struct ApiDoc;

/// Asserts that utoipa's macros document the same responses and components as
/// `task_document::<TaskError>()`.
pub fn assert_macros_build_the_task_document() {
    let derived = serde_json::to_value(<ApiDoc as utoipa::OpenApi>::openapi()).unwrap();
    let built = serde_json::to_value(task_document::<TaskError>()).unwrap();
    let responses = |document: &Value| document["paths"]["/tasks/{id}"]["get"]["responses"].clone();
    assert_eq!(responses(&derived), responses(&built));
    assert_eq!(derived["components"], built["components"]);
}
