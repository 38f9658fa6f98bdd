//! `#[error_body(axum)]`: a derived type that asks for it is an axum response, through the
//! hook `integrations/axum.rs` defines. The feature is additive: a derived type that does
//! not ask keeps its own hand-written `IntoResponse` beside the enabled feature.

use std::fmt::Display;

use axum::response::{IntoResponse, Response};
use sunor_errors::IntoErrorBody;

async fn collect(value: impl IntoResponse) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let response = value.into_response();
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
        .collect();
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    (status, headers, body.to_vec())
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

const JSON: (&str, &str) = ("content-type", "application/json");

#[derive(Debug, IntoErrorBody)]
#[error_body(axum)]
enum TaskError {
    #[error_body(code = 404, message = "Task not found")]
    NotFound,
    #[error_body(code = 429)]
    RateLimited {
        #[error_body(retry_after)]
        seconds: u64,
    },
}

// Generics, a lifetime, and bounds the derive infers (`T: Display` for the template) and
// the user writes (`where T: Send`): the response impl gets the same ones.
#[derive(Debug, IntoErrorBody)]
#[error_body(code = 400, message = "{label}: {value}", axum)]
struct Labelled<'a, T>
where
    T: Send,
{
    label: &'a str,
    value: T,
}

// A transparent struct: the inner type's body, as a response.
#[derive(Debug, IntoErrorBody)]
#[error_body(transparent, axum)]
struct Upstream<E: IntoErrorBody>(E);

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 502)]
struct ProviderDown(#[allow(dead_code)] std::io::Error);

#[tokio::test]
async fn derived_types_with_the_key_are_axum_responses() {
    assert_eq!(
        collect(TaskError::NotFound).await,
        (
            404,
            pairs(&[JSON]),
            br#"{"code":404,"message":"Task not found"}"#.to_vec()
        )
    );
    assert_eq!(
        collect(TaskError::RateLimited { seconds: 3 }).await,
        (
            429,
            pairs(&[JSON, ("retry-after", "3")]),
            br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":3}"#.to_vec()
        )
    );
    let labelled = Labelled {
        label: "Missing required fields",
        value: "model, input",
    };
    assert_eq!(
        collect(labelled).await,
        (
            400,
            pairs(&[JSON]),
            br#"{"code":400,"message":"Missing required fields: model, input"}"#.to_vec()
        )
    );
    let upstream = Upstream(ProviderDown(std::io::Error::other(
        "secret upstream detail",
    )));
    assert_eq!(
        collect(upstream).await,
        (
            502,
            pairs(&[JSON]),
            br#"{"code":502,"message":"Upstream provider error"}"#.to_vec()
        )
    );
}

// The point of the hook: a handler returns the derived type itself.
#[tokio::test]
async fn handlers_return_derived_types() {
    use axum::routing::get;
    use tower::ServiceExt;

    async fn handler() -> Result<sunor_errors::axum::Json<u32>, TaskError> {
        Err(TaskError::NotFound)
    }
    let app: axum::Router = axum::Router::new().route("/", get(handler));
    let request = axum::http::Request::get("/")
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, headers, body) = collect(app.oneshot(request).await.unwrap()).await;
    assert_eq!(status, 404);
    // The router adds Content-Length for a body of known size.
    assert_eq!(headers, pairs(&[JSON, ("content-length", "39")]));
    assert_eq!(body, br#"{"code":404,"message":"Task not found"}"#);
}

/// Without `#[error_body(axum)]` the derive writes nothing for axum, though the feature is
/// on: this hand-written impl (a problem+json answer, a header of its own) would otherwise
/// conflict with a generated one and not compile.
#[derive(Debug, IntoErrorBody)]
enum OwnResponse<T: Display> {
    #[error_body(code = 409, message = "Task {0} is already running")]
    Conflict(T),
}

impl<T: Display> IntoResponse for OwnResponse<T> {
    fn into_response(self) -> Response {
        let body = self.to_error_body();
        let mut response = Response::new(axum::body::Body::from(format!(
            r#"{{"title":"{}","status":{}}}"#,
            body.message(),
            body.code()
        )));
        *response.status_mut() = body.code().status();
        let headers = response.headers_mut();
        headers.insert(
            "content-type",
            axum::http::HeaderValue::from_static("application/problem+json"),
        );
        headers.insert("x-handled-by", axum::http::HeaderValue::from_static("own"));
        response
    }
}

#[tokio::test]
async fn a_type_without_the_key_keeps_its_own_response() {
    assert_eq!(
        collect(OwnResponse::Conflict("task_1")).await,
        (
            409,
            pairs(&[
                ("content-type", "application/problem+json"),
                ("x-handled-by", "own")
            ]),
            br#"{"title":"Task task_1 is already running","status":409}"#.to_vec()
        )
    );
    // Its error body is still the derived one.
    assert_eq!(
        OwnResponse::Conflict(7).to_error_body().to_json_vec(),
        br#"{"code":409,"message":"Task 7 is already running"}"#
    );
}
