//! Deadlines and attempt timeouts over real loopback servers that stall: before the
//! headers, in the middle of the body, and dripping one byte at a time. Each run must end in
//! bounded time with the right outcome; the assertions are on decisions (reports, errors,
//! connection counts), and the outer `tokio::time::timeout` is only a safety net.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sunor_errors::reqwest::send;
use sunor_errors::retry::{
    AttemptError, AttemptOutcome, GiveUpReason, Jitter, Retrier, RetryPolicy,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone, Copy)]
enum Stall {
    // Read the request, never answer.
    BeforeHeaders,
    // Send the headers and half of the body, then nothing.
    MidBody,
    // Send the headers, then one byte of the body every 100 ms.
    Drip,
}

// A server that stalls on every connection the same way; counts connections.
async fn server(stall: Stall) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/api/v1/account/balance",
        listener.local_addr().unwrap()
    );
    let connections = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&connections);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(serve(stream, stall));
        }
    });
    (url, connections)
}

async fn serve(mut stream: TcpStream, stall: Stall) {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let body = br#"{"code":503,"message":"Service unavailable"}"#;
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    match stall {
        Stall::BeforeHeaders => {}
        Stall::MidBody => {
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body[..body.len() / 2]).await;
        }
        Stall::Drip => {
            let _ = stream.write_all(head.as_bytes()).await;
            for byte in body.iter().cycle() {
                if stream.write_all(&[*byte]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    // Hold the connection open until the client gives up.
    let _ = stream.read(&mut buf).await;
    std::future::pending::<()>().await;
}

// Short waits so that the tests stay quick; the rules under test do not depend on them.
fn quick() -> RetryPolicy {
    RetryPolicy::default()
        .jitter(Jitter::None)
        .base_delay(Duration::from_millis(20))
        .min_delay(Duration::ZERO)
}

type Log = Arc<Mutex<Vec<(u32, AttemptOutcome)>>>;

fn recording(retrier: Retrier) -> (Retrier, Log) {
    let log = Log::default();
    let sink = Arc::clone(&log);
    let retrier = retrier.on_attempt(move |report| {
        sink.lock()
            .unwrap()
            .push((report.attempt(), report.outcome()));
    });
    (retrier, log)
}

async fn bounded<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), future)
        .await
        .expect("the run did not end: nothing bounded it")
}

fn gave_up(log: &Log) -> Option<GiveUpReason> {
    match log.lock().unwrap().last()?.1 {
        AttemptOutcome::GaveUp(reason) => Some(reason),
        _ => None,
    }
}

/// The one attempt `attempts` counted was abandoned at the deadline of `ms`: what the error
/// says, and why the retrier gave up.
fn assert_abandoned_at_deadline(error: &AttemptError, log: &Log, attempts: &AtomicUsize, ms: u64) {
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
    assert_eq!(
        error.to_string(),
        format!("transport error (request may have been sent): deadline elapsed ({ms}ms)")
    );
    assert_eq!(gave_up(log), Some(GiveUpReason::Deadline));
}

#[tokio::test]
async fn a_server_silent_before_the_headers_times_out_each_attempt() {
    let (url, connections) = server(Stall::BeforeHeaders).await;
    let (retrier, log) =
        recording(Retrier::new(quick().max_retries(2)).attempt_timeout(Duration::from_millis(200)));
    let client = reqwest::Client::new();
    let error = bounded(send(client.get(&url), &retrier)).await.unwrap_err();
    // Each attempt: a transport failure that may have been sent, retried as such.
    let AttemptError::Transport(transport) = &error else {
        panic!("{error:?}");
    };
    assert!(transport.may_have_been_sent());
    assert_eq!(
        error.to_string(),
        "transport error (request may have been sent): attempt timeout elapsed (200ms)"
    );
    assert_eq!(gave_up(&log), Some(GiveUpReason::RetriesExhausted));
    assert_eq!(log.lock().unwrap().len(), 3);
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_body_that_stops_midway_is_abandoned_at_the_deadline() {
    let (url, connections) = server(Stall::MidBody).await;
    let (retrier, log) = recording(Retrier::new(quick()).deadline(Duration::from_millis(400)));
    let client = reqwest::Client::new();
    let error = bounded(send(client.get(&url), &retrier)).await.unwrap_err();
    assert_abandoned_at_deadline(&error, &log, &connections, 400);
}

#[tokio::test]
async fn a_dripping_body_ends_within_the_attempt_timeout_and_then_the_deadline() {
    let (url, connections) = server(Stall::Drip).await;
    let (retrier, log) = recording(
        Retrier::new(quick().max_retries(100))
            .attempt_timeout(Duration::from_millis(250))
            .deadline(Duration::from_millis(2500)),
    );
    let client = reqwest::Client::new();
    let error = bounded(send(client.get(&url), &retrier)).await.unwrap_err();
    assert!(error.is_ambiguous(), "{error}");
    assert_eq!(gave_up(&log), Some(GiveUpReason::Deadline));
    let log = log.lock().unwrap();
    // Every attempt but the last was timed out and retried; at most what fits in 2.5 s
    // (each attempt takes its 250 ms timeout and a 20 ms wait). The real clock runs here
    // (a real socket), so the lower bound keeps a margin: a second attempt fails to start
    // only if the machine stalls this test for more than 2 s.
    assert!(log.len() >= 2 && log.len() <= 10, "{log:?}");
    assert!(
        log[..log.len() - 1]
            .iter()
            .all(|(_, outcome)| matches!(outcome, AttemptOutcome::RetryAfter(_)))
    );
    assert_eq!(connections.load(Ordering::SeqCst), log.len());
}

#[tokio::test]
async fn the_async_executor_abandons_an_attempt_in_flight_at_the_deadline() {
    let (retrier, log) = recording(Retrier::new(quick()).deadline(Duration::from_millis(200)));
    let attempts = AtomicUsize::new(0);
    let result: Result<(), AttemptError> = bounded(retrier.run_tokio(|_| {
        attempts.fetch_add(1, Ordering::SeqCst);
        std::future::pending()
    }))
    .await;
    let error = result.unwrap_err();
    assert_abandoned_at_deadline(&error, &log, &attempts, 200);
}

#[tokio::test]
async fn a_non_idempotent_attempt_abandoned_at_the_deadline_still_says_deadline() {
    let (url, _) = server(Stall::BeforeHeaders).await;
    let (retrier, log) = recording(
        Retrier::new(quick())
            .non_idempotent()
            .deadline(Duration::from_millis(200)),
    );
    let client = reqwest::Client::new();
    let error = bounded(send(client.post(&url).body("{}"), &retrier))
        .await
        .unwrap_err();
    assert!(error.is_ambiguous());
    assert_eq!(gave_up(&log), Some(GiveUpReason::Deadline));
}
