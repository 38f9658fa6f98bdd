//! End to end over a real loopback server: reqwest requests sent under a `Retrier`.
//!
//! The server is a std `TcpListener` thread that answers each connection with the next
//! scripted raw HTTP/1.1 response and records when each request arrived. Assertions are on
//! order and lower bounds, never on exact wall times.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use sunor_errors::reqwest::{error_body_for_status, send};
use sunor_errors::retry::{
    AttemptError, AttemptOutcome, GiveUpReason, Jitter, Retrier, RetryPolicy,
};
use sunor_errors::{ErrorBody, ErrorCode};

enum Reply {
    Respond(String),
    // Read the request, then say nothing for this long (a request that times out after
    // being sent).
    Hang(Duration),
}

#[derive(Debug)]
struct Seen {
    at: Instant,
    request_line: String,
    body: Vec<u8>,
}

struct Server {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    thread: JoinHandle<()>,
}

impl Server {
    fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        let thread = thread::spawn(move || {
            for reply in script {
                let (mut stream, _) = listener.accept().unwrap();
                let (request_line, body) = read_request(&mut stream);
                record.lock().unwrap().push(Seen {
                    at: Instant::now(),
                    request_line,
                    body,
                });
                match reply {
                    Reply::Respond(raw) => {
                        stream.write_all(raw.as_bytes()).unwrap();
                        stream.flush().unwrap();
                    }
                    Reply::Hang(how_long) => thread::sleep(how_long),
                }
            }
        });
        Server { addr, seen, thread }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    // Waits for the script to finish and returns what the server saw.
    fn finish(self) -> Vec<Seen> {
        self.thread.join().unwrap();
        Arc::try_unwrap(self.seen).unwrap().into_inner().unwrap()
    }
}

fn read_request(stream: &mut TcpStream) -> (String, Vec<u8>) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "client closed before sending a request");
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().unwrap())
        })
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0);
        data.extend_from_slice(&buf[..n]);
    }
    let request_line = head.lines().next().unwrap_or_default().to_owned();
    (request_line, data[head_end..head_end + length].to_vec())
}

fn response(status: &str, extra_headers: &str, body: &str) -> Reply {
    Reply::Respond(format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra_headers}\r\n{body}",
        body.len()
    ))
}

type Log = Arc<Mutex<Vec<(u32, AttemptOutcome)>>>;

fn recording(retrier: Retrier) -> (Retrier, Log) {
    let log: Log = Arc::default();
    let sink = Arc::clone(&log);
    let retrier =
        retrier.on_attempt(move |r| sink.lock().unwrap().push((r.attempt(), r.outcome())));
    (retrier, log)
}

/// GETs `path` from `server`, and reads the answer with `error_body_for_status`.
async fn get_checked(server: &Server, path: &str) -> Result<reqwest::Response, ErrorBody> {
    let response = reqwest::Client::new()
        .get(server.url(path))
        .send()
        .await
        .unwrap();
    error_body_for_status(response).await
}

/// `error` is a transport failure, whose request may have been sent as `sent` says.
fn assert_transport(error: &AttemptError, sent: bool) {
    match error {
        AttemptError::Transport(transport) => assert_eq!(transport.may_have_been_sent(), sent),
        other => panic!("expected a transport error, got {other:?}"),
    }
}

const TASK: &str = r#"{"model":"suno","task_type":"lyrics","input":{"prompt":"rain"}}"#;

