//! The client session: provokes every documented error of the API over loopback, prints
//! each exchange and what the client decides, decodes the 402 back into the server's own
//! `TaskError`, and retries a 429, a 502 and a 500 to success.

use std::cell::Cell;
use std::error::Error;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{CONTENT_TYPE, HeaderMap};
use reqwest::{Method, StatusCode};
use sunor_errors::ErrorBody;
use sunor_errors::rate_limit::RateLimit;
use sunor_errors::retry::{AttemptError, Jitter, Retrier, RetryDecision, RetryPolicy};

use crate::server::{AppState, TaskError};

type SessionResult<T> = Result<T, Box<dyn Error + Send + Sync>>;

/// One request, kept so it can be sent again.
#[derive(Debug, Clone)]
struct Req {
    method: Method,
    path: String,
    api_key: Option<&'static str>,
    content_type: Option<&'static str>,
    body: Option<String>,
}

impl Req {
    fn get(path: &str, api_key: &'static str) -> Req {
        Req {
            method: Method::GET,
            path: path.to_owned(),
            api_key: Some(api_key),
            content_type: None,
            body: None,
        }
    }

    fn post_json(api_key: Option<&'static str>, body: &str) -> Req {
        Req {
            method: Method::POST,
            path: "/api/v1/task".to_owned(),
            api_key,
            content_type: Some("application/json"),
            body: Some(body.to_owned()),
        }
    }
}

