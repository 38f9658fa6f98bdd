use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body(code = 400, message = "Bad request", retry_after = 60)]
    BadRequest,
    #[error_body(code = 501, retry_after = 5)]
    NotImplemented,
}

fn main() {
    let _ = ApiError::BadRequest.to_error_body();
}
