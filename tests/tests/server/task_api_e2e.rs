//! End to end: the task_api example's server (the same file), on a loopback port, against a
//! real HTTP client. Every documented status, exact bodies and headers.

use task_api::server;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::HeaderMap;
use server::{Account, AppState, COSTS, Config};
use sunor_errors::ErrorBody;
use sunor_errors::rate_limit::RateLimit;
use sunor_errors::retry::{Jitter, Retrier, RetryPolicy};

struct Api {
    base: String,
    http: reqwest::Client,
    state: AppState,
}

struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

const MUSIC: &str = r#"{"model":"suno","task_type":"music","input":{"prompt":"rain"}}"#;
const TASK_NOT_FOUND: &str = r#"{"code":404,"message":"Task not found"}"#;

fn config(window: Duration) -> Config {
    Config {
        accounts: vec![
            Account::new("demo-key", 100, 120),
            Account::new("low-credit-key", 3, 120),
            Account::new("other-key", 50, 120),
            Account::new("burst-key", 50, 2),
        ],
        window,
    }
}

async fn start(config: Config) -> Api {
    start_with(AppState::new(config)).await
}

async fn start_with(state: AppState) -> Api {
    let (addr, _server) = server::spawn(state.clone()).await.unwrap();
    Api {
        base: format!("http://{addr}"),
        http: reqwest::Client::builder().no_proxy().build().unwrap(),
        state,
    }
}

async fn api() -> Api {
    start(config(Duration::from_secs(60))).await
}

impl Api {
    fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        key: Option<&str>,
        content_type: Option<&str>,
        body: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(key) = key {
            request = request.header("x-api-key", key);
        }
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        if let Some(body) = body {
            request = request.body(body.to_owned());
        }
        request
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.unwrap();
        Answer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.bytes().await.unwrap().to_vec(),
        }
    }

    async fn post(&self, key: Option<&str>, content_type: Option<&str>, body: &str) -> Answer {
        let request = self.request(
            reqwest::Method::POST,
            "/api/v1/task",
            key,
            content_type,
            Some(body),
        );
        self.send(request).await
    }

    async fn create(&self, key: &str, body: &str) -> Answer {
        self.post(Some(key), Some("application/json"), body).await
    }

    async fn get(&self, path: &str, key: &str) -> Answer {
        self.send(self.request(reqwest::Method::GET, path, Some(key), None, None))
            .await
    }
}

impl Answer {
    /// Asserts the status, the exact body, and the exact headers: `Content-Type:
    /// application/json`, the right `Content-Length`, then `extra` (`Date` is not checked).
    fn assert(&self, status: u16, body: &str, extra: &[(&str, &str)]) {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(String::from_utf8_lossy(&self.body), body);
        let length = body.len().to_string();
        let mut expected: Vec<(String, String)> = [
            ("content-type", "application/json"),
            ("content-length", length.as_str()),
        ]
        .iter()
        .chain(extra)
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        expected.sort();
        self.assert_timed_quota(extra);
        let mut actual: Vec<(String, String)> = self
            .headers
            .iter()
            .filter(|(k, _)| *k != "date" && !TIMED_QUOTA.contains(&k.as_str()))
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
            .collect();
        actual.sort();
        assert_eq!(actual, expected);
    }

    /// The rate-limit headers that depend on the time (`RateLimit::write_headers` writes
    /// them beside `X-RateLimit-Limit`/`-Remaining`): present exactly when those are
    /// expected, saying the same quota, with a reset within the window.
    fn assert_timed_quota(&self, extra: &[(&str, &str)]) {
        let expected = |name: &str| {
            extra
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.parse::<u64>().unwrap())
        };
        let Some(remaining) = expected("x-ratelimit-remaining") else {
            for name in TIMED_QUOTA {
                assert!(!self.headers.contains_key(name), "{name} without a quota");
            }
            return;
        };
        // The IETF fields alone say the same quota.
        let mut ietf = self.headers.clone();
        ietf.remove("x-ratelimit-limit");
        ietf.remove("x-ratelimit-remaining");
        ietf.remove("x-ratelimit-reset");
        let quota = RateLimit::from_headers(&ietf, SystemTime::now()).expect("IETF fields");
        assert_eq!(quota.remaining(), Some(remaining));
        assert_eq!(quota.limit(), expected("x-ratelimit-limit"));
        let window = quota.window().expect("a window");
        assert!(quota.reset().is_some_and(|reset| reset <= window));
        // The unix reset is within a window from now.
        let now = SystemTime::now();
        let unix = |at: SystemTime| at.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
        let reset: u64 = self.headers["x-ratelimit-reset"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            reset + 1 >= unix(now) && reset <= unix(now + window) + 1,
            "{reset}"
        );
    }

    fn error(&self) -> ErrorBody {
        let status = http::StatusCode::from_u16(self.status).unwrap();
        ErrorBody::from_http_parts(status, &self.headers, &self.body).unwrap()
    }
}

