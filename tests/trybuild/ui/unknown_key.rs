use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body(code = 404, mesage = "Task not found")]
    NotFound,
    #[error_body(code = 400)]
    Bad(#[error_body(seconds)] u64),
}

fn main() {
    let _ = ApiError::NotFound.to_error_body();
}
