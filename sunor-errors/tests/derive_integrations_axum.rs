//! The hook `#[derive(IntoErrorBody)]` calls for every derived type: with the `axum`
//! feature on, the type becomes an axum response. The types here implement `IntoErrorBody`
//! by hand and invoke the hook exactly as the derive does.

use std::fmt::Display;

use axum::response::IntoResponse;
use sunor_errors::{ErrorBody, ErrorCode, IntoErrorBody};

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

#[derive(Debug)]
enum TaskError {
    NotFound,
    RateLimited { seconds: u64 },
}

impl IntoErrorBody for TaskError {
    fn error_code(&self) -> ErrorCode {
        match self {
            TaskError::NotFound => ErrorCode::NOT_FOUND,
            TaskError::RateLimited { .. } => ErrorCode::TOO_MANY_REQUESTS,
        }
    }

    fn to_error_body(&self) -> ErrorBody {
        match self {
            TaskError::NotFound => ErrorBody::new(ErrorCode::NOT_FOUND, "Task not found"),
            TaskError::RateLimited { seconds } => {
                ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS)
                    .with_retry_after_seconds(*seconds)
            }
        }
    }
}

::sunor_errors::__private::derive_integrations! { impl [] for [TaskError] where [] }

// Generics as syn's `split_for_impl` prints them: `<...>` and a `where` keyword.
#[derive(Debug)]
struct Labelled<'a, T> {
    label: &'a str,
    value: T,
}

impl<T: Display> IntoErrorBody for Labelled<'_, T> {
    fn error_code(&self) -> ErrorCode {
        ErrorCode::BAD_REQUEST
    }

    fn to_error_body(&self) -> ErrorBody {
        ErrorBody::new(
            ErrorCode::BAD_REQUEST,
            format!("{}: {}", self.label, self.value),
        )
    }
}

::sunor_errors::__private::derive_integrations! {
    impl [<'a, T: Display>] for [Labelled<'a, T>] where [where T: Send,]
}

// Bare generics and predicates, without brackets or keyword.
#[derive(Debug)]
struct Upstream<E>(E);

impl<E> IntoErrorBody for Upstream<E> {
    fn error_code(&self) -> ErrorCode {
        ErrorCode::BAD_GATEWAY
    }

    fn to_error_body(&self) -> ErrorBody {
        ErrorBody::from_code(ErrorCode::BAD_GATEWAY)
    }
}

::sunor_errors::__private::derive_integrations! { impl [E] for [Upstream<E>] where [E: std::fmt::Debug] }

#[tokio::test]
async fn derived_types_are_axum_responses() {
    let json = ("content-type", "application/json");
    assert_eq!(
        collect(TaskError::NotFound).await,
        (
            404,
            pairs(&[json]),
            br#"{"code":404,"message":"Task not found"}"#.to_vec()
        )
    );
    assert_eq!(
        collect(TaskError::RateLimited { seconds: 3 }).await,
        (
            429,
            pairs(&[json, ("retry-after", "3")]),
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
            pairs(&[json]),
            br#"{"code":400,"message":"Missing required fields: model, input"}"#.to_vec()
        )
    );
    assert_eq!(
        collect(Upstream(std::io::Error::other("secret upstream detail"))).await,
        (
            502,
            pairs(&[json]),
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
    assert_eq!(
        headers[0],
        ("content-type".to_owned(), "application/json".to_owned())
    );
    assert_eq!(body, br#"{"code":404,"message":"Task not found"}"#);
}
