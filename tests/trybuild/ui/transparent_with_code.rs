use sunor_errors::{ErrorBody, IntoErrorBody};

#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body(transparent, code = 500)]
    Inner(ErrorBody),
    #[error_body(message = "Hidden", transparent)]
    Other(ErrorBody),
}

fn main() {
    let _ = ApiError::Inner(ErrorBody::from(sunor_errors::ErrorCode::CONFLICT)).to_error_body();
}
