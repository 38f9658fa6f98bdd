use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body(code = 404, message = "Task not found", code = 410)]
    NotFound,
    #[error_body(code = 400, message = "Bad")]
    #[error_body(message = "Really bad")]
    Bad,
}

fn main() {
    let _ = ApiError::NotFound.to_error_body();
}
