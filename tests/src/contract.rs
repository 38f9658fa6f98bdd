//! The contract's `TaskError` (design.md, Derive section), with the types around it that the
//! tests need: the transparent `AuthError` and a 502 struct.
//!
//! `TaskError` and `AuthError` derive both traits, so the tests hold the same enum on both
//! sides of the wire. Two fields are never sent, so decoding cannot read them back; each
//! says what a client gets instead:
//! - `TaskNotFound`'s id: `#[error_body(default)]`, an empty string (the client knows which
//!   task it asked for);
//! - `Internal`'s source: `default = "unsent_cause"`, an `io::Error` saying that the server
//!   does not send it. A client author wants the 500 decoded as `TaskError::Internal`, so
//!   that their `match` covers the server's own variants and a retry policy keyed on them
//!   sees it, rather than `skip_decode`, which would leave every 500 an undecoded
//!   `ErrorBody`.

use sunor_errors::{FromErrorBody, IntoErrorBody};

/// The errors of an auth layer, answered through `TaskError::Auth` (transparent).
#[derive(Debug, PartialEq, Eq, IntoErrorBody, FromErrorBody)]
pub enum AuthError {
    /// No `x-api-key` header.
    #[error_body(code = 401, message = "Missing x-api-key header")]
    MissingKey,
    /// An unknown key.
    #[error_body(code = 401, message = "Invalid API key")]
    InvalidKey,
    /// A key that was disabled.
    #[error_body(code = 403, message = "API key disabled")]
    Disabled,
}

/// From design.md, with the decoding defaults of the two fields that are never sent.
#[allow(missing_docs)]
#[derive(Debug, IntoErrorBody, FromErrorBody)]
pub enum TaskError {
    #[error_body(code = 400, message = "Missing required fields: {fields}")]
    MissingFields { fields: String },
    #[error_body(code = 401, message = "Invalid API key")]
    InvalidApiKey,
    #[error_body(
        code = 402,
        message = "Insufficient credits: available {available}, required {required}"
    )]
    InsufficientCredits { available: u64, required: u64 },
    #[error_body(code = 404, message = "Task not found")]
    TaskNotFound(#[error_body(default)] String),
    #[error_body(code = 429, message = "Rate limit exceeded.")]
    RateLimited {
        #[error_body(retry_after)]
        seconds: u64,
    },
    #[error_body(code = 500)] // default message: never leaks the source
    Internal(#[error_body(default = "unsent_cause")] std::io::Error),
    #[error_body(transparent)] // delegates to the field's IntoErrorBody
    Auth(AuthError),
}

/// What a decoded `TaskError::Internal` holds: the server never sends its source.
pub fn unsent_cause() -> std::io::Error {
    std::io::Error::other("the server does not send the cause")
}

/// The 502 of the errors page, from a struct with a default message.
#[derive(Debug, IntoErrorBody)]
#[error_body(code = 502)]
pub struct UpstreamFailed {
    /// Which provider failed (never sent).
    pub provider: String,
    /// What it said (never sent).
    pub detail: String,
}
