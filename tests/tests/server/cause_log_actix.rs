//! Hidden causes over a real actix-web server on loopback (features `tracing` and
//! `actix-web`): a derived 5xx answered through `#[error_body(actix_web)]` leaves exactly one
//! cause event per response, with the whole chain, and the response carries none of it. The
//! same `TaskError` (`support/causes.rs`) and causes as `cause_log.rs` answers over axum.
//!
//! actix answers on worker threads of its own, so the recorder is the process's global
//! subscriber: this binary holds one test, and requests go one at a time.
#![cfg(all(feature = "tracing", feature = "actix-web"))]

use actix_web::{HttpResponse, web};
use recorder::{CAUSE_TARGET as TARGET, Recorded, Recorder, cause_event as event};

use super::actix_web::{send, with_server};
use super::cause_log::{SECRET, io, store};
use crate::support::causes::TaskError;
use crate::support::headers::pairs;
use crate::support::tracing_recorder as recorder;

async fn task(which: web::Path<String>) -> Result<HttpResponse, TaskError> {
    Err(match which.as_str() {
        "not-found" => TaskError::NotFound(SECRET.into()),
        "store" => store(),
        "overloaded" => TaskError::Overloaded,
        "maintenance" => TaskError::Maintenance(io("planned")),
        _ => return Ok(HttpResponse::NoContent().finish()),
    })
}

fn routes(config: &mut web::ServiceConfig) {
    config.route("/task/{which}", web::get().to(task));
}

/// A path, the status, `Retry-After`, the exact body, the cause events.
type Case<'a> = (&'a str, u16, Option<&'a str>, &'a str, Vec<Recorded>);

#[test]
fn actix_5xx_log_their_cause_once_and_send_none_of_it() {
    let recorder = Recorder::default();
    tracing::subscriber::set_global_default(recorder.clone()).unwrap();
    with_server(routes, |addr| async move {
        let http = reqwest::Client::builder().no_proxy().build().unwrap();

        let chain =
            format!("connection pool exhausted: connect to 10.0.0.7:5432 refused ({SECRET})");
        let cases: [Case<'_>; 4] = [
            (
                "store",
                500,
                None,
                r#"{"code":500,"message":"Internal server error"}"#,
                vec![event(500, "TaskError::Store", Some(&chain))],
            ),
            (
                "overloaded",
                503,
                Some("5"),
                r#"{"code":503,"message":"Service unavailable","retry_after_seconds":5}"#,
                vec![event(503, "TaskError::Overloaded", None)],
            ),
            (
                "maintenance",
                503,
                None,
                r#"{"code":503,"message":"Service unavailable"}"#,
                vec![],
            ),
            (
                "not-found",
                404,
                None,
                r#"{"code":404,"message":"Task not found"}"#,
                vec![],
            ),
        ];
        for (which, status, retry_after, body, events) in cases {
            recorder.take();
            let answer = send(http.get(format!("http://{addr}/task/{which}"))).await;
            assert_eq!(answer.status, status, "{which}");
            let length = body.len().to_string();
            let mut expected = vec![
                ("content-length", length.as_str()),
                ("content-type", "application/json"),
            ];
            expected.extend(retry_after.map(|seconds| ("retry-after", seconds)));
            assert_eq!(answer.headers, pairs(&expected), "{which}");
            assert_eq!(answer.body, body, "{which}");
            // The event is recorded before the response is written.
            let recorded: Vec<Recorded> = recorder
                .take()
                .into_iter()
                .filter(|e| e.target == TARGET)
                .collect();
            assert_eq!(recorded, events, "{which}");
        }
    });
}
