//! Testing a server's real error responses against the wire rules (no feature needed; the
//! server here is axum, yours can be anything that gives an `http::Response`).
//!
//! ```text
//! cargo run --example conformance_test   # prints a report per response
//! cargo test -p sunor-errors-examples --example conformance_test  # the same, as #[test]s
//! ```
//!
//! `conformance::check_response` reads a response the way a strict client would and lists
//! every violation at once; `conformance::assert_conforms` panics with the response and the
//! violations, for a `#[test]`.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use axum::routing::get;
use sunor_errors::conformance;
use sunor_errors::{ErrorBody, ErrorCode};
use tower::ServiceExt;

/// A server under test: one route answers right, two make classic mistakes.
fn server() -> Router {
    Router::new()
        .route(
            "/right",
            get(|| async {
                ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS)
                    .with_retry_after_seconds(60)
                    .to_http_response()
                    .map(Body::from)
            }),
        )
        // A 429 without Retry-After, its body's code not the status.
        .route(
            "/no-retry-after",
            get(|| async {
                Response::builder()
                    .status(StatusCode::TOO_MANY_REQUESTS)
                    .header("content-type", "application/json")
                    .body(Body::from(r#"{"code":400,"message":"Slow down"}"#))
                    .unwrap()
            }),
        )
        // A proxy's HTML page.
        .route(
            "/html",
            get(|| async {
                Response::builder()
                    .status(StatusCode::BAD_GATEWAY)
                    .header("content-type", "text/html")
                    .body(Body::from("<html><h1>502 Bad Gateway</h1></html>"))
                    .unwrap()
            }),
        )
}

/// The server's response to `GET path`, collected.
async fn fetch(path: &str) -> Response<Vec<u8>> {
    let request = Request::get(path).body(Body::empty()).unwrap();
    let response = server().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, 64 * 1024).await.unwrap();
    Response::from_parts(parts, body.to_vec())
}

/// Every violation of the response to `path`, one line each.
async fn report(path: &str) -> Vec<String> {
    let response = fetch(path).await;
    match conformance::check_response(response.status(), response.headers(), response.body()) {
        Ok(()) => Vec::new(),
        Err(violations) => violations.iter().map(ToString::to_string).collect(),
    }
}

#[tokio::main]
async fn main() {
    for path in ["/right", "/no-retry-after", "/html"] {
        let lines = report(path).await;
        println!(
            "GET {path}: {}",
            if lines.is_empty() {
                "conforms"
            } else {
                "violations:"
            }
        );
        for line in lines {
            println!("  {line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_right_response_conforms() {
        conformance::assert_conforms(&fetch("/right").await);
    }

    #[tokio::test]
    async fn the_mistakes_are_each_reported() {
        assert_eq!(
            report("/no-retry-after").await,
            [
                "error[code-mismatch]: the body's code is 400 but the status is 429",
                "error[missing-retry-after]: a 429 response has no Retry-After header",
            ]
        );
        assert_eq!(
            report("/html").await,
            [
                "error[content-type-not-json]: Content-Type is \"text/html\", expected application/json or a +json type",
                "error[body-not-json]: the body is not JSON: expected value at line 1 column 1",
            ]
        );
    }

    #[tokio::test]
    #[should_panic(expected = "error[missing-retry-after]")]
    async fn assert_conforms_fails_a_test_with_the_violations() {
        conformance::assert_conforms(&fetch("/no-retry-after").await);
    }
}
