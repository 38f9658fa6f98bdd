//! actix-web (feature `actix-web`), over a real actix server on loopback: `ErrorBody` and
//! derived types (`#[error_body(actix_web)]`) as `ResponseError`s with the exact wire body and
//! headers, and `json_config()`'s rejections as the API's 400/413 bodies.
#![cfg(feature = "actix-web")]

use std::fmt;
use std::net::SocketAddr;

use actix_web::{App, HttpResponse, HttpServer, ResponseError, web};
use sunor_errors::{ErrorBody, ErrorCode, IntoErrorBody};

use crate::support::headers::{pairs, sorted_header_pairs};

/// A service error, as a server author writes it: `Display` from thiserror, the body and the
/// actix response from the derive.
#[derive(Debug, thiserror::Error, IntoErrorBody)]
#[error_body(actix_web)]
enum TaskError {
    #[error("no task {0}")]
    #[error_body(code = 404, message = "Task not found")]
    NotFound(String),
    #[error("rate limited for {0} s")]
    #[error_body(code = 429, message = "Rate limit exceeded.")]
    RateLimited(#[error_body(retry_after)] u64),
    #[error("store failed")]
    #[error_body(code = 500)]
    Store(#[source] std::io::Error),
}

/// A generic one: the hook carries the derive's bounds.
#[derive(Debug, IntoErrorBody)]
#[error_body(code = 409, message = "Task {0} is already {1}", actix_web)]
struct Conflict<T: fmt::Display + fmt::Debug>(T, &'static str);

impl<T: fmt::Display + fmt::Debug> fmt::Display for Conflict<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "conflict on {}", self.0)
    }
}

#[derive(serde::Deserialize)]
struct NewTask {
    #[allow(dead_code)]
    model: String,
}

async fn get_task(id: web::Path<String>) -> Result<HttpResponse, TaskError> {
    match id.as_str() {
        "busy" => Err(TaskError::RateLimited(7)),
        "broken" => Err(TaskError::Store(std::io::Error::other(
            "disk /dev/sda1 failed",
        ))),
        "task-1" => Ok(HttpResponse::Ok().body(r#"{"code":200}"#)),
        other => Err(TaskError::NotFound(other.to_owned())),
    }
}

async fn body(which: web::Path<String>) -> Result<HttpResponse, ErrorBody> {
    match which.as_str() {
        "402" => Err(ErrorBody::new(
            ErrorCode::PAYMENT_REQUIRED,
            "Insufficient credits: available 3, required 10",
        )),
        "code" => Err(ErrorCode::BAD_GATEWAY.into()),
        _ => Ok(HttpResponse::NoContent().finish()),
    }
}

async fn conflict() -> Result<HttpResponse, Conflict<u32>> {
    Err(Conflict(7, "running"))
}

async fn create(task: web::Json<NewTask>) -> HttpResponse {
    let _ = task;
    HttpResponse::Accepted().body(r#"{"code":202}"#)
}

pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

/// This file's routes, with a 64-byte JSON limit.
fn routes(config: &mut web::ServiceConfig) {
    config
        .app_data(sunor_errors::actix_web::json_config().limit(64))
        .route("/task/{id}", web::get().to(get_task))
        .route("/body/{which}", web::get().to(body))
        .route("/conflict", web::get().to(conflict))
        .route("/task", web::post().to(create));
}

/// Runs `check` against a real actix server of `routes` on a free loopback port, then stops
/// it.
pub(crate) fn with_server<F: Future<Output = ()>>(
    routes: fn(&mut web::ServiceConfig),
    check: impl FnOnce(SocketAddr) -> F,
) {
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || App::new().configure(routes))
            .workers(1)
            .bind(("127.0.0.1", 0))
            .unwrap();
        let addr = server.addrs()[0];
        let server = server.run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        check(addr).await;
        handle.stop(true).await;
    });
}

/// The answer to `request`: status, headers but `date` (sorted), body.
pub(crate) async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    Answer {
        status: response.status().as_u16(),
        headers: sorted_header_pairs(response.headers()),
        body: response.text().await.unwrap(),
    }
}

/// A request path and the exact answer: status, headers (but `date`), body.
type Case<'a> = (&'a str, u16, &'a [(&'a str, &'a str)], &'a str);

