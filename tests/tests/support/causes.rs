//! A service's errors with hidden causes, as a server author writes them (thiserror for
//! `Display` and `source`, the derive for the body): what `derive_cause.rs` reads through
//! `error_cause`, and what `cause_log.rs` and `cause_log_actix.rs` answer over axum and
//! actix-web and find in the log. One set of types, so both sides hold the same cases.

use std::error::Error;
use std::sync::Arc;

use sunor_errors::{ErrorBody, IntoErrorBody};

/// A two-link chain, as a service's own error usually is: pool -> io.
#[derive(Debug, thiserror::Error)]
#[error("connection pool exhausted")]
pub struct PoolExhausted {
    #[source]
    pub source: std::io::Error,
}

/// Every way a case may hold (or not hold) the error behind it.
#[derive(Debug, thiserror::Error, IntoErrorBody)]
#[error_body(axum)]
#[cfg_attr(feature = "actix-web", error_body(actix_web))]
pub enum TaskError {
    #[error("task {0} not found")]
    #[error_body(code = 404, message = "Task not found")]
    NotFound(String),
    // A 4xx with a source: the client's doing, nothing logged.
    #[error("rate limited")]
    #[error_body(code = 429, retry_after = 7)]
    RateLimited(#[source] std::io::Error),
    #[error("store failed")]
    #[error_body(code = 500)]
    Store(#[source] PoolExhausted),
    #[error("storage {path}")]
    #[error_body(code = 500)]
    Storage {
        path: String,
        #[source]
        io: std::io::Error,
    },
    #[error("disk")]
    #[error_body(code = 507)]
    Disk(#[from] std::io::Error),
    // A field named `source` holding an `anyhow::Error`.
    #[error("provider {provider} failed")]
    #[error_body(code = 503, retry_after = 30)]
    Upstream {
        provider: String,
        source: anyhow::Error,
    },
    #[error("boxed")]
    #[error_body(code = 500)]
    Boxed(Box<dyn Error + Send + Sync>),
    #[error("shared")]
    #[error_body(code = 500)]
    Shared(Arc<std::io::Error>),
    #[error("optional")]
    #[error_body(code = 503)]
    Optional {
        #[source]
        source: Option<std::io::Error>,
    },
    #[error("text {0}")]
    #[error_body(code = 500)]
    Text(String),
    #[error("two fields")]
    #[error_body(code = 500)]
    TwoFields(std::io::Error, u32),
    #[error("overloaded")]
    #[error_body(code = 503, retry_after = 5)]
    Overloaded,
    // The one field is the source, unmarked.
    #[error("maintenance")]
    #[error_body(code = 503, log_cause = false)]
    Maintenance(std::io::Error),
}

/// `log_cause = false` on the type, `true` on one variant.
#[derive(Debug, IntoErrorBody)]
#[error_body(axum, code = 503, log_cause = false)]
pub enum Quiet {
    Draining,
    #[error_body(code = 500)]
    Hidden(std::io::Error),
    #[error_body(code = 502, log_cause = true)]
    Loud(std::io::Error),
}

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 403, message = "Forbidden")]
pub struct Forbidden;

/// Transparent cases: each is its inner error, `log_cause = false` aside.
#[derive(Debug, IntoErrorBody)]
#[error_body(axum)]
pub enum ApiError {
    #[error_body(transparent)]
    Task(TaskError),
    #[error_body(transparent, log_cause = false)]
    QuietTask(TaskError),
    #[error_body(transparent)]
    Quiet(Quiet),
    #[error_body(transparent)]
    Passthrough { upstream: ErrorBody },
    #[error_body(transparent)]
    Boxed(Box<TaskError>),
    #[error_body(transparent)]
    Ref(&'static Forbidden),
}
