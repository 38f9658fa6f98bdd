use sunor_errors::IntoErrorBody;

#[derive(Debug, IntoErrorBody)]
enum ApiError {
    #[error_body(code = 404, message = "Task not found")]
    NotFound,
    #[error_body(message = "Invalid API key")]
    InvalidApiKey,
}

#[derive(Debug, IntoErrorBody)]
#[error_body(message = "Forbidden")]
struct Forbidden;

fn main() {
    let _ = ApiError::NotFound.to_error_body();
    let _ = Forbidden.to_error_body();
}
