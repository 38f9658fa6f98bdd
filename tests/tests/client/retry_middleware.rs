//! Where clients already are: the `reqwest-middleware` retry middleware and the tower retry
//! policy, each over a real loopback server. Waits run on tokio's paused clock (it jumps
//! ahead when the runtime is idle), so `Retry-After: 2` costs no wall time; the assertions
//! are on the reports and what the server saw.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sunor_errors::reqwest_middleware::RetryMiddleware;
use sunor_errors::retry::{Jitter, Retrier, RetryPolicy};
use sunor_errors::tower_retry::RetrierPolicy;
use tower::{Service, ServiceBuilder, ServiceExt};

use crate::support::scripted_server;
use scripted_server::{scripted, silent};

const UNAVAILABLE: &str = "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: 43\r\n\r\n{\"code\":503,\"message\":\"Service unavailable\"}";
const BAD_GATEWAY: &str = "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\nconnection: close\r\ncontent-length: 17\r\n\r\n<h1>upstream</h1>";
const RATE_LIMITED: &str = "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nretry-after: 2\r\nconnection: close\r\ncontent-length: 44\r\n\r\n{\"code\":429,\"message\":\"Rate limit exceeded.\"}";
const RESET_ONLY: &str = "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nx-ratelimit-remaining: 0\r\nratelimit: \"default\";r=0;t=9\r\nconnection: close\r\ncontent-length: 44\r\n\r\n{\"code\":429,\"message\":\"Rate limit exceeded.\"}";
const CREATED: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: 16\r\n\r\n{\"task_id\":\"t1\"}";

fn recording(retrier: Retrier) -> (Retrier, Arc<Mutex<Vec<String>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&log);
    let retrier = retrier.on_attempt(move |report| sink.lock().unwrap().push(report.to_string()));
    (retrier, log)
}

fn exact() -> RetryPolicy {
    RetryPolicy::default().jitter(Jitter::None)
}

fn middleware_client(retrier: Retrier) -> reqwest_middleware::ClientWithMiddleware {
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryMiddleware::new(retrier))
        .build()
}

