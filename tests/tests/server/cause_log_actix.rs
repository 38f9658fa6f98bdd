//! Hidden causes over a real actix-web server on loopback (features `tracing` and
//! `actix-web`): a derived 5xx answered through `#[error_body(actix_web)]` leaves exactly one
//! cause event per response, with the whole chain, and the response carries none of it.
//!
//! actix answers on worker threads of its own, so the recorder is the process's global
//! subscriber: this binary holds one test, and requests go one at a time.
#![cfg(all(feature = "tracing", feature = "actix-web"))]

use crate::support::tracing_recorder as recorder;

use actix_web::{App, HttpResponse, HttpServer, web};
use recorder::{CAUSE_TARGET as TARGET, Recorded, Recorder, cause_event as event};
use sunor_errors::IntoErrorBody;

const SECRET: &str = "s3cr3t-actix-5e";

#[derive(Debug, thiserror::Error)]
#[error("connection pool exhausted")]
struct PoolExhausted {
    #[source]
    source: std::io::Error,
}

#[derive(Debug, thiserror::Error, IntoErrorBody)]
#[error_body(actix_web)]
enum TaskError {
    #[error("task {0} not found")]
    #[error_body(code = 404, message = "Task not found")]
    NotFound(String),
    #[error("store failed")]
    #[error_body(code = 500)]
    Store(#[source] PoolExhausted),
    #[error("overloaded")]
    #[error_body(code = 503, retry_after = 5)]
    Overloaded,
    #[error("maintenance")]
    #[error_body(code = 503, log_cause = false)]
    Maintenance(#[source] std::io::Error),
}

async fn task(which: web::Path<String>) -> Result<HttpResponse, TaskError> {
    let io = |text: &str| std::io::Error::other(format!("{text} ({SECRET})"));
    Err(match which.as_str() {
        "not-found" => TaskError::NotFound(SECRET.into()),
        "store" => TaskError::Store(PoolExhausted {
            source: io("connect to 10.0.0.7:5432 refused"),
        }),
        "overloaded" => TaskError::Overloaded,
        "maintenance" => TaskError::Maintenance(io("planned")),
        _ => return Ok(HttpResponse::NoContent().finish()),
    })
}

/// A path, the status, `Retry-After`, the exact body, the cause events.
type Case<'a> = (&'a str, u16, Option<&'a str>, &'a str, Vec<Recorded>);

#[test]
fn actix_5xx_log_their_cause_once_and_send_none_of_it() {
    let recorder = Recorder::default();
    tracing::subscriber::set_global_default(recorder.clone()).unwrap();
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(|| App::new().route("/task/{which}", web::get().to(task)))
            .workers(1)
            .bind(("127.0.0.1", 0))
            .unwrap();
        let addr = server.addrs()[0];
        let server = server.run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
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
            let response = http
                .get(format!("http://{addr}/task/{which}"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), status, "{which}");
            let mut headers: Vec<(String, String)> = response
                .headers()
                .iter()
                .filter(|(name, _)| *name != "date")
                .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
                .collect();
            headers.sort();
            let mut expected = vec![
                ("content-length".to_owned(), body.len().to_string()),
                ("content-type".to_owned(), "application/json".to_owned()),
            ];
            if let Some(seconds) = retry_after {
                expected.push(("retry-after".to_owned(), seconds.to_owned()));
            }
            assert_eq!(headers, expected, "{which}");
            assert_eq!(response.text().await.unwrap(), body, "{which}");
            // The event is recorded before the response is written.
            let recorded: Vec<Recorded> = recorder
                .take()
                .into_iter()
                .filter(|e| e.target == TARGET)
                .collect();
            assert_eq!(recorded, events, "{which}");
        }
        handle.stop(true).await;
    });
}
