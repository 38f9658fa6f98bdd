use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
#[error_body(code = 503, message = "Down", retry_after = 5)]
enum ApiError {
    #[error_body(retry_after)]
    Unavailable,
    #[error_body(code = 429)]
    Limited {
        #[error_body(retry_after = 5)]
        seconds: u64,
    },
    #[error_body(code = 429, retry_after = 5)]
    Twice(#[error_body(retry_after)] u64),
}

fn main() {
    let _ = ApiError::Unavailable.to_error_body();
}