// Written by the server beside the quota, and checked apart: they depend on the time.
const TIMED_QUOTA: [&str; 3] = ["x-ratelimit-reset", "ratelimit", "ratelimit-policy"];

fn quota(remaining: &'static str) -> [(&'static str, &'static str); 2] {
    [
        ("x-ratelimit-limit", "120"),
        ("x-ratelimit-remaining", remaining),
    ]
}

#[tokio::test]
async fn unauthorized_401_both_ways() {
    let api = api().await;
    api.post(None, Some("application/json"), MUSIC)
        .await
        .assert(
            401,
            r#"{"code":401,"message":"Missing x-api-key header"}"#,
            &[],
        );
    api.create("sk-unknown", MUSIC).await.assert(
        401,
        r#"{"code":401,"message":"Invalid API key"}"#,
        &[],
    );
    // Auth comes before the body: a bad body without a key is still a 401.
    api.post(None, None, "{not json").await.assert(
        401,
        r#"{"code":401,"message":"Missing x-api-key header"}"#,
        &[],
    );
    let mut request = api.request(
        reqwest::Method::GET,
        "/api/v1/account/balance",
        None,
        None,
        None,
    );
    request = request.header(
        "x-api-key",
        reqwest::header::HeaderValue::from_bytes(b"\xffkey").unwrap(),
    );
    api.send(request)
        .await
        .assert(401, r#"{"code":401,"message":"Invalid API key"}"#, &[]);
}

#[tokio::test]
async fn missing_fields_are_named_in_order() {
    let api = api().await;
    let cases = [
        ("{}", "model, task_type, input"),
        (r#"{"model":"suno"}"#, "task_type, input"),
        (r#"{"task_type":"music"}"#, "model, input"),
        (r#"{"input":{},"model":"udio"}"#, "task_type"),
        (r#"{"model":null,"task_type":"music","input":{}}"#, "model"),
    ];
    let mut remaining = 120;
    for (body, fields) in cases {
        remaining -= 1;
        let left = remaining.to_string();
        let answer = api.create("demo-key", body).await;
        let expected = format!(r#"{{"code":400,"message":"Missing required fields: {fields}"}}"#);
        answer.assert(
            400,
            &expected,
            &[
                ("x-ratelimit-limit", "120"),
                ("x-ratelimit-remaining", &left),
            ],
        );
        assert!(!answer.error().is_retryable());
    }
}

#[tokio::test]
async fn malformed_json_and_missing_content_type_are_the_api_400() {
    let api = api().await;
    api.create("demo-key", r#"{"model":"suno","task_type":"#)
        .await
        .assert(
            400,
            r#"{"code":400,"message":"Malformed JSON body"}"#,
            &quota("119"),
        );
    api.create("demo-key", "").await.assert(
        400,
        r#"{"code":400,"message":"Malformed JSON body"}"#,
        &quota("118"),
    );
    api.post(Some("demo-key"), None, MUSIC).await.assert(
        400,
        r#"{"code":400,"message":"Content-Type must be application/json"}"#,
        &quota("117"),
    );
    api.post(Some("demo-key"), Some("text/plain"), MUSIC)
        .await
        .assert(
            400,
            r#"{"code":400,"message":"Content-Type must be application/json"}"#,
            &quota("116"),
        );
    api.create("demo-key", r#"["model","task_type","input"]"#)
        .await
        .assert(
            400,
            r#"{"code":400,"message":"Request body must be a JSON object"}"#,
            &quota("115"),
        );
}

#[tokio::test]
async fn invalid_values_are_400() {
    let api = api().await;
    let cases = [
        (
            r#"{"model":"mureka","task_type":"music","input":{}}"#,
            "Invalid model: expected one of suno, udio",
        ),
        (
            r#"{"model":5,"task_type":"music","input":{}}"#,
            "Invalid model: expected one of suno, udio",
        ),
        (
            r#"{"model":"udio","task_type":"lyrics","input":{}}"#,
            "Invalid task_type for model udio: expected one of music",
        ),
        (
            r#"{"model":"suno","task_type":"video","input":{}}"#,
            "Invalid task_type for model suno: expected one of music, lyrics, upload, concat",
        ),
        (
            r#"{"model":"suno","task_type":"music","input":"rain"}"#,
            "Invalid input: expected a JSON object",
        ),
    ];
    for (i, (body, message)) in cases.into_iter().enumerate() {
        let left = (119 - i).to_string();
        api.create("demo-key", body).await.assert(
            400,
            &format!(r#"{{"code":400,"message":"{message}"}}"#),
            &[
                ("x-ratelimit-limit", "120"),
                ("x-ratelimit-remaining", &left),
            ],
        );
    }
}

#[tokio::test]
async fn insufficient_credits_402_uses_the_documented_costs() {
    let api = api().await;
    api.create("low-credit-key", MUSIC).await.assert(
        402,
        r#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#,
        &quota("119"),
    );
    // Every documented cost: an account holding exactly the cost succeeds once, then 402.
    for (model, task_type, cost) in COSTS {
        let api = start(Config {
            accounts: vec![Account::new("k", cost, 120)],
            window: Duration::from_secs(60),
        })
        .await;
        let body = format!(r#"{{"model":"{model}","task_type":"{task_type}","input":{{}}}}"#);
        assert_eq!(
            api.create("k", &body).await.status,
            202,
            "{model} {task_type}"
        );
        api.create("k", &body).await.assert(
            402,
            &format!(
                r#"{{"code":402,"message":"Insufficient credits: available 0, required {cost}"}}"#
            ),
            &[
                ("x-ratelimit-limit", "120"),
                ("x-ratelimit-remaining", "118"),
            ],
        );
        api.get("/api/v1/account/balance", "k").await.assert(
            200,
            &format!(r#"{{"code":200,"data":{{"available":0,"frozen":{cost},"total":{cost}}}}}"#),
            &[
                ("x-ratelimit-limit", "120"),
                ("x-ratelimit-remaining", "117"),
            ],
        );
    }
}

#[tokio::test]
async fn success_202_task_200_and_balance() {
    let api = api().await;
    api.get("/api/v1/account/balance", "demo-key").await.assert(
        200,
        r#"{"code":200,"data":{"available":100,"frozen":0,"total":100}}"#,
        &quota("119"),
    );
    api.create("demo-key", MUSIC).await.assert(
        202,
        r#"{"code":202,"data":{"task_id":"task-000001","status":"pending"}}"#,
        &quota("118"),
    );
    api.create(
        "demo-key",
        r#"{"model":"udio","task_type":"music","input":{}}"#,
    )
    .await
    .assert(
        202,
        r#"{"code":202,"data":{"task_id":"task-000002","status":"pending"}}"#,
        &quota("117"),
    );
    api.get("/api/v1/task/task-000001", "demo-key").await.assert(
        200,
        r#"{"code":200,"data":{"task_id":"task-000001","model":"suno","task_type":"music","status":"pending","cost":10}}"#,
        &quota("116"),
    );
    api.get("/api/v1/account/balance", "demo-key").await.assert(
        200,
        r#"{"code":200,"data":{"available":85,"frozen":15,"total":100}}"#,
        &quota("115"),
    );
}

#[tokio::test]
async fn task_not_found_404_for_unknown_ids_and_other_keys() {
    let api = api().await;
    api.get("/api/v1/task/task-999999", "demo-key")
        .await
        .assert(404, TASK_NOT_FOUND, &quota("119"));
    assert_eq!(api.create("demo-key", MUSIC).await.status, 202);
    api.get("/api/v1/task/task-000001", "other-key")
        .await
        .assert(404, TASK_NOT_FOUND, &quota("119"));
    api.get("/api/v1/task/task-000001", "demo-key").await;
    api.get("/api/v1/task/%2e%2e%2F", "demo-key")
        .await
        .assert(404, TASK_NOT_FOUND, &quota("116"));
}

#[tokio::test]
async fn rate_limited_429_with_equal_retry_after_header_and_field() {
    let api = api().await;
    let burst = [("x-ratelimit-limit", "2")];
    for remaining in ["1", "0"] {
        let answer = api.get("/api/v1/account/balance", "burst-key").await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.headers["x-ratelimit-remaining"], remaining);
    }
    // Every endpoint shares the limit.
    for answer in [
        api.get("/api/v1/account/balance", "burst-key").await,
        api.create("burst-key", MUSIC).await,
        api.get("/api/v1/task/task-000001", "burst-key").await,
    ] {
        let seconds: u64 = answer.headers["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&seconds), "{seconds}");
        let header = seconds.to_string();
        answer.assert(
            429,
            &format!(
                r#"{{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":{seconds}}}"#
            ),
            &[
                burst[0],
                ("x-ratelimit-remaining", "0"),
                ("retry-after", &header),
            ],
        );
        let error = answer.error();
        assert_eq!(error.retry_after_seconds(), Some(seconds));
        assert!(error.is_retryable());
    }
    // Other keys are not affected.
    assert_eq!(
        api.get("/api/v1/account/balance", "demo-key").await.status,
        200
    );
}

/// Fails the next task creation with `fail`: the exact answer (with a first request's
/// quota), nothing charged, the cause in the server's log alone (`logged`), and the next
/// creation accepted. The answer, for more checks.
async fn fails_once(fail: fn(&AppState, u32), status: u16, body: &str, logged: &str) -> Answer {
    let api = api().await;
    fail(&api.state, 1);
    let answer = api.create("demo-key", MUSIC).await;
    answer.assert(status, body, &quota("119"));
    api.get("/api/v1/account/balance", "demo-key").await.assert(
        200,
        r#"{"code":200,"data":{"available":100,"frozen":0,"total":100}}"#,
        &quota("118"),
    );
    assert_eq!(api.state.server_log(), [logged]);
    assert_eq!(api.create("demo-key", MUSIC).await.status, 202);
    answer
}

#[tokio::test]
async fn upstream_failure_502_is_not_charged_and_never_leaks() {
    let answer = fails_once(
        AppState::fail_upstream,
        502,
        r#"{"code":502,"message":"Upstream provider error"}"#,
        "upstream provider failed: provider answered 503: model overloaded",
    )
    .await;
    assert!(answer.error().is_retryable());
}

#[tokio::test]
async fn internal_error_500_hides_its_cause() {
    fails_once(
        AppState::fail_internal,
        500,
        r#"{"code":500,"message":"Internal server error"}"#,
        "internal error: task store: disk full at /var/lib/sunor/tasks",
    )
    .await;
}

#[tokio::test]
async fn framework_errors_are_wire_bodies_too() {
    let api = api().await;
    // An unknown path is answered before auth; a known path with the wrong method after.
    api.get("/api/v1/tasks", "demo-key").await.assert(
        404,
        r#"{"code":404,"message":"Not found"}"#,
        &[],
    );
    let request = api.request(
        reqwest::Method::DELETE,
        "/api/v1/task",
        Some("demo-key"),
        None,
        None,
    );
    api.send(request).await.assert(
        405,
        r#"{"code":405,"message":"Method not allowed"}"#,
        &[
            ("allow", "POST"),
            ("x-ratelimit-limit", "120"),
            ("x-ratelimit-remaining", "119"),
        ],
    );
}

fn fast_retrier(log: &Arc<Mutex<Vec<String>>>) -> Retrier {
    let sink = Arc::clone(log);
    let policy = RetryPolicy::default()
        .base_delay(Duration::from_millis(10))
        .min_delay(Duration::from_millis(10))
        .jitter(Jitter::None);
    Retrier::new(policy).on_attempt(move |report| sink.lock().unwrap().push(report.to_string()))
}

#[tokio::test]
async fn retrier_recovers_from_502s_in_order() {
    let api = api().await;
    api.state.fail_upstream(2);
    let log = Arc::new(Mutex::new(Vec::new()));
    let request = api.request(
        reqwest::Method::POST,
        "/api/v1/task",
        Some("demo-key"),
        Some("application/json"),
        Some(MUSIC),
    );
    let response = sunor_errors::reqwest::send(request, &fast_retrier(&log))
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"code":202,"data":{"task_id":"task-000001","status":"pending"}}"#
    );
    assert_eq!(
        *log.lock().unwrap(),
        [
            "attempt 1 failed (API error 502: Upstream provider error), retrying in 10ms",
            "attempt 2 failed (API error 502: Upstream provider error), retrying in 20ms",
            "attempt 3 succeeded",
        ]
    );
    assert_eq!(api.state.server_log().len(), 2);
}

#[tokio::test]
async fn retrier_waits_the_advertised_delay_after_a_429() {
    // The server's windows run on a clock that only the retrier's sleep moves: the third
    // request always lands in the window of the first two, whatever the machine's load,
    // and the advertised delay is the whole 2 s window.
    let now = Arc::new(Mutex::new(Instant::now()));
    let clock = Arc::clone(&now);
    let state = AppState::with_clock(
        config(Duration::from_secs(2)),
        Arc::new(move || *clock.lock().unwrap()),
    );
    let api = start_with(state).await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let balance = || {
        api.request(
            reqwest::Method::GET,
            "/api/v1/account/balance",
            Some("burst-key"),
            None,
            None,
        )
    };
    for _ in 0..2 {
        assert_eq!(api.send(balance()).await.status, 200);
    }
    let slept = Arc::new(Mutex::new(Vec::new()));
    let response = sunor_errors::reqwest::send_with_sleep(balance(), &fast_retrier(&log), |wait| {
        slept.lock().unwrap().push(wait);
        *now.lock().unwrap() += wait;
        std::future::ready(())
    })
    .await
    .unwrap();
    assert_eq!(response.status(), 200);
    let log = log.lock().unwrap();
    assert_eq!(
        *log,
        [
            "attempt 1 failed (API error 429: Rate limit exceeded.), retrying in 2s",
            "attempt 2 succeeded",
        ]
    );
    assert_eq!(*slept.lock().unwrap(), [Duration::from_secs(2)]);
}
