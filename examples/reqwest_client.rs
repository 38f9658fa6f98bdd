//! A small reqwest client that decodes every error into the API's own error type and retries
//! under the API's policy (features `reqwest`, `tokio`).
//!
//! ```text
//! cargo run --example task_api -- serve     # the mock server, in one terminal
//! cargo run --example reqwest_client        # this client, in another
//! ```
//!
//! `sunor_errors::reqwest::send_typed` sends a request under a `Retrier` (the
//! documented waits, `Retry-After`, a client-wide budget), turns any error response (JSON,
//! an HTML page from a proxy, nothing) into an `ErrorBody`, and decodes it into the
//! server's error enum: the client `match`es on the variants it handles, with their fields,
//! and shows anything else as it came.

use std::time::Duration;

use sunor_errors::reqwest::{TypedError, send_typed};
use sunor_errors::retry::{Retrier, RetryPolicy};
// The server's own error enum: this client shares a crate with the task_api server, and the
// enum derives `FromErrorBody` beside `IntoErrorBody`. A client elsewhere declares the cases
// it acts on the same way (`#[derive(FromErrorBody)]`, the attributes copied).
use task_api::server::TaskError;

/// Creates a lyrics task on `base` with `key`; the task id, or what went wrong, in words.
async fn create_task(
    http: &reqwest::Client,
    retrier: &Retrier,
    base: &str,
    key: &str,
) -> Result<String, String> {
    let request = http
        .post(format!("{base}/api/v1/task"))
        .header("x-api-key", key)
        .header("content-type", "application/json")
        .body(r#"{"model":"suno","task_type":"lyrics","input":{"prompt":"rain"}}"#);
    match send_typed::<TaskError>(request, retrier).await {
        Ok(response) => {
            let bytes = response.bytes().await.map_err(|e| e.to_string())?;
            let json: serde_json::Value =
                serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
            Ok(json["data"]["task_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned())
        }
        // The server's own error, decoded: its fields, not its message, drive the client.
        Err(TypedError::Known {
            error:
                TaskError::InsufficientCredits {
                    available,
                    required,
                },
            ..
        }) => Err(format!(
            "top up {} credits first (available {available}, required {required})",
            required.saturating_sub(available)
        )),
        Err(TypedError::Known {
            error: TaskError::MissingApiKey | TaskError::InvalidApiKey,
            body,
        }) => Err(format!("check the API key: {}", body.message())),
        // Any other answer (kept whole as an `ErrorBody`), or no answer once retries ran out.
        Err(other) => Err(other.to_string()),
    }
}

/// One retrier for the whole client: its budget is shared by every request.
fn retrier(policy: RetryPolicy) -> Retrier {
    Retrier::new(policy)
}

#[tokio::main]
async fn main() {
    let base = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a reqwest client");
    let retrier = retrier(RetryPolicy::default());
    for key in ["demo-key", "low-credit-key", "no-such-key"] {
        match create_task(&http, &retrier, &base, key).await {
            Ok(task) => println!("{key}: created {task}"),
            Err(why) => println!("{key}: {why}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use axum::http::{HeaderMap, StatusCode};
    use axum::routing::post;

    use super::*;

    // A stand-in for the API: the first request of demo-key meets an nginx HTML 502.
    async fn fake_api() -> String {
        let failures = Arc::new(AtomicU32::new(1));
        let app = axum::Router::new().route(
            "/api/v1/task",
            post(move |headers: HeaderMap| {
                let failures = Arc::clone(&failures);
                async move {
                    let key = headers["x-api-key"].to_str().unwrap_or_default().to_owned();
                    let json = [("content-type", "application/json")];
                    let html = [("content-type", "text/html")];
                    match key.as_str() {
                        "demo-key" if failures.fetch_sub(1, Ordering::SeqCst) == 1 => (
                            StatusCode::BAD_GATEWAY,
                            html,
                            "<html><h1>502 Bad Gateway</h1></html>".to_owned(),
                        ),
                        "demo-key" => (
                            StatusCode::ACCEPTED,
                            json,
                            r#"{"code":202,"data":{"task_id":"task-1"}}"#.to_owned(),
                        ),
                        "low-credit-key" => (
                            StatusCode::PAYMENT_REQUIRED,
                            json,
                            r#"{"code":402,"message":"Insufficient credits: available 3, required 5"}"#
                                .to_owned(),
                        ),
                        _ => (
                            StatusCode::UNAUTHORIZED,
                            json,
                            r#"{"code":401,"message":"Invalid API key"}"#.to_owned(),
                        ),
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn errors_are_read_and_retried_as_documented() {
        let base = fake_api().await;
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        // The documented policy with a 10 ms base, so the 502's retry is quick.
        let retrier = retrier(
            RetryPolicy::default()
                .base_delay(Duration::from_millis(10))
                .min_delay(Duration::ZERO),
        );
        let mut seen = Vec::new();
        for key in ["demo-key", "low-credit-key", "no-such-key"] {
            seen.push(create_task(&http, &retrier, &base, key).await);
        }
        assert_eq!(
            seen,
            [
                Ok("task-1".to_owned()),
                Err("top up 2 credits first (available 3, required 5)".to_owned()),
                Err("check the API key: Invalid API key".to_owned()),
            ]
        );
    }
}