#[tokio::test(start_paused = true)]
async fn the_middleware_retries_with_the_policy_and_replays_the_body() {
    let (url, seen) = scripted("/api/v1/task", vec![UNAVAILABLE, RATE_LIMITED, CREATED]).await;
    let (retrier, log) = recording(Retrier::new(exact()));
    let response = middleware_client(retrier)
        .post(&url)
        .body(r#"{"model":"suno"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), r#"{"task_id":"t1"}"#);
    assert_eq!(
        *log.lock().unwrap(),
        [
            "attempt 1 failed (API error 503: Service unavailable), retrying in 1s",
            "attempt 2 failed (API error 429: Rate limit exceeded.), retrying in 2s",
            "attempt 3 succeeded",
        ]
    );
    assert_eq!(
        seen.requests(),
        [r#"POST /api/v1/task HTTP/1.1 {"model":"suno"}"#; 3]
    );
}

#[tokio::test(start_paused = true)]
async fn the_middleware_hands_back_the_last_error_response_whole() {
    let (url, _) = scripted("/api/v1/task", vec![BAD_GATEWAY, BAD_GATEWAY]).await;
    let (retrier, log) = recording(Retrier::new(exact().max_retries(1)));
    let response = middleware_client(retrier).get(&url).send().await.unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(response.headers()["content-type"], "text/html");
    assert_eq!(response.text().await.unwrap(), "<h1>upstream</h1>");
    assert_eq!(
        log.lock().unwrap()[1],
        "attempt 2 failed (API error 502: Upstream provider error), giving up: retries exhausted"
    );
}

#[tokio::test(start_paused = true)]
async fn the_middleware_waits_for_the_reset_of_a_429_without_delay() {
    let (url, _) = scripted("/api/v1/task", vec![RESET_ONLY, CREATED]).await;
    let (retrier, log) = recording(Retrier::new(exact()));
    let response = middleware_client(retrier).get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        log.lock().unwrap()[0],
        "attempt 1 failed (API error 429: Rate limit exceeded.), retrying in 9s"
    );
}

#[tokio::test]
async fn the_middleware_abandons_a_silent_server_at_the_deadline() {
    // A server that reads the request and never answers.
    let url = silent().await;
    let (retrier, log) = recording(
        Retrier::new(
            exact()
                .base_delay(Duration::from_millis(10))
                .min_delay(Duration::ZERO),
        )
        .attempt_timeout(Duration::from_millis(100))
        .deadline(Duration::from_millis(300)),
    );
    let result = tokio::time::timeout(
        Duration::from_secs(60),
        middleware_client(retrier).get(&url).send(),
    )
    .await
    .expect("nothing bounded the run");
    let error = result.unwrap_err();
    assert!(
        matches!(error, reqwest_middleware::Error::Middleware(_)),
        "{error:?}"
    );
    let log = log.lock().unwrap();
    assert!(
        log.last()
            .unwrap()
            .ends_with("giving up: deadline exceeded"),
        "{log:?}"
    );
    assert!(
        log[0].contains("attempt timeout elapsed (100ms)"),
        "{log:?}"
    );
}

// A tower service over reqwest: what a tower-based client looks like.
fn reqwest_service(
    client: reqwest::Client,
) -> impl Service<
    http::Request<String>,
    Response = http::Response<reqwest::Body>,
    Error = reqwest::Error,
    Future = impl Send,
> + Clone {
    tower::service_fn(move |request: http::Request<String>| {
        let client = client.clone();
        async move {
            let request = reqwest::Request::try_from(request)?;
            Ok(http::Response::from(client.execute(request).await?))
        }
    })
}

/// Sends `requests` one after the other through the tower retry policy of `policy`: each
/// final status, and every attempt's report.
async fn through_tower(
    policy: RetryPolicy,
    requests: Vec<http::Request<String>>,
) -> (Vec<u16>, Vec<String>) {
    let (retrier, log) = recording(Retrier::new(policy));
    let mut service = ServiceBuilder::new()
        .retry(RetrierPolicy::new(retrier))
        .service(reqwest_service(reqwest::Client::new()));
    let mut statuses = Vec::new();
    for request in requests {
        let response = service.ready().await.unwrap().call(request).await.unwrap();
        statuses.push(response.status().as_u16());
    }
    let log = log.lock().unwrap().clone();
    (statuses, log)
}

#[tokio::test(start_paused = true)]
async fn the_tower_policy_honours_retry_after_and_the_policy() {
    let (url, seen) = scripted("/api/v1/task", vec![RATE_LIMITED, UNAVAILABLE, CREATED]).await;
    let request = http::Request::post(&url)
        .body(r#"{"model":"suno"}"#.to_owned())
        .unwrap();
    let (statuses, log) = through_tower(exact(), vec![request]).await;
    assert_eq!(statuses, [200]);
    assert_eq!(
        log,
        [
            "attempt 1 failed (API error 429: Rate limit exceeded.), retrying in 2s",
            "attempt 2 failed (API error 503: Service unavailable), retrying in 2s",
            "attempt 3 succeeded",
        ]
    );
    assert_eq!(seen.len(), 3);
}

#[tokio::test(start_paused = true)]
async fn the_tower_policy_gives_up_and_starts_afresh_for_the_next_request() {
    let (url, _) = scripted(
        "/api/v1/task",
        vec![BAD_GATEWAY, BAD_GATEWAY, RESET_ONLY, CREATED],
    )
    .await;
    let get = || http::Request::get(&url).body(String::new()).unwrap();
    let (statuses, log) = through_tower(exact().max_retries(1), vec![get(), get()]).await;
    assert_eq!(statuses, [502, 200]);
    assert_eq!(
        log,
        [
            "attempt 1 failed (API error 502: Upstream provider error), retrying in 1s",
            "attempt 2 failed (API error 502: Upstream provider error), giving up: retries exhausted",
            "attempt 1 failed (API error 429: Rate limit exceeded.), retrying in 9s",
            "attempt 2 succeeded",
        ]
    );
}

// A refused connection was not sent: the tower policy retries it even for a request that is
// not idempotent, and the report keeps the failure's source chain.
#[tokio::test(start_paused = true)]
async fn the_tower_policy_retries_a_refused_connection_under_non_idempotent() {
    // A port with nothing listening.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/api/v1/task", listener.local_addr().unwrap());
    drop(listener);
    type Chain = (bool, usize, Option<std::io::ErrorKind>);
    let chains: Arc<Mutex<Vec<Chain>>> = Arc::default();
    let log: Arc<Mutex<Vec<String>>> = Arc::default();
    let (chain_sink, log_sink) = (Arc::clone(&chains), Arc::clone(&log));
    let retrier = Retrier::new(exact().max_retries(2))
        .non_idempotent()
        .without_budget()
        .on_attempt(move |report| {
            log_sink.lock().unwrap().push(report.to_string());
            let Some(sunor_errors::retry::AttemptError::Transport(error)) = report.error() else {
                return;
            };
            let levels = std::iter::successors(
                Some(error.get_ref() as &(dyn std::error::Error + 'static)),
                |e| e.source(),
            );
            let kind = levels
                .clone()
                .find_map(|e| e.downcast_ref::<std::io::Error>())
                .map(std::io::Error::kind);
            chain_sink
                .lock()
                .unwrap()
                .push((error.may_have_been_sent(), levels.count(), kind));
        });
    let mut service = ServiceBuilder::new()
        .retry(RetrierPolicy::new(retrier))
        .service(reqwest_service(reqwest::Client::new()));
    let request = http::Request::post(&url)
        .body(r#"{"model":"suno"}"#.to_owned())
        .unwrap();
    let error = service
        .ready()
        .await
        .unwrap()
        .call(request)
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error}");
    let log = log.lock().unwrap().clone();
    let outcomes: Vec<&str> = log
        .iter()
        .map(|line| line.rsplit_once("), ").unwrap().1)
        .collect();
    assert_eq!(
        outcomes,
        [
            "retrying in 1s",
            "retrying in 2s",
            "giving up: retries exhausted"
        ]
    );
    assert!(
        log.iter()
            .all(|line| line.contains("(transport error (request not sent): error sending request")),
        "{log:?}"
    );
    // Each report's error is the whole chain, down to the refused `io::Error`.
    let chains = chains.lock().unwrap().clone();
    assert_eq!(chains.len(), 3);
    for (sent, levels, kind) in chains {
        assert!(!sent);
        assert!(levels >= 3, "{levels}");
        assert_eq!(kind, Some(std::io::ErrorKind::ConnectionRefused));
    }
}
