use sunor_errors::FromErrorBody;

// Two cases that send the same body: decoding could not tell them apart.
#[derive(Debug, FromErrorBody)]
enum ApiError {
    #[error_body(code = 401, message = "Invalid API key")]
    InvalidKey,
    #[error_body(code = 401, message = "Invalid API key")]
    RevokedKey,
    // The same message on another code is fine.
    #[error_body(code = 403, message = "Invalid API key")]
    ForbiddenKey,
    // Two default messages of one code.
    #[error_body(code = 500)]
    Database,
    #[error_body(code = 500)]
    Cache,
    // A fixed message beside the default one it spells.
    #[error_body(code = 404)]
    NotFound,
    #[error_body(code = 404, message = "Not found")]
    Gone,
}

fn main() {}