#[test]
fn error_bodies_and_derived_errors_are_exact_responses() {
    with_server(routes, |addr| async move {
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let get = |path: &str| send(http.get(format!("http://{addr}{path}")));
        let cases: [Case<'_>; 6] = [
            (
                "/task/nope",
                404,
                &[
                    ("content-length", "39"),
                    ("content-type", "application/json"),
                ],
                r#"{"code":404,"message":"Task not found"}"#,
            ),
            (
                "/task/busy",
                429,
                &[
                    ("content-length", "69"),
                    ("content-type", "application/json"),
                    ("retry-after", "7"),
                ],
                r#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":7}"#,
            ),
            // The cause (`disk /dev/sda1 failed`) never reaches the wire.
            (
                "/task/broken",
                500,
                &[
                    ("content-length", "46"),
                    ("content-type", "application/json"),
                ],
                r#"{"code":500,"message":"Internal server error"}"#,
            ),
            (
                "/body/402",
                402,
                &[
                    ("content-length", "71"),
                    ("content-type", "application/json"),
                ],
                r#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#,
            ),
            (
                "/body/code",
                502,
                &[
                    ("content-length", "48"),
                    ("content-type", "application/json"),
                ],
                r#"{"code":502,"message":"Upstream provider error"}"#,
            ),
            (
                "/conflict",
                409,
                &[
                    ("content-length", "50"),
                    ("content-type", "application/json"),
                ],
                r#"{"code":409,"message":"Task 7 is already running"}"#,
            ),
        ];
        for (path, status, headers, body) in cases {
            let answer = get(path).await;
            assert_eq!(answer.status, status, "{path}");
            assert_eq!(answer.headers, pairs(headers), "{path}");
            assert_eq!(answer.body, body, "{path}");
        }
        assert_eq!(get("/task/task-1").await.status, 200);
    });
}

#[test]
fn json_rejections_are_the_api_bodies() {
    with_server(routes, |addr| async move {
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let post = |content_type: Option<&str>, body: &'static str| {
            let mut request = http.post(format!("http://{addr}/task")).body(body);
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            send(request)
        };
        let json = Some("application/json");
        let cases = [
            (json, r#"{"model":"suno"}"#, 202, r#"{"code":202}"#),
            (
                Some("application/vnd.sunor+json"),
                r#"{"model":"suno"}"#,
                202,
                r#"{"code":202}"#,
            ),
            (
                json,
                r#"{"model":"#,
                400,
                r#"{"code":400,"message":"Malformed JSON body"}"#,
            ),
            (
                json,
                r#"{"model":5}"#,
                400,
                r#"{"code":400,"message":"Invalid JSON body"}"#,
            ),
            (
                None,
                r#"{"model":"suno"}"#,
                400,
                r#"{"code":400,"message":"Content-Type must be application/json"}"#,
            ),
            (
                Some("text/plain"),
                r#"{"model":"suno"}"#,
                400,
                r#"{"code":400,"message":"Content-Type must be application/json"}"#,
            ),
            (
                json,
                r#"{"model":"a model name far longer than the sixty-four byte limit"}"#,
                413,
                r#"{"code":413,"message":"Payload too large"}"#,
            ),
        ];
        for (content_type, body, status, answer) in cases {
            let got = post(content_type, body).await;
            assert_eq!((got.status, got.body.as_str()), (status, answer), "{body}");
            if status != 202 {
                assert!(
                    got.headers
                        .contains(&("content-type".to_owned(), "application/json".to_owned())),
                    "{body}"
                );
            }
        }
    });
}

#[test]
fn response_error_in_process() {
    // `status_code` agrees with the body, for every code.
    for code in 400..=599u16 {
        let code = ErrorCode::from_u16(code).unwrap();
        assert_eq!(code.status_code().as_u16(), code.as_u16());
        let body = ErrorBody::from_code(code);
        assert_eq!(body.status_code().as_u16(), code.as_u16());
        assert_eq!(body.error_response().status().as_u16(), code.as_u16());
    }
    let derived = TaskError::RateLimited(3);
    assert_eq!(derived.status_code().as_u16(), 429);
    assert_eq!(derived.to_string(), "rate limited for 3 s");
}
