use sunor_errors::IntoErrorBody;

// Every mistake of the item is reported in one build, each on its own token.
#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body(code = 399, message = "Gone {id}")]
    Gone,
    #[error_body(message = "No code")]
    NoCode,
    #[error_body(code = 400, colour = "red", retry_after = 1)]
    Bad,
    #[error_body(transparent, code = 500)]
    Wrapped(String, String),
}

fn main() {
    let _ = ApiError::Gone.to_error_body();
}
