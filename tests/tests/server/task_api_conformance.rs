//! Conformance of the task_api example's server (the same file, on a loopback port): every
//! error response it can produce, provoked with a real HTTP client, passes the conformance
//! checker with no warning; the documented examples pass it too; and every code the server
//! sends comes from `TaskError`'s catalogue or from a framework layer listed here.

use task_api::server;

use std::collections::BTreeSet;
use std::time::Duration;

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderMap, HeaderValue, StatusCode};
use server::{Account, AppState, COSTS, Config, TaskError};
use sunor_errors::ErrorBody;
use sunor_errors::axum::{MALFORMED_JSON, MISSING_JSON_CONTENT_TYPE};
use sunor_errors::catalog::Catalog;
use sunor_errors::conformance::{self, ViolationKind};
use sunor_errors_tests::documented_examples;

const MUSIC: &str = r#"{"model":"suno","task_type":"music","input":{"prompt":"rain"}}"#;

/// axum's default request body limit, which the server keeps.
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Error responses made by framework layers, not by a `TaskError` value: the `Json`
/// extractor's rejections (400, 413) and the router's fallbacks via `ErrorBodyLayer` (404,
/// 405). `(code, message)`.
const FRAMEWORK_ERRORS: [(u16, &str); 5] = [
    (400, MALFORMED_JSON),
    (400, MISSING_JSON_CONTENT_TYPE),
    (404, "Not found"),
    (405, "Method not allowed"),
    (413, "Payload too large"),
];

/// Codes only framework layers produce: no `TaskError` variant has them.
const FRAMEWORK_ONLY_CODES: [u16; 2] = [405, 413];

/// One of the server's failure switches: fail the next `n` task creations.
type Switch = fn(&AppState, u32);

struct Api {
    base: String,
    http: reqwest::Client,
    state: AppState,
}