#[tokio::test(flavor = "current_thread")]
async fn rate_limited_then_bad_gateway_then_created() {
    let server = Server::start(vec![
        response(
            "429 Too Many Requests",
            "Retry-After: 1\r\n",
            r#"{"code":429,"message":"Rate limit exceeded."}"#,
        ),
        response(
            "502 Bad Gateway",
            "",
            r#"{"code":502,"message":"Upstream provider error"}"#,
        ),
        response(
            "202 Accepted",
            "",
            r#"{"code":202,"data":{"task_id":"t-1"}}"#,
        ),
    ]);
    // The 502 comes on the second retry: base × factor, as in the docs' `2 ** attempt`.
    let base = Duration::from_millis(100);
    let five_xx_delay = base * 2;
    let policy = RetryPolicy::default()
        .jitter(Jitter::None)
        .base_delay(base)
        .min_delay(Duration::ZERO);
    let (retrier, log) = recording(Retrier::new(policy));
    let client = reqwest::Client::new();
    let request = client
        .post(server.url("/api/v1/task"))
        .header("content-type", "application/json")
        .body(TASK);

    let response = send(request, &retrier)
        .await
        .expect("third attempt succeeds");
    assert_eq!(response.status(), 202);
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"code":202,"data":{"task_id":"t-1"}}"#
    );

    let seen = server.finish();
    assert_eq!(seen.len(), 3);
    for request in &seen {
        assert_eq!(request.request_line, "POST /api/v1/task HTTP/1.1");
        assert_eq!(
            request.body,
            TASK.as_bytes(),
            "every retry resends the same body"
        );
    }
    // The server's Retry-After first, then the configured 5xx delay: lower bounds only,
    // which hold by construction (the client slept between the two arrivals).
    assert!(seen[1].at - seen[0].at >= Duration::from_secs(1));
    assert!(seen[2].at - seen[1].at >= five_xx_delay);
    assert_eq!(
        *log.lock().unwrap(),
        [
            (1, AttemptOutcome::RetryAfter(Duration::from_secs(1))),
            (2, AttemptOutcome::RetryAfter(five_xx_delay)),
            (3, AttemptOutcome::Succeeded),
        ]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_streaming_body_is_sent_once_and_says_why() {
    let server = Server::start(vec![response(
        "502 Bad Gateway",
        "",
        r#"{"code":502,"message":"Upstream provider error"}"#,
    )]);
    let (retrier, log) = recording(Retrier::new(RetryPolicy::default()));
    let body = reqwest::Body::wrap(http_body_util::Full::new(bytes::Bytes::from_static(
        TASK.as_bytes(),
    )));
    let request = reqwest::Client::new()
        .post(server.url("/api/v1/task"))
        .body(body);
    assert!(request.try_clone().is_none(), "the body is a stream");
    let error = send(request, &retrier).await.unwrap_err();
    assert_eq!(
        error.as_error_body().unwrap().code(),
        ErrorCode::BAD_GATEWAY
    );
    assert_eq!(server.finish().len(), 1);
    assert_eq!(
        *log.lock().unwrap(),
        [(1, AttemptOutcome::GaveUp(GiveUpReason::NotReplayable))]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn non_idempotent_retries_429_but_not_a_5xx() {
    let server = Server::start(vec![
        response("429 Too Many Requests", "Retry-After: 0\r\n", ""),
        response(
            "500 Internal Server Error",
            "",
            r#"{"code":500,"message":"Internal server error"}"#,
        ),
    ]);
    let (retrier, log) = recording(Retrier::new(RetryPolicy::default()).non_idempotent());
    let request = reqwest::Client::new()
        .post(server.url("/api/v1/task"))
        .body(TASK);
    let error = send(request, &retrier).await.unwrap_err();
    assert_eq!(
        error.as_error_body().unwrap().code(),
        ErrorCode::INTERNAL_SERVER_ERROR
    );
    let seen = server.finish();
    assert_eq!(seen.len(), 2);
    assert!(
        seen[1].at - seen[0].at >= Duration::from_millis(250),
        "not a burst"
    );
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 2);
    assert!(matches!(log[0], (1, AttemptOutcome::RetryAfter(_))));
    assert_eq!(
        log[1],
        (2, AttemptOutcome::GaveUp(GiveUpReason::NotSafeToRepeat))
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_timeout_after_sending_is_ambiguous() {
    // The server stays silent 5 s, the client gives up after 0.3 s: the margin that a
    // loaded machine cannot eat before the client's timer fires.
    let server = Server::start(vec![Reply::Hang(Duration::from_secs(5))]);
    let (retrier, log) = recording(Retrier::new(RetryPolicy::default()).non_idempotent());
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = send(client.post(server.url("/api/v1/task")).body(TASK), &retrier)
        .await
        .unwrap_err();
    assert_transport(&error, true);
    assert!(error.is_ambiguous());
    assert_eq!(server.finish().len(), 1);
    assert_eq!(
        *log.lock().unwrap(),
        [(1, AttemptOutcome::GaveUp(GiveUpReason::NotSafeToRepeat))]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_refused_connection_is_retried_as_never_sent() {
    // A port that was just free: nothing listens there.
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let policy = RetryPolicy::default()
        .jitter(Jitter::None)
        .max_retries(2)
        .base_delay(Duration::from_millis(10))
        .min_delay(Duration::ZERO);
    let (retrier, log) = recording(Retrier::new(policy).non_idempotent());
    let request = reqwest::Client::new()
        .post(format!("http://{addr}/api/v1/task"))
        .body(TASK);
    let error = send(request, &retrier).await.unwrap_err();
    assert_transport(&error, false);
    assert_eq!(
        *log.lock().unwrap(),
        [
            (1, AttemptOutcome::RetryAfter(Duration::from_millis(10))),
            (2, AttemptOutcome::RetryAfter(Duration::from_millis(20))),
            (3, AttemptOutcome::GaveUp(GiveUpReason::RetriesExhausted)),
        ]
    );
}

const BAD_INPUT: &str = r#"{"code":400,"message":"Bad input"}"#;

#[tokio::test(flavor = "current_thread")]
async fn exactly_the_4xx_and_5xx_statuses_are_errors() {
    let server = Server::start(vec![
        response("399 Odd", "", "{}"),
        response("400 Bad Request", "", BAD_INPUT),
        response("599 Odd", "", ""),
        response("600 Odd", "", "{}"),
    ]);

    let below = get_checked(&server, "/a").await.unwrap();
    assert_eq!(below.status(), 399);
    let first = get_checked(&server, "/b").await.unwrap_err();
    assert_eq!(first, ErrorBody::new(ErrorCode::BAD_REQUEST, "Bad input"));
    let last = get_checked(&server, "/c").await.unwrap_err();
    assert_eq!(
        last,
        ErrorBody::from_code(ErrorCode::from_u16(599).unwrap())
    );
    let above = get_checked(&server, "/d").await.unwrap();
    assert_eq!(above.status(), 600);
    assert_eq!(above.text().await.unwrap(), "{}");
    assert_eq!(server.finish().len(), 4);
}

#[tokio::test(flavor = "current_thread")]
async fn error_bodies_are_read_bounded_and_tolerantly() {
    let huge = format!(
        r#"{{"code":404,"message":"{}"}}"#,
        "x".repeat(ErrorBody::MAX_BODY_BYTES)
    );
    let server = Server::start(vec![
        response("200 OK", "", r#"{"code":200,"data":{}}"#),
        response(
            "402 Payment Required",
            "",
            r#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#,
        ),
        response("404 Not Found", "", &huge),
        Reply::Respond(
            "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 24\r\n\
             Connection: close\r\nRetry-After: 3\r\n\r\n<h1>502 Bad Gateway</h1>"
                .to_owned(),
        ),
    ]);

    let ok = get_checked(&server, "/a").await.unwrap();
    assert_eq!(ok.status(), 200);
    let payment = get_checked(&server, "/b").await.unwrap_err();
    assert_eq!(
        payment,
        ErrorBody::new(
            ErrorCode::PAYMENT_REQUIRED,
            "Insufficient credits: available 3, required 10"
        )
    );
    let too_big = get_checked(&server, "/c").await.unwrap_err();
    assert_eq!(too_big, ErrorBody::from_code(ErrorCode::NOT_FOUND));
    let html = get_checked(&server, "/d").await.unwrap_err();
    assert_eq!(
        html,
        ErrorBody::from_code(ErrorCode::BAD_GATEWAY).with_retry_after_seconds(3)
    );
    assert_eq!(server.finish().len(), 4);
}
