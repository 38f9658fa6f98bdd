//! The `axum` feature: `ErrorBody` and `ErrorCode` as exact responses, the `Json` extractor
//! whose rejections are the API's bodies, and `#[error_body(axum)]`: a derived type that asks
//! for it is an axum response, through the hook `integrations/axum.rs` defines. The feature is
//! additive: a derived type that does not ask keeps its own hand-written `IntoResponse`
//! beside the enabled feature.

use std::fmt::Display;

use axum::body::Body;
use axum::extract::FromRequest;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sunor_errors::axum::Json;
use sunor_errors::{ErrorBody, ErrorCode, IntoErrorBody};

use crate::support::headers::{header_pairs, pairs};

async fn collect(value: impl IntoResponse) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let response = value.into_response();
    let status = response.status().as_u16();
    let headers = header_pairs(response.headers());
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, headers, body.to_vec())
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

#[tokio::test]
async fn error_body_response_is_exact() {
    let (status, h, body) = collect(ErrorBody::new(
        ErrorCode::PAYMENT_REQUIRED,
        "Insufficient credits: available 3, required 10",
    ))
    .await;
    assert_eq!(status, 402);
    assert_eq!(h, pairs(&[("content-type", "application/json")]));
    assert_eq!(
        body,
        br#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#
    );

    let (status, h, body) =
        collect(ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS).with_retry_after_seconds(60))
            .await;
    assert_eq!(status, 429);
    assert_eq!(
        h,
        pairs(&[("content-type", "application/json"), ("retry-after", "60")])
    );
    assert_eq!(
        body,
        br#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":60}"#
    );

    let (status, h, body) = collect(ErrorCode::BAD_GATEWAY).await;
    assert_eq!(status, 502);
    assert_eq!(h, pairs(&[("content-type", "application/json")]));
    assert_eq!(body, br#"{"code":502,"message":"Upstream provider error"}"#);
}

// The writer cannot fail: for every code and hostile messages the response has the
// body's status and a body that reads back as the same ErrorBody.
#[tokio::test]
async fn every_code_and_hostile_message_gives_a_valid_body() {
    let messages = [
        String::new(),
        "\"\\\u{0}\u{1b}[31m\n\r\t".to_owned(),
        "ünïcödé 🎵 \u{2028}\u{202e}".to_owned(),
        "x".repeat(70_000),
    ];
    for code in 400..=599u16 {
        let code = ErrorCode::from_u16(code).unwrap();
        for message in &messages {
            let sent = ErrorBody::new(code, message.clone()).with_retry_after_seconds(7);
            let (status, h, body) = collect(sent.clone()).await;
            assert_eq!(status, code.as_u16());
            assert_eq!(
                h[0],
                ("content-type".to_owned(), "application/json".to_owned())
            );
            let read: ErrorBody = serde_json::from_slice(&body).unwrap();
            assert_eq!(read, sent);
        }
    }
}

async fn extract(content_type: Option<&str>, body: &'static str) -> Result<Vec<u8>, Vec<u8>> {
    let mut request = axum::http::Request::post("/task");
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let request = request.body(Body::from(body)).unwrap();
    match Json::<std::collections::BTreeMap<String, u32>>::from_request(request, &()).await {
        Ok(Json(map)) => Ok(serde_json::to_vec(&map).unwrap()),
        Err(rejection) => {
            let (status, h, body) = collect(rejection).await;
            assert_eq!(status, 400);
            assert_eq!(h, pairs(&[("content-type", "application/json")]));
            Err(body)
        }
    }
}

#[tokio::test]
async fn json_extractor_rejections_are_the_api_400() {
    let json = Some("application/json");
    assert_eq!(
        extract(json, r#"{"a":1}"#).await,
        Ok(br#"{"a":1}"#.to_vec())
    );
    assert_eq!(
        extract(
            Some("application/vnd.sunor+json; charset=utf-8"),
            r#"{"a":1}"#
        )
        .await,
        Ok(br#"{"a":1}"#.to_vec())
    );
    let malformed = br#"{"code":400,"message":"Malformed JSON body"}"#.to_vec();
    assert_eq!(extract(json, "{\"a\":").await, Err(malformed.clone()));
    assert_eq!(extract(json, "").await, Err(malformed.clone()));
    assert_eq!(extract(json, r#"{"a":1} x"#).await, Err(malformed));
    let invalid = br#"{"code":400,"message":"Invalid JSON body"}"#.to_vec();
    assert_eq!(extract(json, r#"{"a":"x"}"#).await, Err(invalid.clone()));
    assert_eq!(extract(json, "[1]").await, Err(invalid));
    let no_type = br#"{"code":400,"message":"Content-Type must be application/json"}"#.to_vec();
    assert_eq!(extract(None, r#"{"a":1}"#).await, Err(no_type.clone()));
    assert_eq!(
        extract(Some("text/plain"), r#"{"a":1}"#).await,
        Err(no_type)
    );
}

#[tokio::test]
async fn json_response_never_leaks_a_serde_failure() {
    struct Fails;
    impl Serialize for Fails {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("secret internal detail"))
        }
    }
    let (status, h, body) = collect(Json(Fails)).await;
    assert_eq!(status, 500);
    assert_eq!(h, pairs(&[("content-type", "application/json")]));
    assert_eq!(body, br#"{"code":500,"message":"Internal server error"}"#);

    let (status, h, body) = collect(Json(serde_json::json!({"code": 200}))).await;
    assert_eq!(status, 200);
    assert_eq!(h, pairs(&[("content-type", "application/json")]));
    assert_eq!(body, br#"{"code":200}"#);
}

#[tokio::test]
async fn body_over_the_limit_is_a_413_body() {
    use axum::extract::DefaultBodyLimit;
    use tower::ServiceExt;
    async fn handler(Json(value): Json<serde_json::Value>) -> Json<serde_json::Value> {
        Json(value)
    }
    let app = axum::Router::new()
        .route("/", axum::routing::post(handler))
        .layer(DefaultBodyLimit::max(8));
    let request = |body: &'static str| {
        axum::http::Request::post("/")
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap()
    };
    let (status, h, body) = collect(app.clone().oneshot(request("[1,2]")).await.unwrap()).await;
    assert_eq!((status, body.as_slice()), (200, &b"[1,2]"[..]));
    assert_eq!(
        h[0],
        ("content-type".to_owned(), "application/json".to_owned())
    );
    let (status, h, body) = collect(app.oneshot(request("[1,2,3,4,5]")).await.unwrap()).await;
    assert_eq!(status, 413);
    // The router adds Content-Length for bodies of known size.
    assert_eq!(
        h,
        pairs(&[
            ("content-type", "application/json"),
            ("content-length", "42")
        ])
    );
    assert_eq!(body, br#"{"code":413,"message":"Payload too large"}"#);
}
