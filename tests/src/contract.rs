//! The contract's `TaskError` (design.md, Derive section), exactly as written, with the
//! types around it that the tests need: the transparent `AuthError` and a 502 struct.

use sunor_errors::IntoErrorBody;

/// The errors of an auth layer, answered through `TaskError::Auth` (transparent).
#[derive(Debug, IntoErrorBody)]
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

/// From design.md, unchanged.
#[allow(missing_docs)]
#[derive(Debug, IntoErrorBody)]
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
    TaskNotFound(String),
    #[error_body(code = 429, message = "Rate limit exceeded.")]
    RateLimited {
        #[error_body(retry_after)]
        seconds: u64,
    },
    #[error_body(code = 500)] // default message: never leaks the source
    Internal(std::io::Error),
    #[error_body(transparent)] // delegates to the field's IntoErrorBody
    Auth(AuthError),
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
