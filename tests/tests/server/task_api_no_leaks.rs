//! No leaks (issue 8, security): a 5xx never carries its source's text unless a template
//! names the field. Checked on every 5xx the task_api server can produce (its failure
//! switches given a distinctive secret), and on derived variants holding an `io::Error`,
//! an `anyhow::Error`, a `Box<dyn Error>` or a `String`.

use crate::support::task_api::create_task;
use task_api::server;

use std::collections::BTreeSet;
use std::time::Duration;

use axum::response::IntoResponse;
use server::{Account, AppState, Config, INTERNAL_CAUSE, TaskError, UPSTREAM_DETAIL};
use sunor_errors::catalog::{Catalog, RetryAfterHint};
use sunor_errors::{ErrorBody, IntoErrorBody};

const SECRET: &str = "s3cr3t-7f1c9e";
const MUSIC: &str = r#"{"model":"suno","task_type":"music","input":{}}"#;

/// Every text a client can read of a response: status line, headers and body.
fn readable(status: u16, headers: &http::HeaderMap, body: &[u8]) -> String {
    let mut text = format!("{status}\n");
    for (name, value) in headers {
        text.push_str(&format!(
            "{name}: {}\n",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    text.push_str(&String::from_utf8_lossy(body));
    text
}

#[tokio::test]
async fn no_5xx_of_the_server_carries_its_source() {
    // The 5xx the server can produce are its catalogue's 5xx variants: a new one must be
    // provoked here too.
    let catalog = Catalog::of::<TaskError>();
    let server_errors: BTreeSet<(&str, u16)> = catalog
        .cases
        .iter()
        .filter(|d| d.code.as_u16() >= 500)
        .map(|d| (d.variant.as_deref().unwrap(), d.code.as_u16()))
        .collect();
    assert_eq!(
        server_errors,
        BTreeSet::from([("Internal", 500), ("Upstream", 502)])
    );

    let state = AppState::new(Config {
        accounts: vec![Account::new("demo-key", 100, 120)],
        window: Duration::from_secs(60),
    });
    let (addr, _server) = server::spawn(state.clone()).await.unwrap();
    let http = reqwest::Client::builder().no_proxy().build().unwrap();

    let internal = format!("task store: open /srv/{SECRET}/tasks.db: permission denied");
    let upstream = format!("provider 10.0.0.7 answered 503, token {SECRET}");
    let internal_body = r#"{"code":500,"message":"Internal server error"}"#;
    let upstream_body = r#"{"code":502,"message":"Upstream provider error"}"#;
    // Each failure mode, with the secret and with its default cause.
    let switches: [(&dyn Fn(), &str, u16, &str); 4] = [
        (
            &|| state.fail_internal_with(1, &internal),
            SECRET,
            500,
            internal_body,
        ),
        (
            &|| state.fail_upstream_with(1, &upstream),
            SECRET,
            502,
            upstream_body,
        ),
        (
            &|| state.fail_internal(1),
            INTERNAL_CAUSE,
            500,
            internal_body,
        ),
        (
            &|| state.fail_upstream(1),
            UPSTREAM_DETAIL,
            502,
            upstream_body,
        ),
    ];
    for (switch_on, cause, status, body) in switches {
        switch_on();
        let response = create_task(&http, addr, MUSIC).await;
        let headers = response.headers().clone();
        let got_status = response.status().as_u16();
        let bytes = response.bytes().await.unwrap();
        assert_eq!(got_status, status);
        assert_eq!(String::from_utf8_lossy(&bytes), body);
        let text = readable(got_status, &headers, &bytes);
        assert!(!text.contains(cause), "{text}");
    }
    // The causes did reach the server: they are in its log, only there.
    assert_eq!(
        state.server_log(),
        [
            format!("internal error: {internal}"),
            format!("upstream provider failed: {upstream}"),
            format!("internal error: {INTERNAL_CAUSE}"),
            format!("upstream provider failed: {UPSTREAM_DETAIL}"),
        ]
    );
}

/// Derived 5xx variants over the usual source types: without a template naming the field,
/// the default message; with one, the text on purpose. thiserror writes the full cause for
/// the server's log, next to the derive.
#[derive(Debug, thiserror::Error, IntoErrorBody)]
#[error_body(axum)]
enum Failure {
    #[error("store: {0}")]
    #[error_body(code = 500)]
    Io(std::io::Error),
    #[error("internal: {0:#}")]
    #[error_body(code = 500)]
    Anyhow(anyhow::Error),
    #[error("upstream: {0}")]
    #[error_body(code = 502)]
    Boxed(Box<dyn std::error::Error + Send + Sync>),
    #[error("unavailable: {0}")]
    #[error_body(code = 503)]
    Text(String),
    #[error("draining: {reason}")]
    #[error_body(code = 503, retry_after = 30)]
    Draining { reason: String },
    #[error("timeout from {host}")]
    #[error_body(code = 504, message = "Upstream timed out")]
    Timeout {
        source: std::io::Error,
        host: String,
    },
    #[error(transparent)]
    #[error_body(transparent)]
    Nested(Hidden),
    // A template that names the field shows it: the author's choice.
    #[error("echo: {0}")]
    #[error_body(code = 502, message = "Upstream said: {0}")]
    Echo(String),
    #[error("store failed")]
    #[error_body(code = 500, message = "Store failed: {source}")]
    Explained { source: std::io::Error },
}

/// A struct with a default message, behind `transparent`.
#[derive(Debug, thiserror::Error, IntoErrorBody)]
#[error("hidden: {cause:#}")]
#[error_body(code = 500)]
struct Hidden {
    cause: anyhow::Error,
}

/// Every text a client or a log can read of the body `error` answers with: its JSON, its
/// `Display` and `Debug`, the `http` response and the axum response.
async fn wire_texts<E: IntoErrorBody + IntoResponse>(error: E) -> String {
    let body: ErrorBody = error.to_error_body();
    let http = body.to_http_response();
    let mut text = readable(http.status().as_u16(), http.headers(), http.body());
    text.push_str(&format!(
        "\n{}\n{body}\n{body:?}\n",
        String::from_utf8_lossy(&body.to_json_vec())
    ));
    let response = error.into_response();
    let (parts, axum_body) = response.into_parts();
    let bytes = axum::body::to_bytes(axum_body, usize::MAX).await.unwrap();
    text.push_str(&readable(parts.status.as_u16(), &parts.headers, &bytes));
    text
}

fn io_error() -> std::io::Error {
    std::io::Error::other(format!("open /srv/{SECRET}/db: permission denied"))
}

#[tokio::test]
async fn derived_5xx_sources_never_leak_unless_a_template_names_them() {
    let anyhow_error =
        || anyhow::Error::new(io_error()).context(format!("loading the key {SECRET}"));
    let hidden: Vec<(Failure, &str)> = vec![
        (
            Failure::Io(io_error()),
            r#"{"code":500,"message":"Internal server error"}"#,
        ),
        (
            Failure::Anyhow(anyhow_error()),
            r#"{"code":500,"message":"Internal server error"}"#,
        ),
        (
            Failure::Boxed(format!("bad token {SECRET}").into()),
            r#"{"code":502,"message":"Upstream provider error"}"#,
        ),
        (
            Failure::Text(format!("pool exhausted at {SECRET}")),
            r#"{"code":503,"message":"Service unavailable"}"#,
        ),
        (
            Failure::Draining {
                reason: SECRET.to_owned(),
            },
            r#"{"code":503,"message":"Service unavailable","retry_after_seconds":30}"#,
        ),
        (
            Failure::Timeout {
                source: io_error(),
                host: SECRET.to_owned(),
            },
            r#"{"code":504,"message":"Upstream timed out"}"#,
        ),
        (
            Failure::Nested(Hidden {
                cause: anyhow_error(),
            }),
            r#"{"code":500,"message":"Internal server error"}"#,
        ),
    ];
    for (error, expected) in hidden {
        // The source does hold the secret, and the server's log shows it...
        let debug = format!("{error:?}");
        assert!(debug.contains(SECRET), "{debug}");
        let log = error.to_string();
        assert!(
            log.contains(SECRET)
                || std::error::Error::source(&error)
                    .is_some_and(|s| s.to_string().contains(SECRET)),
            "{log}"
        );
        assert_eq!(error.to_error_body().to_json_vec(), expected.as_bytes());
        // ...and nothing a client or a log of the body reads shows it.
        let text = wire_texts(error).await;
        assert!(!text.contains(SECRET), "{debug} leaked:\n{text}");
    }

    // A template naming the field shows it: the same check sees it.
    let named = [
        Failure::Echo(format!("bad token {SECRET}")),
        Failure::Explained { source: io_error() },
    ];
    for error in named {
        let text = wire_texts(error).await;
        assert!(text.contains(SECRET), "{text}");
    }
}

#[test]
fn the_catalogue_shows_default_messages_for_hidden_sources() {
    let cases = Catalog::of::<Failure>().cases;
    let catalog: Vec<(&str, u16, &str, bool, RetryAfterHint)> = cases
        .iter()
        .map(|d| {
            (
                d.variant.as_deref().unwrap_or(&d.type_name),
                d.code.as_u16(),
                d.message.as_str(),
                d.templated,
                d.retry_after,
            )
        })
        .collect();
    assert_eq!(
        catalog,
        [
            (
                "Io",
                500,
                "Internal server error",
                false,
                RetryAfterHint::None
            ),
            (
                "Anyhow",
                500,
                "Internal server error",
                false,
                RetryAfterHint::None
            ),
            (
                "Boxed",
                502,
                "Upstream provider error",
                false,
                RetryAfterHint::None
            ),
            (
                "Text",
                503,
                "Service unavailable",
                false,
                RetryAfterHint::None
            ),
            (
                "Draining",
                503,
                "Service unavailable",
                false,
                RetryAfterHint::Fixed(30)
            ),
            (
                "Timeout",
                504,
                "Upstream timed out",
                false,
                RetryAfterHint::None
            ),
            (
                "Hidden",
                500,
                "Internal server error",
                false,
                RetryAfterHint::None
            ),
            (
                "Echo",
                502,
                "Upstream said: {0}",
                true,
                RetryAfterHint::None
            ),
            (
                "Explained",
                500,
                "Store failed: {source}",
                true,
                RetryAfterHint::None
            ),
        ]
    );
}
