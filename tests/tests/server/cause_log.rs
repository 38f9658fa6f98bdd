//! Hidden causes are logged, never sent (feature `tracing`): a 5xx answered through
//! `#[error_body(axum)]` or rewritten by `ErrorBodyLayer` leaves exactly one `ERROR` event,
//! target `sunor_errors::cause`, with the code, the variant and the whole source chain, and
//! the response (status, headers, bytes) carries none of it. Both halves are checked on each
//! response, over an axum router with the layer (the types: `support/causes.rs`). actix-web:
//! `cause_log_actix.rs`.
#![cfg(feature = "tracing")]

use crate::support::causes::{ApiError, PoolExhausted, Quiet, TaskError};
use crate::support::headers::{header_pairs, pairs};
use crate::support::tracing_recorder as recorder;

use axum::Router;
use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::get;
use http_body_util::BodyExt;
use recorder::{CAUSE_TARGET as TARGET, Recorded, Recorder, cause_event as event};
use sunor_errors::tower::ErrorBodyLayer;
use sunor_errors::{ErrorBody, ErrorCode, IntoErrorBody};
use tower::{Layer as _, ServiceExt};

/// In every cause: it must reach the log and never the client.
pub(crate) const SECRET: &str = "s3cr3t-91d4";

pub(crate) fn io(text: &str) -> std::io::Error {
    std::io::Error::other(format!("{text} ({SECRET})"))
}

pub(crate) fn store() -> TaskError {
    TaskError::Store(PoolExhausted {
        source: io("connect to 10.0.0.7:5432 refused"),
    })
}

async fn task(Path(which): Path<String>) -> Result<&'static str, ApiError> {
    Err(match which.as_str() {
        "not-found" => ApiError::Task(TaskError::NotFound(SECRET.into())),
        "rate-limited" => ApiError::Task(TaskError::RateLimited(io("bucket empty"))),
        "store" => ApiError::Task(store()),
        "upstream" => ApiError::Task(TaskError::Upstream {
            provider: SECRET.into(),
            source: anyhow::Error::new(io("reset by peer")).context("acme render call failed"),
        }),
        "overloaded" => ApiError::Task(TaskError::Overloaded),
        "maintenance" => ApiError::Task(TaskError::Maintenance(io("planned"))),
        "quiet-task" => ApiError::QuietTask(store()),
        "quiet-hidden" => ApiError::Quiet(Quiet::Hidden(io("hidden"))),
        "quiet-loud" => ApiError::Quiet(Quiet::Loud(io("loud"))),
        "passthrough" => ApiError::Passthrough {
            upstream: ErrorBody::from_code(ErrorCode::BAD_GATEWAY),
        },
        _ => return Ok("ok"),
    })
}

/// A proxying handler's own error page, with the secret in it.
async fn html() -> impl IntoResponse {
    (
        http::StatusCode::BAD_GATEWAY,
        [(http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
        format!("<h1>502</h1><p>{SECRET}</p>"),
    )
}

async fn plain_404() -> impl IntoResponse {
    (http::StatusCode::NOT_FOUND, format!("no route: {SECRET}"))
}

fn app() -> Router {
    Router::new()
        .route("/task/{which}", get(task))
        .route("/html", get(html))
        .route("/plain-404", get(plain_404))
        .layer(ErrorBodyLayer::new())
}

#[derive(Debug, PartialEq, Eq)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

/// The answer expected: `headers` and a `Content-Length` of `body`.
fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut headers = pairs(headers);
    headers.push(("content-length".to_owned(), body.len().to_string()));
    headers.sort();
    Answer {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// `path`'s answer from the app, and the cause events its handling recorded.
fn get_path(path: &str) -> (Answer, Vec<Recorded>) {
    Recorder::default().run(TARGET, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let request = http::Request::get(path)
                .body(axum::body::Body::empty())
                .unwrap();
            let response = app().oneshot(request).await.unwrap();
            let status = response.status().as_u16();
            let mut headers = header_pairs(response.headers());
            headers.sort();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            let body = String::from_utf8(bytes.to_vec()).unwrap();
            // The client's half: nothing of any cause, anywhere it can read.
            assert!(!body.contains(SECRET), "{path}: {body}");
            for (name, value) in &headers {
                assert!(!value.contains(SECRET), "{path}: {name}: {value}");
            }
            Answer {
                status,
                headers,
                body,
            }
        })
    })
}

/// Asserts `path`'s exact answer (see `answer`), and returns the cause events its handling
/// recorded.
fn answered(path: &str, status: u16, headers: &[(&str, &str)], body: &str) -> Vec<Recorded> {
    let (got, events) = get_path(path);
    assert_eq!(got, answer(status, headers, body), "{path}");
    events
}

const JSON: (&str, &str) = ("content-type", "application/json");
const INTERNAL: &str = r#"{"code":500,"message":"Internal server error"}"#;
const BAD_GATEWAY: &str = r#"{"code":502,"message":"Upstream provider error"}"#;

