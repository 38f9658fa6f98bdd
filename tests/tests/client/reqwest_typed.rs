//! The typed client path over a real loopback server: `send_typed` (reqwest) and
//! `reqwest_middleware::send_typed` give the server's own enum back (the contract's
//! `TaskError`), an answer that is none of its errors stays an `ErrorBody`, a failure
//! without an answer stays a transport failure, and another middleware's error stays `Other`.

use std::time::Duration;

use sunor_errors::reqwest::{TypedError, send_typed};
use sunor_errors::reqwest_middleware::{self as middleware, RetryMiddleware};
use sunor_errors::retry::{AttemptError, Jitter, Retrier, RetryPolicy};
use sunor_errors::{ErrorBody, ErrorCode};
use sunor_errors_tests::contract::{AuthError, TaskError};
use tokio::net::TcpListener;

use crate::support::scripted_server;
use scripted_server::{scripted, silent};

fn json(status: &str, extra_headers: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{extra_headers}connection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

const CREDITS: &str = r#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#;

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

fn never() -> Retrier {
    Retrier::new(RetryPolicy::never())
}

#[tokio::test]
async fn a_402_decodes_into_the_servers_own_enum() {
    let (url, seen) = scripted(
        "/api/v1/task",
        vec![json("402 Payment Required", "", CREDITS)],
    )
    .await;
    // The default policy: a 402 is never retried.
    let retrier = Retrier::new(RetryPolicy::default());
    let error = send_typed::<TaskError>(client().post(&url), &retrier)
        .await
        .unwrap_err();
    let TypedError::Known {
        error:
            TaskError::InsufficientCredits {
                available,
                required,
            },
        body,
    } = &error
    else {
        panic!("not decoded: {error:?}");
    };
    assert_eq!((*available, *required), (3, 10));
    assert_eq!(
        *body,
        ErrorBody::new(
            ErrorCode::PAYMENT_REQUIRED,
            "Insufficient credits: available 3, required 10"
        )
    );
    assert_eq!(
        error.to_string(),
        "API error 402: Insufficient credits: available 3, required 10"
    );
    assert!(std::error::Error::source(&error).is_none());
    assert!(matches!(
        error.known(),
        Some(TaskError::InsufficientCredits { .. })
    ));
    assert_eq!(error.error_body(), Some(body));
    assert_eq!(seen.lines(), ["POST /api/v1/task HTTP/1.1"]);
    // And back, whole.
    let attempt = AttemptError::from(error);
    assert_eq!(
        attempt.into_error_body().unwrap().message(),
        "Insufficient credits: available 3, required 10"
    );
}

#[tokio::test]
async fn answers_of_the_transparent_type_and_from_headers_decode() {
    let (url, _) = scripted(
        "/api/v1/task",
        vec![
            json(
                "401 Unauthorized",
                "",
                r#"{"code":401,"message":"Missing x-api-key header"}"#,
            ),
            // The delay comes from the header: from_http_parts merges it.
            json(
                "429 Too Many Requests",
                "retry-after: 60\r\n",
                r#"{"code":429,"message":"Rate limit exceeded."}"#,
            ),
        ],
    )
    .await;
    let error = send_typed::<TaskError>(client().get(&url), &never())
        .await
        .unwrap_err();
    assert!(
        matches!(error.known(), Some(TaskError::Auth(AuthError::MissingKey))),
        "{error:?}"
    );
    let error = send_typed::<TaskError>(client().get(&url), &never())
        .await
        .unwrap_err();
    assert!(
        matches!(error.known(), Some(TaskError::RateLimited { seconds: 60 })),
        "{error:?}"
    );
    assert_eq!(error.error_body().unwrap().retry_after_seconds(), Some(60));
}

#[tokio::test(start_paused = true)]
async fn a_500_decodes_after_the_retries() {
    let internal = json(
        "500 Internal Server Error",
        "",
        r#"{"code":500,"message":"Internal server error"}"#,
    );
    let (url, seen) = scripted("/api/v1/task", vec![internal.clone(), internal]).await;
    let retrier = Retrier::new(RetryPolicy::default().max_retries(1).jitter(Jitter::None));
    let error = send_typed::<TaskError>(client().get(&url), &retrier)
        .await
        .unwrap_err();
    match error {
        TypedError::Known {
            error: TaskError::Internal(cause),
            ..
        } => assert_eq!(cause.to_string(), "the server does not send the cause"),
        other => panic!("not decoded: {other:?}"),
    }
    assert_eq!(seen.len(), 2);
}

#[tokio::test]
async fn an_unknown_answer_stays_an_error_body() {
    let (url, _) = scripted("/api/v1/task", vec![
        json(
            "402 Payment Required",
            "",
            r#"{"code":402,"message":"Your plan has expired"}"#,
        ),
        // A proxy's page: the body of a 502, which TaskError has no case for.
        "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\nconnection: close\r\ncontent-length: 17\r\n\r\n<h1>upstream</h1>"
            .to_owned(),
    ])
    .await;
    let error = send_typed::<TaskError>(client().get(&url), &never())
        .await
        .unwrap_err();
    match &error {
        TypedError::Unknown(body) => assert_eq!(
            *body,
            ErrorBody::new(ErrorCode::PAYMENT_REQUIRED, "Your plan has expired")
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(error.to_string(), "API error 402: Your plan has expired");
    assert!(error.known().is_none());
    let error = send_typed::<TaskError>(client().get(&url), &never())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, TypedError::Unknown(body) if *body == ErrorBody::from_code(ErrorCode::BAD_GATEWAY)),
        "{error:?}"
    );
}

/// `error` is a transport failure, whose request may have been sent as `sent` says, and
/// shows as one.
fn assert_transport(error: &TypedError<TaskError>, sent: bool) {
    match error {
        TypedError::Transport(transport) => assert_eq!(transport.may_have_been_sent(), sent),
        other => panic!("{other:?}"),
    }
    let shown = if sent {
        "transport error (request may have been sent): "
    } else {
        "transport error (request not sent): "
    };
    assert!(error.to_string().starts_with(shown), "{error}");
}

// A port with nothing listening.
async fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/")
}