/// What came back.
#[derive(Debug)]
struct Exchange {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Exchange {
    // The client side of the crate: any error response, whatever its body, as an ErrorBody.
    fn error(&self) -> Option<ErrorBody> {
        ErrorBody::from_http_parts(self.status, &self.headers, &self.body).ok()
    }
}

/// The documented policy (`RetryPolicy::default()`: at most 3 retries, 5xx back off
/// exponentially, 429 waits the server's delay, a delay over the cap gives up), with a
/// 100 ms first 5xx delay instead of 1 s and no jitter, so the session finishes in seconds
/// and prints the same delays every run. One retrier for the whole session: its budget
/// (`RetryBudget::default()`, built in) is the client's; every operation ends within 30 s.
fn demo_retrier() -> Retrier {
    let policy = RetryPolicy::default()
        .base_delay(Duration::from_millis(100))
        .min_delay(Duration::from_millis(100))
        .jitter(Jitter::None);
    Retrier::new(policy)
        .deadline(Duration::from_secs(30))
        .on_attempt(|report| println!("   retrier: {report}"))
}

struct Session {
    http: reqwest::Client,
    base: String,
    retrier: Retrier,
    scene: u32,
}

/// Runs the whole session against the server at `addr`; an unexpected answer is an error.
pub async fn run(addr: SocketAddr, state: &AppState) -> SessionResult<()> {
    let http = reqwest::Client::builder()
        .no_proxy() // loopback only, whatever the environment says
        .timeout(Duration::from_secs(10))
        .build()?;
    let mut s = Session {
        http,
        base: format!("http://{addr}"),
        retrier: demo_retrier(),
        scene: 0,
    };
    println!("sunor task API (a faithful slice) listening on http://{addr}");
    println!("client: reqwest over loopback; every error read with ErrorBody::from_http_parts");

    s.title("Balance of demo-key (success envelope)");
    s.once(Req::get("/api/v1/account/balance", "demo-key"), 200)
        .await?;

    s.title("No x-api-key header");
    let music = r#"{"model":"suno","task_type":"music","input":{"prompt":"lo-fi rain"}}"#;
    s.once(Req::post_json(None, music), 401).await?;

    s.title("Unknown API key");
    s.once(Req::post_json(Some("sk-nope"), music), 401).await?;

    s.title("Missing required fields (named, in order)");
    s.once(Req::post_json(Some("demo-key"), r#"{"model":"suno"}"#), 400)
        .await?;

    s.title("Malformed JSON (axum's rejection, as the API's 400 body)");
    s.once(
        Req::post_json(Some("demo-key"), r#"{"model":"suno","task_type":"#),
        400,
    )
    .await?;

    s.title("No Content-Type (axum's rejection, as the API's 400 body)");
    let mut untyped = Req::post_json(Some("demo-key"), music);
    untyped.content_type = None;
    s.once(untyped, 400).await?;

    s.title("Unknown task_type for the model");
    s.once(
        Req::post_json(
            Some("demo-key"),
            r#"{"model":"udio","task_type":"lyrics","input":{}}"#,
        ),
        400,
    )
    .await?;

    s.title("Not enough credits (Suno music costs 10)");
    let refused = s
        .once(Req::post_json(Some("low-credit-key"), music), 402)
        .await?;
    // Client and server share the error type: the body decodes back into the same value,
    // no message matched by hand.
    match refused
        .error()
        .and_then(|error| error.decode::<TaskError>())
    {
        Some(
            decoded @ TaskError::InsufficientCredits {
                available,
                required,
            },
        ) => {
            println!("   decoded: TaskError::{decoded:?}");
            println!(
                "   client: top up at least {} credits",
                required - available
            );
        }
        other => return Err(format!("the 402 did not decode: {other:?}").into()),
    }

    s.title("Create a task (202), then read it back (200)");
    let created = s.once(Req::post_json(Some("demo-key"), music), 202).await?;
    let id = task_id(&created)?;
    s.once(Req::get(&format!("/api/v1/task/{id}"), "demo-key"), 200)
        .await?;

    s.title("Unknown task id, and another key's task: both 404");
    s.once(Req::get("/api/v1/task/task-999999", "demo-key"), 404)
        .await?;
    s.once(
        Req::get(&format!("/api/v1/task/{id}"), "low-credit-key"),
        404,
    )
    .await?;

    s.title("Unknown route: axum's empty 404, rewritten by ErrorBodyLayer");
    s.once(Req::get("/api/v1/tasks", "demo-key"), 404).await?;

    s.title("Upstream provider fails once: 502, retried to success");
    println!("[server control] the upstream provider fails the next task creation");
    state.fail_upstream(1);
    s.send_with_retry(Req::post_json(Some("demo-key"), music), &[502, 202])
        .await?;
    print_last_log(state);

    s.title("Task store fails once: 500 (cause logged, never sent), retried to success");
    state.fail_internal(1);
    s.send_with_retry(
        Req::post_json(
            Some("demo-key"),
            r#"{"model":"udio","task_type":"music","input":{"prompt":"brass"}}"#,
        ),
        &[500, 202],
    )
    .await?;
    print_last_log(state);

    s.title("Rate limit: burst-key may make 2 requests per window; the next is retried");
    let balance = Req::get("/api/v1/account/balance", "burst-key");
    // Spend the window's quota (a window that ends mid-burst just means one more request).
    for _ in 0..6 {
        let exchange = s.once(balance.clone(), 200).await?;
        // The quota, as the rate-limit headers say it (either family).
        let quota = RateLimit::from_headers(&exchange.headers, SystemTime::now());
        if quota.and_then(|quota| quota.remaining()) == Some(0) {
            break;
        }
    }
    s.send_with_retry(balance, &[429, 200]).await?;

    s.title("Balance of demo-key after three tasks (10 + 10 + 5 frozen)");
    s.once(Req::get("/api/v1/account/balance", "demo-key"), 200)
        .await?;

    println!("\nsession complete: every documented error seen, retries succeeded");
    Ok(())
}

fn print_last_log(state: &AppState) {
    if let Some(line) = state.server_log().last() {
        println!("[server log, never sent to the client] {line}");
    }
}

fn task_id(exchange: &Exchange) -> SessionResult<String> {
    let value: serde_json::Value = serde_json::from_slice(&exchange.body)?;
    value["data"]["task_id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "202 without data.task_id".into())
}

impl Session {
    fn title(&mut self, title: &str) {
        self.scene += 1;
        println!("\n== {}. {title}", self.scene);
    }

    async fn send(&self, req: &Req) -> Result<Exchange, reqwest::Error> {
        let mut request = self
            .http
            .request(req.method.clone(), format!("{}{}", self.base, req.path));
        let mut shown = format!("-> {} {}", req.method, req.path);
        if let Some(key) = req.api_key {
            request = request.header("x-api-key", key);
            let _ = write!(shown, "\n   x-api-key: {key}");
        }
        if let Some(content_type) = req.content_type {
            request = request.header(CONTENT_TYPE, content_type);
            let _ = write!(shown, "\n   content-type: {content_type}");
        }
        if let Some(body) = &req.body {
            request = request.body(body.clone());
            let _ = write!(shown, "\n   {body}");
        }
        println!("{shown}");
        let mut response = request.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        // Bounded: a server cannot make the client buffer more than an error body's limit.
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            let room = ErrorBody::MAX_BODY_BYTES - body.len();
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if body.len() == ErrorBody::MAX_BODY_BYTES {
                break;
            }
        }
        let exchange = Exchange {
            status,
            headers,
            body,
        };
        print_response(&exchange);
        Ok(exchange)
    }

    // One request, no retry; the decision the policy would make is printed.
    async fn once(&self, req: Req, expected: u16) -> SessionResult<Exchange> {
        let exchange = self.send(&req).await?;
        if let Some(error) = exchange.error() {
            print_error(&error);
            let decision = match self.retrier.policy().decide(0, &error) {
                RetryDecision::Retry(delay) => format!("retry in {delay:?}"),
                RetryDecision::GiveUp if !error.is_retryable() => {
                    format!("give up ({} is not retryable)", error.code())
                }
                RetryDecision::GiveUp => "give up".to_owned(),
            };
            println!("   decision: {decision}");
        }
        expect(&exchange, expected)?;
        Ok(exchange)
    }

    /// Sends `req` under the retrier (`sunor_errors::retry`): each error response becomes an
    /// `AttemptError`, the retrier sleeps as the policy decides; `statuses` are the statuses
    /// expected in order, and any other status ends the run.
    async fn send_with_retry(&self, req: Req, statuses: &[u16]) -> SessionResult<Exchange> {
        let started = Instant::now();
        let attempts = Cell::new(0);
        let outcome = self
            .retrier
            .run_tokio(|attempt| {
                attempts.set(attempt);
                let req = &req;
                async move {
                    let exchange = self.send(req).await?;
                    let expected = statuses.get(attempt as usize - 1).copied().unwrap_or(0);
                    if let Err(unexpected) = expect(&exchange, expected) {
                        return Err(AttemptError::Other(unexpected));
                    }
                    match exchange.error() {
                        Some(error) => {
                            print_error(&error);
                            Err(AttemptError::from(error))
                        }
                        None => Ok(exchange),
                    }
                }
            })
            .await;
        let exchange = outcome.map_err(|error| format!("gave up: {error}"))?;
        let retries = attempts.get() - 1;
        println!(
            "   succeeded after {retries} retr{} ({:.1} s)",
            if retries == 1 { "y" } else { "ies" },
            started.elapsed().as_secs_f64()
        );
        Ok(exchange)
    }
}

fn expect(exchange: &Exchange, expected: u16) -> SessionResult<()> {
    if exchange.status.as_u16() == expected {
        Ok(())
    } else {
        Err(format!("expected HTTP {expected}, got {}", exchange.status).into())
    }
}

fn print_response(exchange: &Exchange) {
    println!("<- {}", exchange.status);
    for (name, value) in &exchange.headers {
        println!("   {name}: {}", value.to_str().unwrap_or("<non-ASCII>"));
    }
    let text = String::from_utf8_lossy(&exchange.body);
    // Shown as sent, but a body cannot forge transcript lines or terminal sequences.
    let mut shown = String::new();
    for c in text.chars().take(300) {
        if c.is_control() {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    println!("   {shown}");
}

fn print_error(error: &ErrorBody) {
    let retry = match error.retry_after_seconds() {
        Some(seconds) => format!("{seconds} s"),
        None => "none".to_owned(),
    };
    println!(
        "   ErrorBody: code {}, message {:?}, retry after {retry}, retryable {}",
        error.code(),
        error.message(),
        error.is_retryable()
    );
}
