//! OpenAPI helpers shared by the utoipa tests (feature `utoipa`).

use sunor_errors::conformance::assert_parts_conform;
use sunor_errors::integrations::utoipa::{ErrorResponses, error_responses_for};
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
