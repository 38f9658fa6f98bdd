use sunor_errors::{ErrorBody, IntoErrorBody};

#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body(transparent)]
    Two(ErrorBody, ErrorBody),
    #[error_body(transparent)]
    None,
}

fn main() {
    let _ = ApiError::None.to_error_body();
}