/// One real response, as the client saw it.
#[derive(Debug)]
struct Seen {
    what: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Seen {
    fn error_body(&self) -> ErrorBody {
        ErrorBody::from_http_parts(self.status, &self.headers, &self.body)
            .unwrap_or_else(|e| panic!("{}: {e}", self.what))
    }
}

// As task_api_e2e.rs: the app on 127.0.0.1, a free port, served in the background.
async fn start() -> Api {
    let state = AppState::new(Config {
        accounts: vec![
            Account::new("demo-key", 100, 120),
            Account::new("low-credit-key", 3, 120),
            Account::new("burst-key", 50, 1),
        ],
        window: Duration::from_secs(60),
    });
    let (addr, _server) = server::spawn(state.clone()).await.unwrap();
    Api {
        base: format!("http://{addr}"),
        http: reqwest::Client::builder().no_proxy().build().unwrap(),
        state,
    }
}

impl Api {
    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    fn post(
        &self,
        key: &str,
        content_type: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::RequestBuilder {
        let mut request = self
            .request(reqwest::Method::POST, "/api/v1/task")
            .header("x-api-key", key)
            .body(body);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        request
    }

    fn create(&self, key: &str, body: &'static str) -> reqwest::RequestBuilder {
        self.post(key, Some("application/json"), body)
    }

    fn get(&self, path: &str, key: &str) -> reqwest::RequestBuilder {
        self.request(reqwest::Method::GET, path)
            .header("x-api-key", key)
    }

    /// Sends `request`; the answer must have `status` and, when given, exactly `body`.
    async fn expect(
        &self,
        what: &'static str,
        request: reqwest::RequestBuilder,
        status: u16,
        body: Option<&str>,
    ) -> Seen {
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let seen = Seen {
            what,
            status: response.status(),
            headers: response.headers().clone(),
            body: response.bytes().await.unwrap().to_vec(),
        };
        let text = String::from_utf8_lossy(&seen.body);
        assert_eq!(seen.status.as_u16(), status, "{what}: {text}");
        if let Some(body) = body {
            assert_eq!(text, body, "{what}");
        }
        seen
    }
}

/// Provokes every error response the server can produce, each checked for its exact status
/// and body, in this order.
async fn every_error_response() -> Vec<Seen> {
    let api = start().await;
    let mut seen = Vec::new();

    // 400: each validation failure of the handler, then the extractor's rejections.
    let bad_requests: [(&str, &str, &str); 5] = [
        (
            "missing fields",
            "{}",
            "Missing required fields: model, task_type, input",
        ),
        (
            "not an object",
            r#"["model"]"#,
            "Request body must be a JSON object",
        ),
        (
            "invalid model",
            r#"{"model":"mureka","task_type":"music","input":{}}"#,
            "Invalid model: expected one of suno, udio",
        ),
        (
            "invalid task_type",
            r#"{"model":"udio","task_type":"lyrics","input":{}}"#,
            "Invalid task_type for model udio: expected one of music",
        ),
        (
            "invalid input",
            r#"{"model":"suno","task_type":"music","input":"rain"}"#,
            "Invalid input: expected a JSON object",
        ),
    ];
    for (what, body, message) in bad_requests {
        let expected = format!(r#"{{"code":400,"message":"{message}"}}"#);
        seen.push(
            api.expect(what, api.create("demo-key", body), 400, Some(&expected))
                .await,
        );
    }
    // Then each request with its one exact answer, sent in this order.
    let malformed = format!(r#"{{"code":400,"message":"{MALFORMED_JSON}"}}"#);
    let no_type = format!(r#"{{"code":400,"message":"{MISSING_JSON_CONTENT_TYPE}"}}"#);
    let no_key = api
        .request(reqwest::Method::POST, "/api/v1/task")
        .header("content-type", "application/json")
        .body(MUSIC);
    let invalid = r#"{"code":401,"message":"Invalid API key"}"#;
    let binary_key = api
        .request(reqwest::Method::GET, "/api/v1/account/balance")
        .header("x-api-key", HeaderValue::from_bytes(b"\xffkey").unwrap());
    // The documented cost of suno music, against 3 credits.
    let (_, _, music_cost) = COSTS[0];
    let credits = format!(
        r#"{{"code":402,"message":"Insufficient credits: available 3, required {music_cost}"}}"#
    );
    let delete = api
        .request(reqwest::Method::DELETE, "/api/v1/task")
        .header("x-api-key", "demo-key");
    // One byte over the body limit (the whole body is sent, so the server reads it all
    // before answering and the connection closes cleanly).
    let oversized = api.post(
        "demo-key",
        Some("application/json"),
        vec![b' '; BODY_LIMIT + 1],
    );
    #[rustfmt::skip]
    let answers: Vec<(&str, reqwest::RequestBuilder, u16, &str)> = vec![
        // 400: the extractor's rejections.
        ("malformed JSON", api.create("demo-key", r#"{"model":"suno","#), 400, &malformed),
        ("empty body", api.create("demo-key", ""), 400, &malformed),
        ("missing Content-Type", api.post("demo-key", None, MUSIC), 400, &no_type),
        ("text/plain Content-Type", api.post("demo-key", Some("text/plain"), MUSIC), 400, &no_type),
        // 401 both ways, and a key that is not text.
        ("missing key", no_key, 401, r#"{"code":401,"message":"Missing x-api-key header"}"#),
        ("unknown key", api.create("sk-unknown", MUSIC), 401, invalid),
        ("non-text key", binary_key, 401, invalid),
        ("insufficient credits", api.create("low-credit-key", MUSIC), 402, &credits),
        // 404 from the handler and from the router; 405 and 413 from the framework.
        ("unknown task", api.get("/api/v1/task/task-999999", "demo-key"), 404, r#"{"code":404,"message":"Task not found"}"#),
        ("unknown route", api.get("/api/v1/tasks", "demo-key"), 404, r#"{"code":404,"message":"Not found"}"#),
        ("wrong method", delete, 405, r#"{"code":405,"message":"Method not allowed"}"#),
        ("body over the limit", oversized, 413, r#"{"code":413,"message":"Payload too large"}"#),
    ];
    for (what, request, status, body) in answers {
        seen.push(api.expect(what, request, status, Some(body)).await);
    }

    // 429: burst-key may make one request per window.
    api.expect(
        "first burst request",
        api.get("/api/v1/account/balance", "burst-key"),
        200,
        None,
    )
    .await;
    let limited = api
        .expect(
            "rate limited",
            api.get("/api/v1/account/balance", "burst-key"),
            429,
            None,
        )
        .await;
    let seconds = limited.error_body().retry_after_seconds().unwrap();
    assert!((1..=60).contains(&seconds), "{seconds}");
    assert_eq!(
        String::from_utf8_lossy(&limited.body),
        format!(
            r#"{{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":{seconds}}}"#
        )
    );
    assert_eq!(limited.headers["retry-after"], seconds.to_string().as_str());
    seen.push(limited);

    // 500 and 502 through the server's failure switches, one failure each.
    #[rustfmt::skip]
    let failures: [(&str, Switch, u16, &str); 2] = [
        ("task store failure", AppState::fail_internal, 500, r#"{"code":500,"message":"Internal server error"}"#),
        ("upstream failure", AppState::fail_upstream, 502, r#"{"code":502,"message":"Upstream provider error"}"#),
    ];
    for (what, fail, status, body) in failures {
        fail(&api.state, 1);
        let request = api.create("demo-key", MUSIC);
        seen.push(api.expect(what, request, status, Some(body)).await);
    }
    // Both failures reached the server's log, and the switches are off again.
    assert_eq!(api.state.server_log().len(), 2);
    api.expect(
        "after the failures",
        api.create("demo-key", MUSIC),
        202,
        None,
    )
    .await;
    seen
}

#[tokio::test]
async fn every_error_response_of_the_server_conforms_without_warnings() {
    let seen = every_error_response().await;
    let codes: BTreeSet<u16> = seen.iter().map(|s| s.status.as_u16()).collect();
    assert_eq!(
        codes,
        BTreeSet::from([400, 401, 402, 404, 405, 413, 429, 500, 502])
    );
    assert_eq!(seen.len(), 20);
    for response in &seen {
        let text = String::from_utf8_lossy(&response.body);
        assert_eq!(
            conformance::check_response(response.status, &response.headers, &response.body),
            Ok(()),
            "{}: {text}",
            response.what
        );
        let report =
            conformance::inspect_response(response.status, &response.headers, &response.body);
        assert!(report.is_clean(), "{}: {text}\n{report}", response.what);
        assert_eq!(report.warnings().count(), 0, "{}", response.what);
        // What a client reads back is what the server meant.
        assert_eq!(
            response.error_body().code().as_u16(),
            response.status.as_u16()
        );
    }
}

/// Whether `message` is what `template` (the derive's syntax) can format to: literal
/// text in order, each placeholder standing for a non-empty piece of text.
fn fits_template(template: &str, message: &str) -> bool {
    // Literal pieces between placeholders, with `{{` and `}}` unescaped.
    let mut pieces = vec![String::new()];
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                pieces.last_mut().unwrap().push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                pieces.last_mut().unwrap().push('}');
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                pieces.push(String::new());
            }
            c => pieces.last_mut().unwrap().push(c),
        }
    }
    // `rest` is one placeholder's text (not empty), then `pieces[0]`, then the others.
    fn fits(pieces: &[String], rest: &str) -> bool {
        let Some((next, tail)) = pieces.split_first() else {
            return false;
        };
        rest.char_indices()
            .skip(1)
            .map(|(i, _)| i)
            .chain([rest.len()])
            .filter(|&i| i > 0 && rest[i..].starts_with(next.as_str()))
            .any(|i| {
                let after = &rest[i + next.len()..];
                if tail.is_empty() {
                    after.is_empty()
                } else {
                    fits(tail, after)
                }
            })
    }
    let (first, tail) = pieces.split_first().unwrap();
    match message.strip_prefix(first.as_str()) {
        None => false,
        Some(rest) if tail.is_empty() => rest.is_empty(),
        Some(rest) => fits(tail, rest),
    }
}

#[test]
fn template_matching_is_exact() {
    assert!(fits_template("Task not found", "Task not found"));
    assert!(!fits_template("Task not found", "Task not found!"));
    assert!(fits_template(
        "Missing required fields: {fields}",
        "Missing required fields: model"
    ));
    assert!(!fits_template(
        "Missing required fields: {fields}",
        "Missing required fields: "
    ));
    let credits = "Insufficient credits: available {available}, required {required}";
    assert!(fits_template(
        credits,
        "Insufficient credits: available 3, required 10"
    ));
    assert!(fits_template(
        credits,
        "Insufficient credits: available 3, 4, required 10"
    ));
    assert!(!fits_template(
        credits,
        "Insufficient credits: available 3 required 10"
    ));
    assert!(fits_template("{{literal}} {x:?}!", "{literal} \"a\"!"));
    assert!(!fits_template("{{literal}} {x:?}!", "{literal} \"a\""));
    assert!(fits_template("{a}{b}", "xy"));
    assert!(!fits_template("{a}{b}", "x"));
    assert!(!fits_template("{a}, {b}", ", x"));
}

#[tokio::test]
async fn task_errors_catalogue_covers_every_code_and_message_on_the_wire() {
    let catalog = Catalog::of::<TaskError>().cases;
    let catalog_codes: BTreeSet<u16> = catalog.iter().map(|d| d.code.as_u16()).collect();
    assert_eq!(
        catalog_codes,
        BTreeSet::from([400, 401, 402, 404, 429, 500, 502])
    );
    let seen = every_error_response().await;
    let mut provoked = BTreeSet::new();
    let mut wire_codes = BTreeSet::new();
    for response in &seen {
        let body = response.error_body();
        let code = body.code().as_u16();
        wire_codes.insert(code);
        let declared: Vec<_> = catalog
            .iter()
            .filter(|d| d.code.as_u16() == code && fits_template(&d.message, body.message()))
            .collect();
        let framework = FRAMEWORK_ERRORS.contains(&(code, body.message()));
        // Exactly one origin: a catalogue entry or a listed framework layer.
        assert_eq!(
            declared.len() + usize::from(framework),
            1,
            "{}: {body:?} matches {declared:?}, framework: {framework}",
            response.what
        );
        for d in declared {
            assert_eq!(
                d.retry_after.is_some(),
                body.retry_after_seconds().is_some(),
                "{}",
                response.what
            );
            provoked.insert(d.variant.as_deref().unwrap());
        }
    }
    // Every code on the wire is declared, but for the framework-only ones.
    let undeclared: BTreeSet<u16> = wire_codes.difference(&catalog_codes).copied().collect();
    assert_eq!(undeclared, BTreeSet::from(FRAMEWORK_ONLY_CODES));
    // And the other way: every declared variant was really sent.
    let variants: BTreeSet<&str> = catalog
        .iter()
        .map(|d| d.variant.as_deref().unwrap())
        .collect();
    assert_eq!(provoked, variants);
    assert_eq!(variants.len(), 12);
}

fn documented_response(status: u16, body: &serde_json::Value) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(seconds) = body
        .get("retry_after_seconds")
        .and_then(serde_json::Value::as_u64)
    {
        headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    let status = StatusCode::from_u16(status).unwrap();
    (status, headers, serde_json::to_vec(body).unwrap())
}

fn kinds(result: Result<(), Vec<conformance::Violation>>) -> Vec<ViolationKind> {
    result.unwrap_err().iter().map(|v| v.kind()).collect()
}

#[test]
fn the_checker_accepts_every_documented_response() {
    let examples = documented_examples();
    assert_eq!(examples.len(), 7);
    let catalog = Catalog::of::<TaskError>().cases;
    for example in &examples {
        let name = &example.name;
        let (status, headers, body) = documented_response(example.status, &example.body);
        assert_eq!(
            conformance::check_response(status, &headers, &body),
            Ok(()),
            "{name}"
        );
        let report = conformance::inspect_response(status, &headers, &body);
        assert!(report.is_clean(), "{name}: {report}");

        // Not a checker that accepts anything: the same body with another status, or
        // without its Content-Type, is rejected.
        let other = if status == StatusCode::BAD_GATEWAY {
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::BAD_GATEWAY
        };
        assert_eq!(
            kinds(conformance::check_response(other, &headers, &body)),
            [ViolationKind::CodeMismatch],
            "{name}"
        );
        let mut untyped = headers.clone();
        untyped.remove(CONTENT_TYPE);
        assert_eq!(
            kinds(conformance::check_response(status, &untyped, &body)),
            [ViolationKind::ContentTypeNotJson],
            "{name}"
        );

        // The server's catalogue declares each documented response.
        let message = example.body["message"].as_str().unwrap();
        assert!(
            catalog
                .iter()
                .any(|d| d.code.as_u16() == example.status && fits_template(&d.message, message)),
            "{name}"
        );
    }
    // The documented 429 without its Retry-After header is not accepted.
    let limited = examples.iter().find(|e| e.status == 429).unwrap();
    let (status, mut headers, body) = documented_response(429, &limited.body);
    headers.remove(RETRY_AFTER);
    assert_eq!(
        kinds(conformance::check_response(status, &headers, &body)),
        [ViolationKind::MissingRetryAfter]
    );
}