#[tokio::test]
async fn a_transport_failure_stays_transport() {
    let url = closed_port_url().await;
    let error = send_typed::<TaskError>(client().get(&url), &never())
        .await
        .unwrap_err();
    assert_transport(&error, false);
    assert!(std::error::Error::source(&error).is_some());
    assert!(error.error_body().is_none());
    assert!(matches!(
        AttemptError::from(error),
        AttemptError::Transport(_)
    ));
}

#[tokio::test]
async fn a_request_that_cannot_be_built_is_other_and_a_success_passes() {
    let error = send_typed::<TaskError>(client().get("not a url"), &never())
        .await
        .unwrap_err();
    assert!(matches!(error, TypedError::Other(_)), "{error:?}");
    assert!(error.to_string().starts_with("request failed: "), "{error}");

    let ok = r#"{"code":202,"data":{"task_id":"t1"}}"#;
    let (url, _) = scripted("/api/v1/task", vec![json("202 Accepted", "", ok)]).await;
    let response = send_typed::<TaskError>(client().post(&url), &never())
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    assert_eq!(response.text().await.unwrap(), ok);
}

fn middleware_client(retrier: Retrier) -> reqwest_middleware::ClientWithMiddleware {
    reqwest_middleware::ClientBuilder::new(client())
        .with(RetryMiddleware::new(retrier))
        .build()
}

#[tokio::test]
async fn the_middleware_path_decodes_too() {
    let (url, seen) = scripted(
        "/api/v1/task",
        vec![
            json("402 Payment Required", "", CREDITS),
            json(
                "409 Conflict",
                "",
                r#"{"code":409,"message":"Task already running"}"#,
            ),
            json("402 Payment Required", "", CREDITS),
        ],
    )
    .await;
    let retrying = middleware_client(Retrier::new(RetryPolicy::default()));
    let error = middleware::send_typed::<TaskError>(retrying.post(&url))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.known(),
            Some(TaskError::InsufficientCredits {
                available: 3,
                required: 10
            })
        ),
        "{error:?}"
    );
    let error = middleware::send_typed::<TaskError>(retrying.post(&url))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, TypedError::Unknown(body) if *body == ErrorBody::new(ErrorCode::CONFLICT, "Task already running")),
        "{error:?}"
    );
    // Any reqwest-middleware client, with or without the retry middleware.
    let plain = reqwest_middleware::ClientBuilder::new(client()).build();
    let error = middleware::send_typed::<TaskError>(plain.get(&url))
        .await
        .unwrap_err();
    assert!(
        matches!(error.known(), Some(TaskError::InsufficientCredits { .. })),
        "{error:?}"
    );
    assert_eq!(seen.len(), 3);
}

#[tokio::test]
async fn the_middleware_path_keeps_transport_failures() {
    let url = closed_port_url().await;
    let error = middleware::send_typed::<TaskError>(middleware_client(never()).get(&url))
        .await
        .unwrap_err();
    assert_transport(&error, false);

    // An attempt the middleware abandoned: the transport failure it holds.
    let url = silent().await;
    let retrier = never().attempt_timeout(Duration::from_millis(100));
    let error = tokio::time::timeout(
        Duration::from_secs(60),
        middleware::send_typed::<TaskError>(middleware_client(retrier).get(&url)),
    )
    .await
    .expect("nothing bounded the run")
    .unwrap_err();
    assert_transport(&error, true);
}

// A middleware of the caller's own that refuses every request, counting the refusals.
static REFUSALS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

type Handled<'a> = std::pin::Pin<
    Box<dyn Future<Output = reqwest_middleware::Result<reqwest::Response>> + Send + 'a>,
>;

fn refusing<'a>(
    _: reqwest::Request,
    _: &'a mut http::Extensions,
    _: reqwest_middleware::Next<'a>,
) -> Handled<'a> {
    REFUSALS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    Box::pin(async {
        Err(reqwest_middleware::Error::middleware(
            std::io::Error::other("local quota spent"),
        ))
    })
}

#[tokio::test(start_paused = true)]
async fn another_middlewares_error_stays_other_and_is_not_retried() {
    // Nothing listens: a request that went out would be a transport failure, not `Other`.
    let url = closed_port_url().await;
    let retrying = reqwest_middleware::ClientBuilder::new(client())
        .with(RetryMiddleware::new(Retrier::new(RetryPolicy::default())))
        .with(refusing)
        .build();
    let plain = reqwest_middleware::ClientBuilder::new(client())
        .with(refusing)
        .build();
    for client in [retrying, plain] {
        let before = REFUSALS.load(std::sync::atomic::Ordering::SeqCst);
        let error = middleware::send_typed::<TaskError>(client.get(&url))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, TypedError::Other(other) if other.to_string() == "local quota spent"),
            "{error:?}"
        );
        assert_eq!(error.to_string(), "request failed: local quota spent");
        // Not the server's answer, so not retried: the policy never retries `Other`.
        assert_eq!(
            REFUSALS.load(std::sync::atomic::Ordering::SeqCst) - before,
            1
        );
    }
}