#[test]
fn a_derived_5xx_logs_its_whole_chain_once_and_sends_none_of_it() {
    let events = answered("/task/store", 500, &[JSON], INTERNAL);
    let chain = format!("connection pool exhausted: connect to 10.0.0.7:5432 refused ({SECRET})");
    assert_eq!(events, [event(500, "TaskError::Store", Some(&chain))]);

    // A field named `source` holding an `anyhow::Error`: its own chain, context first.
    let events = answered(
        "/task/upstream",
        503,
        &[JSON, ("retry-after", "30")],
        r#"{"code":503,"message":"Service unavailable","retry_after_seconds":30}"#,
    );
    let chain = format!("acme render call failed: reset by peer ({SECRET})");
    assert_eq!(events, [event(503, "TaskError::Upstream", Some(&chain))]);

    // No source: the event still says which error it was.
    let (overloaded, events) = get_path("/task/overloaded");
    assert_eq!(overloaded.status, 503);
    assert_eq!(events, [event(503, "TaskError::Overloaded", None)]);
}

#[test]
fn log_cause_false_on_a_variant_a_type_or_a_transparent_case_logs_nothing() {
    let expected_503 = answer(
        503,
        &[JSON],
        r#"{"code":503,"message":"Service unavailable"}"#,
    );
    let expected_500 = answer(500, &[JSON], INTERNAL);
    for (path, expected) in [
        ("/task/maintenance", &expected_503),
        ("/task/quiet-hidden", &expected_500),
        ("/task/quiet-task", &expected_500),
    ] {
        let (answer, events) = get_path(path);
        assert_eq!(&answer, expected, "{path}");
        assert_eq!(events, [], "{path}");
    }
    // ... and `log_cause = true` on a variant of a quiet type logs it.
    let (loud, events) = get_path("/task/quiet-loud");
    assert_eq!(loud.status, 502);
    let chain = format!("loud ({SECRET})");
    assert_eq!(events, [event(502, "Quiet::Loud", Some(&chain))]);
}

/// A path and its exact answer: status, headers (see `answer`), body.
type Case<'a> = (&'a str, u16, &'a [(&'a str, &'a str)], &'a str);

#[test]
fn client_errors_and_plain_bodies_log_nothing() {
    let limited = r#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":7}"#;
    let cases: [Case<'_>; 4] = [
        (
            "/task/not-found",
            404,
            &[JSON],
            r#"{"code":404,"message":"Task not found"}"#,
        ),
        (
            "/task/rate-limited",
            429,
            &[JSON, ("retry-after", "7")],
            limited,
        ),
        // A transparent `ErrorBody`: all it has is on the wire.
        ("/task/passthrough", 502, &[JSON], BAD_GATEWAY),
        // The layer's rewrite of a 4xx: the client's doing.
        (
            "/plain-404",
            404,
            &[JSON],
            r#"{"code":404,"message":"Not found"}"#,
        ),
    ];
    for (path, status, headers, body) in cases {
        assert_eq!(answered(path, status, headers, body), [], "{path}");
    }
}

// Building a body is not answering: only a response logs.
#[test]
fn building_a_body_logs_nothing() {
    let ((), events) = Recorder::default().run(TARGET, || {
        let error = ApiError::Task(store());
        assert_eq!(
            error.to_error_body().code(),
            ErrorCode::INTERNAL_SERVER_ERROR
        );
        assert!(error.error_cause().unwrap().source.is_some());
        assert_eq!(
            error.into_error_body().code(),
            ErrorCode::INTERNAL_SERVER_ERROR
        );
        let body = ErrorBody::from_code(ErrorCode::BAD_GATEWAY);
        drop(body.into_response());
    });
    assert_eq!(events, []);
    // The hook itself, outside any router: one event.
    let (response, events) =
        Recorder::default().run(TARGET, || TaskError::Overloaded.into_response());
    assert_eq!(response.status(), 503);
    assert_eq!(events, [event(503, "TaskError::Overloaded", None)]);
}

// The layer's cause is what it replaced; it never reads the body, so the secret in it is in
// neither half.
#[test]
fn the_layer_logs_what_it_replaced() {
    let events = answered("/html", 502, &[JSON], BAD_GATEWAY);
    let chain = "the inner service's 502 response with Content-Type \"text/html; charset=utf-8\", replaced by the error body";
    assert_eq!(events, [event(502, "502", Some(chain))]);

    // Without any content type (an inner service's bare 500).
    let service = ErrorBodyLayer::new().layer(tower::service_fn(|(): ()| async {
        Ok::<_, std::convert::Infallible>(
            http::Response::builder()
                .status(500)
                .body(http_body_util::Full::new(bytes::Bytes::from(SECRET)))
                .unwrap(),
        )
    }));
    let (status, events) = Recorder::default().run(TARGET, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(service.oneshot(())).unwrap().status()
    });
    assert_eq!(status, 500);
    let chain = "the inner service's 500 response without Content-Type, replaced by the error body";
    assert_eq!(events, [event(500, "500", Some(chain))]);
}
